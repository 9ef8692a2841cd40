import { notFound } from '../auth/visibility';
import type { DeleteScheduledChange } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import { requireNotRenewing, requireTarget, requireUpdateAllowance } from '../rules/subscription-guards';
import { accepted, counted, eventOf } from './decision-kit';

/** R-SCH-3: the scheduled change can be deleted (read-only while renewing, R-REN-4). */
export function decideDeleteScheduledChange(input: FullInput<DeleteScheduledChange>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireNotRenewing(sub, 'scheduled change');
  if (!sub.scheduledChange) throw notFound('scheduled change of subscription', sub.id);
  requireUpdateAllowance(sub, ctx.policy);
  const { scheduledChange: deleted, ...rest } = sub;
  const next = counted(rest);
  return accepted(ctx, [sub], {
    updated: [next],
    events: [eventOf('subscription.scheduled-change-deleted', next, { scheduledChange: deleted })],
    effects: ['deletes the scheduled change'],
    result: { subscriptionId: sub.id, deleted: true },
  });
}
