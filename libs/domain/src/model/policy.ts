/** Configuration the rules read. */
export interface Policy {
  /** R-ORD-4 */
  subscriptionLimit: number;
  /** R-QTY-5 */
  updateLimit: number;
  /** R-QTY-2, R-CAN-1: window length per customer country (ISO 3166 alpha-2), default 168 h. */
  reductionWindowHours: { default: number; byCountry: Record<string, number> };
  /** How long a renewal takes to complete (R-REN-2, RENEWAL_PROCESSING_DURATION). */
  renewalProcessingMs: number;
  /** R-REN-4: retry delay of a deferred command and the maximum wait (CONFLICT_RETRY_DELAY, CONFLICT_MAX_WAIT). */
  conflictRetryDelayMs: number;
  conflictMaxWaitMs: number;
  currency: string;
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  subscriptionLimit: 300,
  updateLimit: 1200,
  reductionWindowHours: Object.freeze({ default: 168, byCountry: Object.freeze({}) as Record<string, number> }),
  renewalProcessingMs: 3_600_000,
  conflictRetryDelayMs: 120_000,
  conflictMaxWaitMs: 26 * 3_600_000,
  currency: 'USD',
}) as Policy;

export function reductionWindowMs(policy: Policy, country: string): number {
  const hours = policy.reductionWindowHours.byCountry[country.toUpperCase()] ?? policy.reductionWindowHours.default;
  return hours * 3_600_000;
}
