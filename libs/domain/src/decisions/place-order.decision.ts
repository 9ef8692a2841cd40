import { notFound, visibleTo } from '../auth/visibility';
import { unitPrice } from '../billing/billing-cycle';
import { offerAvailability } from '../catalog/offer-availability';
import type { Offer } from '../catalog/offer';
import { refuse } from '../errors/domain-error';
import type { Charge } from '../model/charge';
import type { OrderLine, PlaceOrder } from '../model/commands';
import type { Holding } from '../model/customer';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { DomainEvent } from '../model/event';
import type { Subscription } from '../model/subscription';
import { checkAddOnQuantityRule, requireQualifyingBase } from '../rules/add-on.rules';
import { counterView, holdsLicenses } from '../rules/holdings';
import { redundantLicenseFlags } from '../rules/redundant-licenses.rules';
import { requireAdditionalResellers, requireAttestation, requireReseller } from '../rules/reseller.rules';
import { requireCanTransact } from '../rules/subscription-guards';
import { newSubscription } from '../rules/subscription-factory';
import { accepted, eventOf } from './decision-kit';

interface PricedLine {
  line: OrderLine;
  offer: Offer;
  subscriptionId: string;
  base?: Subscription;
}

/** R-ORD-*, R-PT-*, R-CAT-2/3, R-ADD-1/3/MG/CP, R-POST-1/2, R-UPG-9: an order is checked as a whole, all or nothing. */
export function decidePlaceOrder(input: FullInput<PlaceOrder>, ctx: DecisionContext): Decision {
  const { command: cmd, partner, customer } = input;
  const subs = input.subscriptions;
  const partners = input.partners;
  if (cmd.customerId !== customer.id || !visibleTo(partner.id, customer)) throw notFound('customer', cmd.customerId);
  requireCanTransact(partner);
  requireAttestation(cmd);
  if (cmd.lines.length === 0 || cmd.subscriptionIds.length !== cmd.lines.length) {
    refuse('VALIDATION_FAILED', 'An order needs at least one line and one subscription id per line.', { lines: cmd.lines.length, subscriptionIds: cmd.subscriptionIds.length });
  }
  requireReseller(cmd, partner, partners);
  requireAdditionalResellers(cmd, customer, partners);

  const lines = cmd.lines.map((line, i): PricedLine => checkLine(line, cmd.subscriptionIds[i], input, ctx));
  const deltas: Holding[] = lines.map((l) => ({ offerId: l.offer.id, licenses: l.line.quantity, subscriptions: 1 }));
  const view = counterView(customer, ctx.catalog, cmd.commandId);

  // R-CAT-2 inside the order itself: two lines of a one-per-customer offer.
  for (const l of lines) {
    if (l.offer.onePerCustomer && lines.filter((x) => x.offer.id === l.offer.id).length > 1) {
      refuse('OFFER_NOT_AVAILABLE', `${l.offer.name} is limited to one subscription per customer.`, { offerId: l.offer.id, reason: 'ONE_PER_CUSTOMER_OWNED' });
    }
  }
  // R-ORD-4
  const added = lines.filter((l) => l.offer.billingType === 'license').length;
  const held = view.maxLicenseSubscriptions();
  if (held + added > ctx.policy.subscriptionLimit) {
    refuse('SUBSCRIPTION_LIMIT_REACHED', `The customer holds ${held} subscriptions; ${added} more would exceed the limit of ${ctx.policy.subscriptionLimit}.`, {
      held, requested: added, limit: ctx.policy.subscriptionLimit,
    });
  }
  // R-ADD-1, R-ADD-CP, R-ADD-MG: base licenses in the same order count.
  for (const addOn of uniqueOffers(lines.filter((l) => l.offer.isAddOn))) {
    requireQualifyingBase(addOn, customer, view, deltas);
    checkAddOnQuantityRule(addOn, customer, view, deltas);
  }

  const created: Subscription[] = [];
  const charges: Charge[] = [];
  const events: DomainEvent[] = [];
  const effects: string[] = [];
  lines.forEach((l, i) => {
    const { subscription, charge } = newSubscription({
      id: l.subscriptionId, customerId: customer.id, customerCountry: customer.country, partnerId: partner.id, offer: l.offer,
      quantity: l.line.quantity, termDuration: l.line.termDuration, billingFrequency: l.line.billingFrequency,
      termEnd: l.base?.termEndDate, chargeType: 'purchase', lotSource: 'purchase', lotId: `${cmd.commandId}-${i}`, opensWindows: true,
      promotionId: l.line.promotionId, resellerId: cmd.resellerId, additionalResellerIds: cmd.additionalResellerIds,
      baseSubscriptionId: l.base?.id, orderId: cmd.orderId,
    }, ctx);
    created.push(subscription);
    charges.push(charge);
    events.push(eventOf('subscription.created', subscription, { orderId: cmd.orderId, offerId: l.offer.id, quantity: l.line.quantity, isTrial: subscription.isTrial, setupUrl: subscription.setupUrl }));
    if (l.offer.freeTrialDays) effects.push(`${l.offer.name} starts with its ${l.offer.freeTrialDays}-day free trial (cannot be declined)`);
    if (subscription.setupUrl) effects.push(`complete the account set-up of ${l.offer.name} at ${subscription.setupUrl} (no e-mail is sent)`);
  });

  // R-ADD-3: the base learns its new add-ons.
  const updated = new Map<string, Subscription>();
  for (const sub of created.filter((s) => s.baseSubscriptionId)) {
    const base = updated.get(sub.baseSubscriptionId as string) ?? (subs.find((s) => s.id === sub.baseSubscriptionId) as Subscription);
    updated.set(base.id, { ...base, addOnSubscriptionIds: [...base.addOnSubscriptionIds, sub.id] });
  }
  // R-UPG-9
  for (const flagged of redundantLicenseFlags(created, subs, ctx)) {
    const current = updated.get(flagged.id) ?? flagged;
    updated.set(flagged.id, { ...current, redundantLicenses: flagged.redundantLicenses });
    effects.push(`flags ${flagged.id} as redundant licenses: request their cancellation before ${flagged.redundantLicenses?.deadline.toISOString()}`);
  }
  const before = subs.filter((s) => updated.has(s.id));
  return accepted(ctx, before, {
    created, updated: [...updated.values()], charges, events, effects,
    result: { orderId: cmd.orderId, subscriptionIds: created.map((s) => s.id) },
  });
}

function checkLine(line: OrderLine, subscriptionId: string, input: FullInput<PlaceOrder>, ctx: DecisionContext): PricedLine {
  const offer = ctx.catalog.get(line.offerId);
  if (!offer) throw notFound('offer', line.offerId);
  const subs = input.subscriptions;
  const availability = offerAvailability(offer, input.customer, input.partner, subs, { ignoreBaseRequirement: true });
  if (!availability.purchasable) {
    refuse('OFFER_NOT_AVAILABLE', `${offer.name} cannot be bought for this customer (${availability.reason}).`, { offerId: offer.id, reason: availability.reason });
  }
  if (!Number.isInteger(line.quantity) || line.quantity < offer.minQuantity || line.quantity > offer.maxQuantity) {
    refuse('QUANTITY_OUT_OF_RANGE', `${offer.name} is sold from ${offer.minQuantity} to ${offer.maxQuantity} licenses, not ${line.quantity}.`, {
      offerId: offer.id, quantity: line.quantity, minQuantity: offer.minQuantity, maxQuantity: offer.maxQuantity,
    });
  }
  unitPrice(ctx.catalog, offer.id, line.termDuration, line.billingFrequency);
  if (line.baseSubscriptionId === undefined) return { line, offer, subscriptionId };
  if (!offer.isAddOn) refuse('VALIDATION_FAILED', `${offer.name} is not an add-on: it takes no base subscription.`, { offerId: offer.id });
  const base = subs.find((s) => s.id === line.baseSubscriptionId);
  if (!base || base.customerId !== input.customer.id || base.partnerId !== input.partner.id || !holdsLicenses(base) || !offer.baseOfferIds.includes(base.offerId)) {
    refuse('BASE_LICENSE_REQUIRED', `Subscription ${line.baseSubscriptionId} is not a qualifying base of ${offer.name}.`, {
      offerId: offer.id, baseSubscriptionId: line.baseSubscriptionId, baseOfferIds: offer.baseOfferIds,
    });
  }
  return { line, offer, subscriptionId, base };
}

function uniqueOffers(lines: readonly PricedLine[]): Offer[] {
  return [...new Map(lines.map((l) => [l.offer.id, l.offer])).values()];
}
