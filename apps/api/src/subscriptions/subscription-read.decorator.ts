import { applyDecorators, Get, Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Operation } from '@app/domain';
import { Permit } from '../auth/permit.decorator';
import { ApiSubscriptionPath } from '../commands/command-endpoint.decorator';
import { ApiOk } from '../openapi/responses';

/** What a read of one subscription's lines says of itself: OpenAPI id and summary, and its path below the controller's. */
export interface SubscriptionReadDoc {
  operationId: string;
  summary: string;
  path?: string;
}

/** A GET of what one subscription holds: its operation (R-ROLE-1), the view it answers, its path ids (read with SubscriptionPathParams). */
export function SubscriptionReadEndpoint(operation: Operation, view: Type<unknown>, { path, ...doc }: SubscriptionReadDoc) {
  return applyDecorators(Get(path), ApiOk(view), Permit(operation), ApiOperation(doc), ApiSubscriptionPath());
}
