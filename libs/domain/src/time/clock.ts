import { DateTime, Duration } from 'luxon';

/** The only source of "now" for code that needs one; the domain itself takes `ctx.now`. */
export interface Clock {
  now(): Date;
}

/** A clock that stands still until moved: for tests and the sandbox. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string) {
    this.current = toDate(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Moves forward by milliseconds or an ISO 8601 duration (calendar aware: P1M is a month). */
  advance(isoDurationOrMs: string | number): void {
    if (typeof isoDurationOrMs === 'number') {
      this.current = new Date(this.current.getTime() + isoDurationOrMs);
      return;
    }
    this.current = addIsoDuration(this.current, isoDurationOrMs);
  }

  set(to: Date | string): void {
    this.current = toDate(to);
  }
}

export function addIsoDuration(at: Date, iso: string): Date {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) throw new Error(`"${iso}" is not an ISO 8601 duration`);
  return utc(at).plus(duration).toJSDate();
}

function toDate(value: Date | string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(value.getTime());
  if (Number.isNaN(date.getTime())) throw new Error(`"${String(value)}" is not a valid date`);
  return date;
}

function utc(at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: 'utc' });
}
