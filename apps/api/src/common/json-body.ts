const INTERNAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What a request body may be: JSON objects or arrays of at most 1 MiB. */
export const JSON_BODY_OPTIONS = { limit: '1mb', strict: true, reviver: refuseObjectInternals };
export const BODY_TOO_LARGE_MESSAGE = 'The request body is larger than allowed (1 MiB).';

/**
 * `__proto__`, `constructor` and `prototype` are not fields of any request, but the DTO whitelist
 * cannot see them (class-transformer skips them), so they are refused while parsing, as a 400.
 */
function refuseObjectInternals(key: string, value: unknown): unknown {
  if (INTERNAL_KEYS.has(key)) throw new SyntaxError(`property ${key} should not exist`);
  return value;
}
