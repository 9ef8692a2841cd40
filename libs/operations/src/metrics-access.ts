import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@app/platform';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsRefusal {
  status: 401 | 404;
  body: { statusCode: number; code: string; message: string; details: [] };
}

/**
 * Who may scrape: with METRICS_PORT set, nobody on the app's own port (404); with METRICS_TOKEN
 * set, only `Authorization: Bearer <token>` (401 otherwise). Undefined when the scrape may go on.
 */
export function metricsRefusal(config: AppConfig, authorization: string | undefined, onMetricsPort: boolean): MetricsRefusal | undefined {
  if (config.metricsPort !== undefined && !onMetricsPort) {
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Metrics are served on their own port (METRICS_PORT).', details: [] } };
  }
  if (config.metricsToken !== undefined && !sameToken(authorization, `Bearer ${config.metricsToken}`)) {
    return { status: 401, body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Send Authorization: Bearer <METRICS_TOKEN>.', details: [] } };
  }
  return undefined;
}

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
