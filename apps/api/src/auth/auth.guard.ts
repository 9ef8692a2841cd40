import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authorize, DomainError, Operation, principalFromClaims } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { errors, jwtVerify } from 'jose';
import { PERMIT, PUBLIC } from './permit.decorator';
import { AuthenticatedRequest } from './principal.decorator';

const PROTECTED_PREFIXES = ['/v1/', '/admin/'];

/**
 * HS256 bearer tokens (api.md, "Who is calling"): missing, malformed, expired, wrongly signed,
 * without `exp`, living longer than AUTH_MAX_TOKEN_LIFETIME or mixing operator and partner roles → 401; a role that does not allow the route's operation → 403. `exp`/`nbf` use real time.
 * Every /v1 route must name its operation with @Permit or be marked @Public; otherwise it is denied.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly key: Uint8Array;
  private readonly maxLifetimeSeconds: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = new TextEncoder().encode(config.authJwtSecret);
    this.maxLifetimeSeconds = Math.floor(config.authMaxTokenLifetimeMs / 1000);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const operation = this.reflector.getAllAndOverride<Operation | undefined>(PERMIT, targets);
    if (!operation && !PROTECTED_PREFIXES.some((prefix) => request.path.startsWith(prefix))) return true;

    request.principal = await this.authenticate(request.headers.authorization);
    const refusal = operation ? authorize(request.principal.roles, operation) : new DomainError('FORBIDDEN', 'This route is not open to any role.');
    if (refusal) throw refusal;
    return true;
  }

  async authenticate(header: string | undefined) {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '')?.[1];
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Authentication failed: send Authorization: Bearer <token>.', { reason: 'no token' });
    let claims: unknown;
    try {
      ({ payload: claims } = await jwtVerify(token, this.key, { algorithms: ['HS256'], clockTolerance: 0 }));
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? 'the token has expired' : error instanceof errors.JWTClaimValidationFailed ? error.message : 'the token is malformed or wrongly signed';
      throw new DomainError('UNAUTHENTICATED', `Authentication failed: ${reason}.`, { reason });
    }
    const principal = principalFromClaims(claims, new Date(), this.maxLifetimeSeconds);
    if (principal instanceof DomainError) throw principal;
    return principal;
  }
}
