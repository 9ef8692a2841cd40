import type { Catalog } from '../catalog/catalog';
import { refuse } from '../errors/domain-error';
import { prorate, periodDays } from '../money/proration';
import type { Subscription } from '../model/subscription';
import { BillingFrequency, CYCLE_LENGTH, Money, TermDuration } from '../model/values';
import { dayAfter, subtractDuration } from '../time/calendar';

export interface Period {
  start: Date;
  end: Date;
}

/** The instant after the last (inclusive) day of the term: renewal or expiry happens here (R-REN-2). */
export function termEndExclusive(sub: Pick<Subscription, 'termEndDate'>): Date {
  return dayAfter(sub.termEndDate);
}

/**
 * The full billing cycle containing `at`. Cycles are counted back from the term end, so a coterminous
 * subscription (R-ADD-3, R-UPG-5) has the same cycle boundaries as the one it ends with.
 */
export function cycleContaining(termEndExcl: Date, frequency: BillingFrequency, at: Date): Period {
  let k = 1;
  while (subtractDuration(termEndExcl, CYCLE_LENGTH[frequency], k).getTime() > at.getTime()) k += 1;
  return { start: subtractDuration(termEndExcl, CYCLE_LENGTH[frequency], k), end: subtractDuration(termEndExcl, CYCLE_LENGTH[frequency], k - 1) };
}

export function unitPrice(catalog: Catalog, offerId: string, termDuration: TermDuration, frequency: BillingFrequency): Money {
  const offer = catalog.require(offerId);
  const term = catalog.term(offer, termDuration, frequency);
  if (!term) {
    refuse('TERM_NOT_OFFERED', `${offer.name} is not sold with term ${termDuration} billed ${frequency}.`, {
      offerId, termDuration, billingFrequency: frequency,
      offered: offer.terms.map((t) => ({ termDuration: t.termDuration, billingFrequency: t.billingFrequency })),
    });
  }
  return term.unitPrice;
}

/**
 * The period billed from `from` to the end of its cycle, and the price per license for it:
 * the cycle price prorated by days (a period starting during the cycle's first day is a full cycle).
 */
export function periodFrom(termEndExcl: Date, frequency: BillingFrequency, from: Date, cyclePrice: Money): { period: Period; unitAmount: Money } {
  const cycle = cycleContaining(termEndExcl, frequency, from);
  const days = periodDays(from, cycle.end);
  const amount = prorate(cyclePrice.amount, days, periodDays(cycle.start, cycle.end));
  return { period: { start: from, end: cycle.end }, unitAmount: { amount, currency: cyclePrice.currency } };
}

/** Price per license for [from, to) inside the subscription's current cycle (increases, upgrade targets). */
export function remainderOfCurrentPeriod(sub: Subscription, from: Date, cyclePrice: Money): { period: Period; unitAmount: Money } {
  const end = sub.currentPeriodEnd;
  if (from.getTime() >= end.getTime()) return { period: { start: end, end }, unitAmount: { amount: 0, currency: cyclePrice.currency } };
  const cycle = cycleContaining(termEndExclusive(sub), sub.billingFrequency, from);
  const amount = prorate(cyclePrice.amount, periodDays(from, end), periodDays(cycle.start, cycle.end));
  return { period: { start: from, end }, unitAmount: { amount, currency: cyclePrice.currency } };
}
