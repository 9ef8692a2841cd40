import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/principal.decorator';

/**
 * Rate limiting per partner (api.md, "Errors": 429 RATE_LIMITED with Retry-After): one budget of
 * RATE_LIMIT requests per RATE_LIMIT_WINDOW for all of a partner's users and routes, kept in Redis
 * so every API instance counts the same. Runs after the AuthGuard, which names the partner; the
 * operator has a budget of its own, routes without a token count per client address. Only /v1 is
 * limited. A batch upload is one request, however many rows it has.
 */
@Injectable()
export class PartnerThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return !request.path.startsWith('/v1/') || this.throttlers.every((throttler) => throttler.limit === 0);
  }

  protected override async getTracker(request: AuthenticatedRequest): Promise<string> {
    const principal = request.principal;
    if (principal) return principal.partnerId ? `partner:${principal.partnerId}` : 'operator';
    return `address:${request.ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
