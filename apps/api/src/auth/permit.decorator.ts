import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Operation } from '@app/domain';

export const PERMIT = 'permit';
export const PUBLIC = 'public';

/** The operation a route performs; the caller's roles must allow it (R-ROLE-1). The OpenAPI document asks for a bearer token. */
export const Permit = (operation: Operation) => applyDecorators(SetMetadata(PERMIT, operation), ApiBearerAuth());

/** A /v1 route that takes no partner token (e.g. a customer accepting a relationship). */
export const Public = () => SetMetadata(PUBLIC, true);
