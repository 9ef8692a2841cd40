import { SetMetadata } from '@nestjs/common';
import type { Operation } from '@app/domain';

export const PERMIT = 'permit';
export const PUBLIC = 'public';

/** The operation a route performs; the caller's roles must allow it (R-ROLE-1). */
export const Permit = (operation: Operation) => SetMetadata(PERMIT, operation);

/** A /v1 route that takes no partner token (e.g. a customer accepting a relationship). */
export const Public = () => SetMetadata(PUBLIC, true);
