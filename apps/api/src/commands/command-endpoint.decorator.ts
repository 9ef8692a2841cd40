import { applyDecorators, createParamDecorator, ExecutionContext, HttpCode } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Operation, Principal } from '@app/domain';
import type { Request, Response } from 'express';
import { IdPipe } from '../common/id.pipe';
import { Permit } from '../auth/permit.decorator';
import { AuthenticatedRequest } from '../auth/principal.decorator';
import { ApiCommandResponses } from '../openapi/responses';

/** What every command request may carry besides its body (api.md, "Commands"). */
export interface CommandOptions {
  dryRun?: unknown;
  idempotencyKey?: string;
  ifMatch?: string;
  prefer?: string;
}

/** The caller and the path's customer and subscription ids. */
export interface SubscriptionPath {
  principal: Principal;
  customerId: string;
  subscriptionId: string;
}

/** Everything a subscription command request carries besides its body. */
export interface SubscriptionCommandRequest extends SubscriptionPath {
  options: CommandOptions;
  /** Where the answer's status and headers are set (202 or 200, Location). */
  response: Response;
}

/** `?dryRun`, `Idempotency-Key`, `If-Match` and `Prefer`, as sent; checked where they are used. */
function commandOptions(request: Request): CommandOptions {
  return {
    dryRun: (request.query as Record<string, unknown> | undefined)?.dryRun,
    idempotencyKey: request.header('idempotency-key'),
    ifMatch: request.header('if-match'),
    prefer: request.header('prefer'),
  };
}

/** The command headers alone, for a command route outside a subscription (a transfer's submission). */
export const CommandRequestOptions = createParamDecorator((_: unknown, context: ExecutionContext): CommandOptions => commandOptions(context.switchToHttp().getRequest<Request>()));

/** The caller and the path's ids, checked like IdPipe. */
function subscriptionPath(request: AuthenticatedRequest): SubscriptionPath {
  if (!request.principal) throw new Error('route without authentication asked for the principal');
  const ids = new IdPipe();
  return { principal: request.principal, customerId: ids.transform(request.params.customerId), subscriptionId: ids.transform(request.params.subscriptionId) };
}

/** The caller and the path's customer and subscription ids (checked like IdPipe), on a route with ApiSubscriptionPath. */
export const SubscriptionPathParams = createParamDecorator((_: unknown, context: ExecutionContext): SubscriptionPath => subscriptionPath(context.switchToHttp().getRequest<AuthenticatedRequest>()));

/** The subscription path, the command headers and the response. */
export const SubscriptionCommandParams = createParamDecorator((_: unknown, context: ExecutionContext): SubscriptionCommandRequest => {
  const http = context.switchToHttp();
  const request = http.getRequest<AuthenticatedRequest>();
  return { ...subscriptionPath(request), options: commandOptions(request), response: http.getResponse<Response>() };
});

/** Documents the path ids that SubscriptionPathParams and SubscriptionCommandParams read (not read by @Param). */
export function ApiSubscriptionPath() {
  return applyDecorators(
    ApiParam({ name: 'customerId', required: true, schema: { type: 'string' } }),
    ApiParam({ name: 'subscriptionId', required: true, schema: { type: 'string' } }),
  );
}

/** A subscription command route: 202 + Location, its operation (R-ROLE-1), its path ids and the headers it takes. */
export function SubscriptionCommandEndpoint(operation: Operation) {
  return applyDecorators(
    HttpCode(202),
    Permit(operation),
    ApiSubscriptionPath(),
    ApiCommandResponses({ ifMatch: true }),
  );
}
