import { ApiError } from './api-error';

/** `Idempotency-Key`: 1 to 256 visible ASCII characters. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,256}$/.test(header)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'Idempotency-Key', message: 'must be 1 to 256 visible ASCII characters' }]);
  }
  return header;
}

/** `If-Match: "<version>"` (R-CON-1). */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'If-Match', message: 'must be the subscription version, e.g. "3"' }]);
  }
  return Number(match[1]);
}

/** `?dryRun=true|false`. */
export function isDryRun(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', [{ field: 'dryRun', message: 'must be true or false' }]);
}
