import { applyDecorators, Get, Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Operation } from '@app/domain';
import { Permit } from '../auth/permit.decorator';
import { ApiSubscriptionPath } from '../commands/command-endpoint.decorator';
import { ApiOk } from '../openapi/responses';

/** A GET of what one subscription holds: its operation (R-ROLE-1), the view it answers, its path ids (read with SubscriptionPathParams). */
export function SubscriptionReadEndpoint(operation: Operation, view: Type<unknown>, doc: { operationId: string; summary: string }) {
  return applyDecorators(Get(), ApiOk(view), Permit(operation), ApiOperation(doc), ApiSubscriptionPath());
}
