import { termEndExclusive } from '../billing/billing-cycle';
import { refuse } from '../errors/domain-error';
import type { ReactivateSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { requireNotRenewing, requireTarget, requireUpdateAllowance } from '../rules/subscription-guards';
import { accepted, counted, eventOf } from './decision-kit';

/** R-SUS-1/3/4 and R-ADD-2: restores access at once before term end; auto-renew stays off. */
export function decideReactivateSubscription(input: FullInput<ReactivateSubscription>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireNotRenewing(sub, 'suspension status');
  if (sub.status !== 'suspended') {
    refuse('SUBSCRIPTION_NOT_SUSPENDED', `Only a suspended subscription can be reactivated; this one is ${sub.status}.`, { subscriptionId: sub.id, status: sub.status });
  }
  // R-SUS-4: past its term end a suspended subscription has expired, even before the expiry has run.
  if (ctx.now.getTime() >= termEndExclusive(sub).getTime()) {
    refuse('SUBSCRIPTION_EXPIRED', 'The term ended while the subscription was suspended: it has expired and its data is deleted; it cannot be reactivated.', {
      subscriptionId: sub.id, termEndDate: sub.termEndDate,
    });
  }
  requireUpdateAllowance(sub, ctx.policy);
  const reactivate = (s: Subscription): Subscription => {
    const { suspendedAt: _a, suspendedWithBaseId: _b, ...rest } = s;
    return { ...rest, status: 'active' };
  };
  const main = counted(reactivate(sub));
  const addOns = input.subscriptions.filter((s) => s.status === 'suspended' && s.suspendedWithBaseId === sub.id);
  const updated = [main, ...addOns.map(reactivate)];
  return accepted(ctx, [sub, ...addOns], {
    updated,
    events: updated.map((s) => eventOf('subscription.reactivated', s)),
    warnings: [{ code: 'AUTO_RENEW_OFF', message: 'Reactivation restores access but leaves auto-renew off; turn it back on if the subscription should renew.', subscriptionIds: updated.map((s) => s.id) }],
    effects: ['restores the customer\'s access at once', ...addOns.map((s) => `reactivates add-on ${s.id}`), 'auto-renew stays off'],
    result: { subscriptionId: sub.id, reactivatedAddOnIds: addOns.map((s) => s.id) },
  });
}
