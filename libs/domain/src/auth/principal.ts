import { DomainError } from '../errors/domain-error';
import { ROLES, Role } from './role.policy';

export interface Principal {
  userId: string;
  partnerId?: string;
  roles: Role[];
}

/** How long a token may live (`exp` from now, and from `iat`) unless configured otherwise. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * R-ROLE-1: turns verified token claims into the caller, or UNAUTHENTICATED (401) when they are
 * missing, malformed, expired, not yet valid, without `exp` or living longer than
 * `maxLifetimeSeconds`, or when they mix the operator with partner roles (api.md, "Who is
 * calling"). Signature checking is the API's job; `now` is real time.
 */
export function principalFromClaims(claims: unknown, now: Date, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): Principal | DomainError {
  const fail = (why: string): DomainError => new DomainError('UNAUTHENTICATED', `Authentication failed: ${why}.`, { reason: why });
  if (typeof claims !== 'object' || claims === null) return fail('no token');
  const c = claims as Record<string, unknown>;
  if (typeof c.sub !== 'string' || c.sub.length === 0) return fail('the token has no subject');
  if (!Array.isArray(c.roles) || c.roles.length === 0 || !c.roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    return fail('the token has no valid roles');
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof c.exp !== 'number') return fail('the token has no expiry (exp)');
  if (seconds >= c.exp) return fail('the token has expired');
  if (c.exp - seconds > maxLifetimeSeconds || (typeof c.iat === 'number' && c.exp - c.iat > maxLifetimeSeconds)) {
    return fail(`the token lives longer than the allowed ${maxLifetimeSeconds} s`);
  }
  if (typeof c.nbf === 'number' && seconds < c.nbf) return fail('the token is not valid yet');
  const roles = c.roles as Role[];
  const isOperator = roles.includes('operator');
  if (isOperator && roles.length > 1) return fail('the token mixes the operator role with partner roles');
  if (isOperator && c.partnerId !== undefined) return fail('an operator token has no partner');
  if (!isOperator && (typeof c.partnerId !== 'string' || c.partnerId.length === 0)) return fail('the token has no partner');
  return isOperator ? { userId: c.sub, roles } : { userId: c.sub, partnerId: c.partnerId as string, roles };
}
