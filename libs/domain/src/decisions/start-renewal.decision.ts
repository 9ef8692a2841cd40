import { termEndExclusive } from '../billing/billing-cycle';
import type { StartRenewal } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import { requireTarget } from '../rules/subscription-guards';
import { accepted, eventOf } from './decision-kit';
import { requireDue } from './time-guards';

/** R-REN-2: the renewal begins at the start of the day after the term end; R-REN-4 read-only from now. */
export function decideStartRenewal(input: FullInput<StartRenewal>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireDue(sub.status === 'active' && sub.autoRenewEnabled && !sub.isTrial && !sub.pendingCancellation && !sub.renewalInProgress &&
    ctx.now.getTime() >= termEndExclusive(sub).getTime(), sub, 'The renewal');
  const next = { ...sub, renewalInProgress: true, renewalStartedAt: ctx.now };
  return accepted(ctx, [sub], {
    updated: [next],
    events: [eventOf('subscription.renewal-started', next, { termEndDate: sub.termEndDate })],
    effects: ['auto-renew, the scheduled change and suspend/reactivate are read-only until the renewal completes'],
    result: { subscriptionId: sub.id, renewalStartedAt: ctx.now },
  });
}
