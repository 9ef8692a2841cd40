import type { PutScheduledChange } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { ScheduledChange, Subscription } from '../model/subscription';
import { conversionChange, renewalChange, requireSchedulable } from '../rules/scheduled-change.rules';
import { requireTarget } from '../rules/subscription-guards';
import { accepted, counted, eventOf } from './decision-kit';

/** R-SCH-1/2/3/5 and R-TRI-6: sets or replaces the change applied at renewal (or the trial's conversion). */
export function decidePutScheduledChange(input: FullInput<PutScheduledChange>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireSchedulable(sub, ctx);
  const { command: cmd } = input;
  const change = sub.isTrial
    ? conversionChange(sub, cmd, input.subscriptions, cmd.commandId, ctx)
    : renewalChange(sub, cmd, cmd.commandId, ctx);
  return scheduled(sub, change, ctx);
}

/** Stores the change; the result says how licenses will be reassigned (R-SCH-5). */
export function scheduled(sub: Subscription, change: ScheduledChange, ctx: DecisionContext): Decision {
  const next = counted({ ...sub, scheduledChange: change });
  const offerChanges = change.offerId !== undefined && change.offerId !== sub.offerId;
  const sameQuantity = change.quantity === undefined || change.quantity === sub.quantity;
  const licenseReassignment = offerChanges ? (sameQuantity ? 'automatic' : 'manual') : undefined;
  return accepted(ctx, [sub], {
    updated: [next],
    events: [eventOf('subscription.scheduled-change-set', next, { scheduledChange: change, replaced: sub.scheduledChange !== undefined })],
    effects: [
      sub.scheduledChange ? 'replaces the scheduled change' : 'schedules a change',
      ...(licenseReassignment === 'manual' ? ['licenses must be reassigned by hand at renewal: the quantity changes with the offer'] : []),
    ],
    result: { subscriptionId: sub.id, scheduledChange: change, ...(licenseReassignment ? { licenseReassignment } : {}) },
  });
}
