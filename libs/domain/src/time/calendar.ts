import { DateTime, Duration } from 'luxon';
import type { TermDuration } from '../model/values';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

function utc(at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: 'utc' });
}

/** Midnight UTC at the start of the day containing `at`. */
export function startOfDay(at: Date): Date {
  return utc(at).startOf('day').toJSDate();
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

export function addHours(at: Date, hours: number): Date {
  return addMs(at, hours * HOUR_MS);
}

export function addDays(at: Date, days: number): Date {
  return utc(at).plus({ days }).toJSDate();
}

/** Calendar addition of an ISO 8601 duration (months clamp to the end of shorter months). */
export function addDuration(at: Date, iso: string, times = 1): Date {
  const d = Duration.fromISO(iso);
  return utc(at).plus(times === 1 ? d : Duration.fromObject(scale(d.toObject() as Record<string, number | undefined>, times))).toJSDate();
}

export function subtractDuration(at: Date, iso: string, times = 1): Date {
  return addDuration(at, iso, -times);
}

function scale(o: Record<string, number | undefined>, k: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(o)) if (v !== undefined) out[key] = v * k;
  return out;
}

/**
 * R-REN-2: a term starting on day D with duration P ends on D + P − 1 day, shown as midnight UTC of
 * that (inclusive) day: 2026-11-25 + P1M → 2026-12-24T00:00:00.000Z.
 */
export function termEndDate(start: Date, duration: TermDuration | string): Date {
  return utc(start).startOf('day').plus(Duration.fromISO(duration)).minus({ days: 1 }).toJSDate();
}

/** The instant after the last covered day of a term (or trial): renewal starts here (R-REN-2). */
export function dayAfter(inclusiveDay: Date): Date {
  return addDays(startOfDay(inclusiveDay), 1);
}

/** The date part, as the export and messages show it. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
