import { Duration } from 'luxon';

/** Milliseconds of an ISO 8601 duration of fixed length (days and below, e.g. PT2M, PT26H, P1D). */
export function parseFixedDuration(text: string): number | undefined {
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return undefined;
  // As written: shifting would turn 30 days into a (variable-length) month.
  if (duration.years || duration.months || duration.quarters) return undefined;
  const ms = duration.as('milliseconds');
  return ms >= 0 ? ms : undefined;
}
