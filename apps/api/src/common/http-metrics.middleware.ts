import { Metrics } from '@app/platform';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DASHBOARD_PATH } from '../admin/queue-dashboard';

/**
 * Every answer's latency by method, route template (not the raw path, so ids do not explode the
 * label set) and status. Mounted before everything else, so refusals by guards, unknown routes
 * (`unmatched`) and body-parser errors are counted with the status they really had.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = performance.now();
    response.once('finish', () => {
      metrics.httpDuration.observe({ method: request.method, route: routeOf(request), status: String(response.statusCode) }, (performance.now() - started) / 1000);
    });
    next();
  };
}

function routeOf(request: Request): string {
  const route = request.route as { path?: unknown; methods?: Record<string, boolean> } | undefined;
  const method = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
  // Nest answers unknown routes from a catch-all route (`{/*splat}`).
  if (typeof route?.path === 'string' && route.methods?.[method] && !route.path.includes('*')) return route.path;
  if (request.originalUrl.startsWith(DASHBOARD_PATH)) return DASHBOARD_PATH;
  return 'unmatched';
}
