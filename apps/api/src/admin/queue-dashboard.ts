import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { authorize, DomainError } from '@app/domain';
import { BATCH_PUMP_QUEUE, BATCH_QUEUE, COMMAND_QUEUE, MAINTENANCE_QUEUE } from '@app/command-engine';
import { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { AuthGuard } from '../auth/auth.guard';

export const DASHBOARD_PATH = '/admin/queues';
const COOKIE = 'se_dashboard_token';

/**
 * bull-board at /admin/queues, for the operator only. A browser cannot send a bearer header, so
 * `?token=<jwt>` once sets an HttpOnly cookie scoped to the dashboard.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [COMMAND_QUEUE, BATCH_PUMP_QUEUE, MAINTENANCE_QUEUE, BATCH_QUEUE].map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Subscription engine queues' } },
  });
  const guard = app.get(AuthGuard);
  app.use(DASHBOARD_PATH, async (request: Request, response: Response, next: NextFunction) => {
    const fromQuery = typeof request.query.token === 'string' ? request.query.token : undefined;
    const fromCookie = /(?:^|;\s*)se_dashboard_token=([A-Za-z0-9_.-]+)/.exec(request.headers.cookie ?? '')?.[1];
    const header = request.headers.authorization ?? (fromQuery ?? fromCookie ? `Bearer ${fromQuery ?? fromCookie}` : undefined);
    try {
      const principal = await guard.authenticate(header);
      const refusal = authorize(principal.roles, 'queues:read');
      if (refusal) throw refusal;
      if (fromQuery) response.cookie(COOKIE, fromQuery, { httpOnly: true, secure: servedOverHttps(request), sameSite: 'strict', path: DASHBOARD_PATH });
      next();
    } catch (error) {
      const refusal = error instanceof DomainError ? error : new DomainError('UNAUTHENTICATED', 'Authentication failed.');
      response.status(refusal.httpStatus).json(refusal.toJSON());
    }
  });
  app.use(DASHBOARD_PATH, serverAdapter.getRouter());
}

/** Over https (directly, or behind a proxy that says so) the cookie is `Secure`: a browser never sends it in clear. */
function servedOverHttps(request: Request): boolean {
  return request.secure || request.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https';
}
