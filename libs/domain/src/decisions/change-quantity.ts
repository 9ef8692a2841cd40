import { remainderOfCurrentPeriod, unitPrice } from '../billing/billing-cycle';
import { chargeLine, isReducible, newLot, refundLines, takeNewestFirst } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import type { Charge } from '../model/charge';
import type { Customer } from '../model/customer';
import type { DecisionContext, Warning } from '../model/decision';
import type { DomainEvent } from '../model/event';
import { reductionWindowMs } from '../model/policy';
import type { Subscription } from '../model/subscription';
import { addOnRatioWarnings, checkAddOnQuantityRule } from '../rules/add-on.rules';
import { counterView } from '../rules/holdings';
import { requireReducible } from '../rules/reduction-window.rules';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { requireActive, requireNotTrial } from '../rules/subscription-guards';
import { addMs } from '../time/calendar';
import { eventOf } from './decision-kit';

export interface QuantityChange {
  subscription: Subscription;
  charges: Charge[];
  events: DomainEvent[];
  warnings: Warning[];
  effects: string[];
}

/**
 * R-QTY-1 (increase at any time, prorated), R-QTY-2 (reduce within the lots' windows, newest first),
 * R-QTY-3 (refund), R-ORD-5 (min/max), R-TRI-3, R-ADD-CP/MG for add-ons, R-ADD-RATIO for bases, R-SCH-4.
 */
export function changeQuantity(
  sub: Subscription, quantity: number, commandId: string, customer: Customer, subscriptions: readonly Subscription[], ctx: DecisionContext,
): QuantityChange {
  const { now, catalog } = ctx;
  requireNotTrial(sub, 'quantity');
  requireActive(sub, 'change its quantity');
  const offer = catalog.require(sub.offerId);
  if (!Number.isInteger(quantity) || quantity < offer.minQuantity || quantity > offer.maxQuantity) {
    refuse('QUANTITY_OUT_OF_RANGE', `${offer.name} allows ${offer.minQuantity} to ${offer.maxQuantity} licenses, not ${quantity}.`, {
      subscriptionId: sub.id, quantity, minQuantity: offer.minQuantity, maxQuantity: offer.maxQuantity,
    });
  }
  const delta = quantity - sub.quantity;
  const deltas = [{ offerId: sub.offerId, licenses: delta, subscriptions: 0 }];
  const view = counterView(customer, catalog, commandId);
  if (offer.isAddOn) checkAddOnQuantityRule(offer, customer, view, deltas);

  let next: Subscription;
  let charges: Charge[];
  if (delta > 0) {
    const price = unitPrice(catalog, sub.offerId, sub.termDuration, sub.billingFrequency);
    const billed = remainderOfCurrentPeriod(sub, now, price);
    const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
    const lot = newLot(commandId, delta, now, 'increase', paid, addMs(now, reductionWindowMs(ctx.policy, sub.customerCountry)));
    next = { ...sub, quantity, lots: [...sub.lots, lot] };
    charges = [chargeLine(sub.id, now, 'add-quantity', delta, paid)];
  } else {
    requireReducible(sub, -delta, now);
    const { lots, taken } = takeNewestFirst(sub.lots, -delta, (l) => isReducible(l, now));
    next = { ...sub, quantity, lots };
    charges = refundLines(sub.id, taken, now, 'remove-quantity');
  }
  const { subscription, effects } = afterMidTermChange(next, 'quantity-change');
  const ratio = offer.isAddOn ? { warnings: [], events: [] } : addOnRatioWarnings(catalog, customer, view, deltas, subscriptions);
  return {
    subscription,
    charges,
    events: [eventOf('subscription.quantity-changed', subscription, { from: sub.quantity, to: quantity }), ...ratio.events],
    warnings: ratio.warnings,
    effects: [...effects, delta > 0 ? `adds ${delta} licenses, charged prorated to ${subscription.currentPeriodEnd.toISOString()}` : `removes ${-delta} licenses with a prorated refund`],
  };
}
