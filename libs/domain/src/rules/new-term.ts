import { periodFrom, unitPrice } from '../billing/billing-cycle';
import { chargeLine } from '../billing/lots';
import type { Offer } from '../catalog/offer';
import type { Charge, ChargeType } from '../model/charge';
import type { DecisionContext } from '../model/decision';
import { reductionWindowMs } from '../model/policy';
import type { LotSource, Subscription } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';
import { addMs, dayAfter, termEndDate } from '../time/calendar';
import { termFields } from './term-fields';

export interface NewTermSpec {
  offer: Offer;
  quantity: number;
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  /** Midnight UTC of the first day of the new term. */
  termStart: Date;
  /** Coterminous end date (inclusive day), when scheduled (R-SCH-1). */
  termEnd?: Date;
  lotId: string;
  lotSource: LotSource;
  chargeType: ChargeType;
}

/**
 * Starts a paid term on an existing subscription (renewal R-REN-3, trial end R-TRI-1 / R-POST-1):
 * the first cycle is charged, and the reduction and cancellation windows open now, when it completes.
 */
export function startNewTerm(sub: Subscription, spec: NewTermSpec, ctx: DecisionContext): { subscription: Subscription; charge: Charge } {
  const { now } = ctx;
  const price = unitPrice(ctx.catalog, spec.offer.id, spec.termDuration, spec.billingFrequency);
  const end = spec.termEnd ?? termEndDate(spec.termStart, spec.termDuration);
  const billed = periodFrom(dayAfter(end), spec.billingFrequency, spec.termStart, price);
  const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
  const windowEnd = addMs(now, reductionWindowMs(ctx.policy, sub.customerCountry));
  const {
    renewalStartedAt: _r, pendingBillingFrequency: _p, scheduledChange: _s, ...rest
  } = sub;
  const subscription: Subscription = {
    ...rest,
    offerId: spec.offer.id,
    offerName: spec.offer.name,
    friendlyName: sub.friendlyName === sub.offerName ? spec.offer.name : sub.friendlyName,
    quantity: spec.quantity,
    isTrial: false,
    ...termFields({ ...spec, start: spec.termStart, end, paid, windowEnd }, now),
  };
  return { subscription, charge: chargeLine(sub.id, now, spec.chargeType, spec.quantity, paid) };
}
