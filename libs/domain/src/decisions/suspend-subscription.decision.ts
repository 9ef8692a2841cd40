import type { SuspendSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { requireActive, requireNotRenewing, requireNotTrial, requireTarget, requireUpdateAllowance } from '../rules/subscription-guards';
import { accepted, counted, eventOf } from './decision-kit';

/** R-SUS-1/2/3, R-ADD-2 (add-ons follow their base), R-TRI-3, R-REN-4, R-SCH-4. */
export function decideSuspendSubscription(input: FullInput<SuspendSubscription>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireNotTrial(sub, 'status');
  requireNotRenewing(sub, 'suspension status');
  requireActive(sub, 'be suspended');
  requireUpdateAllowance(sub, ctx.policy);
  const effects: string[] = [];
  const warnings: Warning[] = [];
  const suspend = (s: Subscription, withBase?: string): Subscription => {
    const r = afterMidTermChange({ ...s, status: 'suspended', suspendedAt: ctx.now, autoRenewEnabled: false, ...(withBase ? { suspendedWithBaseId: withBase } : {}) }, 'suspend');
    effects.push(...r.effects);
    return r.subscription;
  };
  const main = counted(suspend(sub));
  const addOns = input.subscriptions.filter((s) => sub.addOnSubscriptionIds.includes(s.id) && s.status === 'active');
  const skipped = addOns.filter((s) => s.renewalInProgress || s.isTrial);
  const suspendedAddOns = addOns.filter((s) => !skipped.includes(s)).map((s) => suspend(s, sub.id));
  if (skipped.length > 0) {
    warnings.push({ code: 'ADDON_NOT_SUSPENDED', message: 'These add-ons are renewing and were not suspended; suspend them once the renewal completes.', subscriptionIds: skipped.map((s) => s.id) });
  }
  effects.unshift(
    'blocks the customer\'s access at once (administrators can still reach the data)',
    'turns auto-renew off; reactivating will not turn it back on',
    'the partner is still charged while suspended',
    ...suspendedAddOns.map((s) => `suspends add-on ${s.id}`),
  );
  const updated = [main, ...suspendedAddOns];
  return accepted(ctx, [sub, ...addOns.filter((s) => !skipped.includes(s))], {
    updated, warnings, effects,
    events: updated.map((s) => eventOf('subscription.suspended', s, s.suspendedWithBaseId ? { withBaseSubscriptionId: s.suspendedWithBaseId } : {})),
    result: { subscriptionId: sub.id, suspendedAddOnIds: suspendedAddOns.map((s) => s.id) },
  });
}
