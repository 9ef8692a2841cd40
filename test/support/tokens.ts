import { SignJWT } from 'jose';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-16-chars';

export async function tokenFor(claims: { partnerId?: string; roles: string[]; sub?: string }, options: { secret?: string; expiresIn?: string } = {}): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub ?? 'test-user')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}
