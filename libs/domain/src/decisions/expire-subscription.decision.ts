import { termEndExclusive } from '../billing/billing-cycle';
import type { ExpireSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { requireTarget } from '../rules/subscription-guards';
import { accepted, eventOf } from './decision-kit';
import { requireDue } from './time-guards';

/**
 * At term end: auto-renew off → expired (R-REN-6); still suspended → expired and its data deleted
 * (R-SUS-4); a traditional marketplace cancellation scheduled for the renewal → cancelled (R-CAN-MP).
 */
export function decideExpireSubscription(input: FullInput<ExpireSubscription>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireDue(!sub.isTrial && !sub.renewalInProgress && ctx.now.getTime() >= termEndExclusive(sub).getTime() &&
    (sub.status === 'suspended' || !sub.autoRenewEnabled || sub.pendingCancellation !== undefined), sub, 'The expiry');
  const base = { ...sub, autoRenewEnabled: false, endedAt: ctx.now };
  const { next, effect }: { next: Subscription; effect: string } = sub.status === 'suspended'
    ? { next: { ...base, status: 'expired', endedReason: 'suspended-at-term-end', dataDeleted: true }, effect: 'the subscription expired while suspended: its data is deleted and it cannot be reactivated' }
    : sub.pendingCancellation
      ? { next: { ...base, status: 'cancelled', endedReason: 'cancelled' }, effect: 'the cancellation scheduled for the renewal takes effect' }
      : { next: { ...base, status: 'expired', endedReason: 'term-ended' }, effect: 'auto-renew was off: the subscription ends at its term end' };
  return accepted(ctx, [sub], {
    updated: [next],
    events: [eventOf(next.status === 'cancelled' ? 'subscription.cancelled' : 'subscription.expired', next, { reason: next.endedReason })],
    effects: [effect],
    result: { subscriptionId: sub.id, status: next.status, endedReason: next.endedReason },
  });
}
