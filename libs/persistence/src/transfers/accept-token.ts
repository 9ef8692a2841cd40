import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new accept token: 256 random bits, base64url (43 characters). */
export function newAcceptToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of the token. */
export function hashAcceptToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a stored hash in constant time (both sides are SHA-256 digests). */
export function acceptTokenMatches(token: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
