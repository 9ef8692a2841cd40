import { applyDecorators, createParamDecorator, ExecutionContext, HttpCode } from '@nestjs/common';
import type { Operation } from '@app/domain';
import type { Request } from 'express';
import { Permit } from '../auth/permit.decorator';
import { ApiCommandResponses } from '../openapi/responses';

/** What every command request may carry besides its body (api.md, "Commands"). */
export interface CommandOptions {
  dryRun?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
  prefer?: string;
}

/** `?dryRun`, `Idempotency-Key`, `If-Match` and `Prefer`, as sent; checked where they are used. */
export const CommandRequestOptions = createParamDecorator((_: unknown, context: ExecutionContext): CommandOptions => {
  const request = context.switchToHttp().getRequest<Request>();
  return {
    dryRun: (request.query as Record<string, unknown> | undefined)?.dryRun,
    idempotencyKey: request.header('idempotency-key'),
    ifMatch: request.header('if-match'),
    prefer: request.header('prefer'),
  };
});

/** A subscription command route: 202 + Location, its operation (R-ROLE-1), and the headers it takes. */
export function SubscriptionCommandEndpoint(operation: Operation) {
  return applyDecorators(
    HttpCode(202),
    Permit(operation),
    ApiCommandResponses({ ifMatch: true }),
  );
}
