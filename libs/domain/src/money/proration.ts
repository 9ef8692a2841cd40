import { DAY_MS } from '../time/calendar';
import type { Money } from '../model/values';
import { divideHalfUp, money } from './money';

/**
 * R-QTY-3 (decided): proration is daily in 24-hour periods counted from the start of the charged
 * period; a started period counts as used; the daily rate is the period's charge divided by its days;
 * rounding half-up once per charge line. A period [start, end) has ceil((end − start) / 24 h) days.
 */
export function periodDays(periodStart: Date, periodEnd: Date): number {
  const ms = periodEnd.getTime() - periodStart.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/** Days of [periodStart, periodEnd) used at `at`: started 24-hour periods, within 0..periodDays. */
export function daysUsed(periodStart: Date, periodEnd: Date, at: Date): number {
  const total = periodDays(periodStart, periodEnd);
  const elapsed = at.getTime() - periodStart.getTime();
  if (elapsed <= 0) return 0;
  return Math.min(total, Math.ceil(elapsed / DAY_MS));
}

/** `charged × days / totalDays`, rounded half-up once. */
export function prorate(charged: number, days: number, totalDays: number): number {
  if (totalDays <= 0) return 0;
  return divideHalfUp(charged * days, totalDays);
}

/**
 * What comes back when licenses paid with `charged` for [periodStart, periodEnd) stop at `at`:
 * the charge minus the prorated amount for the days used (3,600 for 30 days, 49 h in → 3,240).
 */
export function refundFor(charged: Money, periodStart: Date, periodEnd: Date, at: Date): Money {
  const total = periodDays(periodStart, periodEnd);
  const used = prorate(charged.amount, daysUsed(periodStart, periodEnd, at), total);
  return money(charged.amount - used, charged.currency);
}

/** The first 24-hour boundary of the period's grid at or after `at` (where an upgraded license starts to bill). */
export function nextDayBoundary(periodStart: Date, periodEnd: Date, at: Date): Date {
  const used = daysUsed(periodStart, periodEnd, at);
  return new Date(Math.min(periodEnd.getTime(), periodStart.getTime() + used * DAY_MS));
}
