import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/domain';
import type { Request } from 'express';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller, as the auth guard verified it. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('route without authentication asked for the principal');
  return principal;
});

/** The partner a partner user acts for; operators have none. */
export function partnerOf(principal: Principal): string {
  return principal.partnerId ?? '';
}
