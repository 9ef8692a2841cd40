import { notFound, visibleTo } from '../auth/visibility';
import { refundLines } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import { nextDayBoundary } from '../money/proration';
import type { Charge } from '../model/charge';
import type { SubmitTransfer } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { DomainEvent } from '../model/event';
import type { Subscription } from '../model/subscription';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { requireCanTransact } from '../rules/subscription-guards';
import { newSubscription } from '../rules/subscription-factory';
import { requireTransferTarget } from '../rules/transfer.rules';
import { accepted, eventOf } from './decision-kit';

/**
 * R-TRA-2/3: the source partner submits the chosen subscriptions; each is recreated on the target
 * partner's account (same offer, quantity, term end) and the source's ends. The source is credited
 * for the unused prepaid part, the target billed from the next day boundary, so nothing is billed
 * twice. Add-ons move with their base when chosen; one left behind keeps running, with a warning.
 */
export function decideSubmitTransfer(input: FullInput<SubmitTransfer>, ctx: DecisionContext): Decision {
  const { command: cmd, partner: source, customer } = input;
  const { now, catalog } = ctx;
  if (cmd.customerId !== customer.id || !visibleTo(source.id, customer)) throw notFound('customer', cmd.customerId);
  requireCanTransact(source);
  const target = requireTransferTarget(source, cmd.targetPartnerId, customer, input.partners);
  if (cmd.subscriptionIds.length === 0 || cmd.newSubscriptionIds.length !== cmd.subscriptionIds.length || new Set(cmd.subscriptionIds).size !== cmd.subscriptionIds.length) {
    refuse('VALIDATION_FAILED', 'Choose at least one subscription, each once, with one new subscription id per chosen subscription.');
  }
  const all = input.subscriptions;
  const chosen = cmd.subscriptionIds.map((id) => {
    const s = all.find((x) => x.id === id);
    if (!s || s.customerId !== customer.id || s.partnerId !== source.id) {
      refuse('TRANSFER_NOT_ALLOWED', `Subscription ${id} is not one of this customer's subscriptions with the source partner.`, { subscriptionId: id, reason: 'WRONG_PARTNER' });
    }
    if (s.status !== 'active' || s.isTrial) {
      refuse('TRANSFER_NOT_ALLOWED', `Subscription ${id} cannot be transferred (${s.isTrial ? 'trial' : s.status}).`, { subscriptionId: id, reason: 'NOT_TRANSFERABLE', status: s.status });
    }
    return s;
  });
  if (chosen.some((s) => s.renewalInProgress)) return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' };

  const newIdOf = new Map(cmd.subscriptionIds.map((id, i) => [id, cmd.newSubscriptionIds[i]]));
  const created: Subscription[] = [];
  const updated: Subscription[] = [];
  const charges: Charge[] = [];
  const events: DomainEvent[] = [];
  for (const s of chosen) {
    const made = newSubscription({
      id: newIdOf.get(s.id) as string, customerId: customer.id, customerCountry: s.customerCountry, partnerId: target.id,
      offer: catalog.require(s.offerId), quantity: s.quantity, termDuration: s.termDuration, billingFrequency: s.billingFrequency,
      termEnd: s.termEndDate, chargeFrom: nextDayBoundary(s.currentPeriodStart, s.currentPeriodEnd, now), chargeType: 'purchase',
      lotSource: 'transfer', lotId: cmd.commandId, opensWindows: false, autoRenewEnabled: s.autoRenewEnabled,
      baseSubscriptionId: s.baseSubscriptionId ? newIdOf.get(s.baseSubscriptionId) : undefined,
      origin: { kind: 'transfer', subscriptionId: s.id },
    }, ctx);
    const moved = { ...made.subscription, friendlyName: s.friendlyName, addOnSubscriptionIds: s.addOnSubscriptionIds.filter((id) => newIdOf.has(id)).map((id) => newIdOf.get(id) as string) };
    const ended = afterMidTermChange({ ...s, status: 'cancelled', endedAt: now, endedReason: 'transferred', autoRenewEnabled: false, lots: [] }, 'transfer').subscription;
    created.push(moved);
    updated.push(ended);
    charges.push(...refundLines(s.id, s.lots.map((lot) => ({ lot, quantity: lot.quantity })), now, 'credit'), made.charge);
    events.push(eventOf('subscription.transferred', ended, { toPartnerId: target.id, toSubscriptionId: moved.id, transferId: cmd.transferId }),
      eventOf('subscription.created', moved, { origin: moved.origin, transferId: cmd.transferId }));
  }
  const leftBehind = all.filter((s) => s.baseSubscriptionId && newIdOf.has(s.baseSubscriptionId) && !newIdOf.has(s.id) && (s.status === 'active' || s.status === 'suspended'));
  const warnings: Warning[] = leftBehind.length === 0 ? [] : [{
    code: 'ADDON_LEFT_BEHIND', message: 'These add-ons stay with the source partner while their base moved: they keep running; adjust or transfer them.', subscriptionIds: leftBehind.map((s) => s.id),
  }];
  if (leftBehind.length > 0) events.push({ type: 'subscription.addon-ratio-warning', customerId: customer.id, partnerId: source.id, data: { subscriptionIds: leftBehind.map((s) => s.id), warning: 'ADDON_LEFT_BEHIND' } });
  const completed = { transferId: cmd.transferId, sourcePartnerId: source.id, targetPartnerId: target.id, subscriptions: chosen.map((s) => ({ from: s.id, to: newIdOf.get(s.id) })) };
  // In both partners' feeds: the target's (its new subscriptions) and the source's (its ended ones).
  events.push({ type: 'transfer.completed', customerId: customer.id, partnerId: target.id, data: completed }, { type: 'transfer.completed', customerId: customer.id, partnerId: source.id, data: completed });
  return accepted(ctx, chosen, {
    created, updated, charges, events, warnings,
    effects: ['the source subscriptions end and are credited for the unused prepaid part; the target is billed from the transfer'],
    result: { transferId: cmd.transferId, subscriptionIds: created.map((s) => s.id), mapping: Object.fromEntries(newIdOf) },
  });
}
