import { newLot } from '../billing/lots';
import type { LotSource, PaidPeriod } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';

/** A term that starts: its first period is paid, its licenses are one new lot. */
export interface StartingTerm {
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  start: Date;
  /** The inclusive last day. */
  end: Date;
  paid: PaidPeriod;
  lotId: string;
  quantity: number;
  lotSource: LotSource;
  /** End of the reduction and cancellation windows, when the term opens them. */
  windowEnd: Date | undefined;
}

/** The fields of a subscription that a starting term sets (a new subscription, a renewal, a trial's end). */
export function termFields(term: StartingTerm, now: Date) {
  return {
    termDuration: term.termDuration,
    billingFrequency: term.billingFrequency,
    termStartDate: term.start,
    termEndDate: term.end,
    renewalInProgress: false,
    currentPeriodStart: term.paid.periodStart,
    currentPeriodEnd: term.paid.periodEnd,
    cancellableUntil: term.windowEnd,
    lots: [newLot(term.lotId, term.quantity, now, term.lotSource, term.paid, term.windowEnd)],
  };
}
