import { signToken, TokenClaims } from '../../scripts/api-client';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-16-chars';

export function tokenFor(claims: TokenClaims, options: { secret?: string; expiresIn?: string } = {}): Promise<string> {
  return signToken(options.secret ?? TEST_JWT_SECRET, { ...claims, sub: claims.sub ?? 'test-user' }, options.expiresIn ?? '1h');
}
