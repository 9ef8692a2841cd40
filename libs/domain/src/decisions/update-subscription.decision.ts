import { unitPrice } from '../billing/billing-cycle';
import { refuse } from '../errors/domain-error';
import type { UpdateSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { Charge } from '../model/charge';
import type { DomainEvent } from '../model/event';
import type { Subscription } from '../model/subscription';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { requireNotRenewing, requireNotTrial, requireTarget, requireUpdateAllowance } from '../rules/subscription-guards';
import { changeQuantity } from './change-quantity';
import { accepted, counted, eventOf } from './decision-kit';

/** PATCH quantity / auto-renew / friendly name (/ billing frequency, R-REN-5): all or nothing across its fields. */
export function decideUpdateSubscription(input: FullInput<UpdateSubscription>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  const cmd = input.command;
  const changes = {
    quantity: cmd.quantity !== undefined && cmd.quantity !== sub.quantity,
    autoRenew: cmd.autoRenewEnabled !== undefined && cmd.autoRenewEnabled !== sub.autoRenewEnabled,
    friendlyName: cmd.friendlyName !== undefined && cmd.friendlyName !== sub.friendlyName,
    billingFrequency: cmd.billingFrequency !== undefined && cmd.billingFrequency !== (sub.pendingBillingFrequency ?? sub.billingFrequency),
  };
  if (!Object.values(changes).some(Boolean)) return accepted(ctx, [], { result: { subscriptionId: sub.id, changed: [] } });

  // R-REN-4: read-only fields are refused; quantity and friendly name wait for the renewal to complete.
  if (sub.renewalInProgress) {
    if (changes.autoRenew) requireNotRenewing(sub, 'auto-renew');
    if (changes.billingFrequency) requireNotRenewing(sub, 'billing frequency');
    return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' };
  }
  requireUpdateAllowance(sub, ctx.policy);

  let next: Subscription = sub;
  const charges: Charge[] = [];
  const events: DomainEvent[] = [];
  const warnings: Warning[] = [];
  const effects: string[] = [];
  if (changes.quantity) {
    const q = changeQuantity(next, cmd.quantity as number, cmd.commandId, input.customer, input.subscriptions, ctx);
    next = q.subscription;
    charges.push(...q.charges);
    events.push(...q.events);
    warnings.push(...q.warnings);
    effects.push(...q.effects);
  }
  if (changes.autoRenew) {
    if (cmd.autoRenewEnabled && sub.status !== 'active') {
      refuse('SUBSCRIPTION_NOT_ACTIVE', `Auto-renew can be turned on only for an active subscription; this one is ${sub.status}. Reactivate it first.`, { subscriptionId: sub.id, status: sub.status });
    }
    const after = afterMidTermChange({ ...next, autoRenewEnabled: cmd.autoRenewEnabled as boolean }, cmd.autoRenewEnabled ? 'auto-renew-on' : 'auto-renew-off');
    next = after.subscription;
    effects.push(cmd.autoRenewEnabled ? 'turns auto-renew on' : 'turns auto-renew off', ...after.effects);
  }
  if (changes.billingFrequency) next = pendFrequencyChange(next, cmd, ctx, effects);
  if (changes.friendlyName) {
    next = { ...next, friendlyName: cmd.friendlyName as string };
    effects.push('renames the subscription');
  }
  next = counted(next);
  const fields = Object.entries(changes).filter(([, v]) => v).map(([k]) => k);
  if (fields.some((f) => f !== 'quantity')) events.push(eventOf('subscription.updated', next, { fields }));
  return accepted(ctx, [sub], { updated: [next], charges, events, warnings, effects, result: { subscriptionId: sub.id, changed: fields } });
}

/** R-REN-5: the new frequency waits for the next cycle charge; until then it is read-only. */
function pendFrequencyChange(sub: Subscription, cmd: UpdateSubscription, ctx: DecisionContext, effects: string[]): Subscription {
  requireNotTrial(sub, 'billing frequency');
  if (sub.pendingBillingFrequency) {
    refuse('READ_ONLY_DURING_RENEWAL', `A change to ${sub.pendingBillingFrequency} billing is pending until the next cycle charge; it is read-only until then.`, {
      subscriptionId: sub.id, pendingBillingFrequency: sub.pendingBillingFrequency, effectiveAt: sub.currentPeriodEnd,
    });
  }
  const frequency = cmd.billingFrequency as NonNullable<UpdateSubscription['billingFrequency']>;
  unitPrice(ctx.catalog, sub.offerId, sub.termDuration, frequency);
  effects.push(`billing becomes ${frequency} at the next cycle charge (${sub.currentPeriodEnd.toISOString()})`);
  return { ...sub, pendingBillingFrequency: frequency };
}
