import { DomainError, isDomainError, refuse } from './domain-error';
import { ERROR_CODES, ERROR_HTTP_STATUS } from './error-codes';

/** The R-ERR-1 table, a contract checked outside the project. */
const CONTRACT = [
  'PARTNER_CANNOT_TRANSACT', 'RESELLER_INVALID', 'ATTESTATION_REQUIRED', 'ADDITIONAL_RESELLERS_INVALID', 'SUBSCRIPTION_LIMIT_REACHED',
  'QUANTITY_OUT_OF_RANGE', 'OFFER_NOT_AVAILABLE', 'BASE_LICENSE_REQUIRED', 'MULTI_GEO_MINIMUM', 'COPILOT_EXCEEDS_BASE', 'REDUCTION_WINDOW_CLOSED',
  'UPDATE_LIMIT_REACHED', 'UPGRADE_NOT_SUPPORTED', 'UPGRADE_TARGET_INELIGIBLE', 'SUBSCRIPTION_NOT_ACTIVE', 'AUTO_RENEW_REQUIRED', 'TRIAL_RESTRICTED',
  'CONVERSION_NOT_ALLOWED', 'CANCELLATION_WINDOW_CLOSED', 'SUBSCRIPTION_CANCELLED', 'SUBSCRIPTION_EXPIRED', 'RENEWAL_IN_PROGRESS',
  'RENEWAL_CONFLICT_TIMEOUT', 'READ_ONLY_DURING_RENEWAL', 'TRANSFER_NOT_ALLOWED', 'VERSION_MISMATCH', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND',
];

describe('R-ERR-1 error codes', () => {
  it('every contract code exists with an HTTP status: 422 rule refusals, 409 conflicts, 401/403/404 for the auth ones', () => {
    for (const code of CONTRACT) expect(ERROR_CODES).toContain(code);
    expect(ERROR_HTTP_STATUS).toMatchObject({ VERSION_MISMATCH: 409, RENEWAL_IN_PROGRESS: 409, RENEWAL_CONFLICT_TIMEOUT: 409, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, QUANTITY_OUT_OF_RANGE: 422 });
    for (const code of CONTRACT) expect([401, 403, 404, 409, 422]).toContain(ERROR_HTTP_STATUS[code as keyof typeof ERROR_HTTP_STATUS]);
  });

  it('a DomainError carries code, status, an actionable message and details; serializes as the API error body', () => {
    const e = new DomainError('QUANTITY_OUT_OF_RANGE', 'Too many', { max: 300 });
    expect(e).toBeInstanceOf(Error);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(e.toJSON()).toEqual({ statusCode: 422, code: 'QUANTITY_OUT_OF_RANGE', message: 'Too many', details: { max: 300 } });
    expect(new DomainError('NOT_FOUND', 'gone').details).toEqual({});
    expect(() => refuse('FORBIDDEN', 'no')).toThrow(DomainError);
  });
});
