import type { Offer } from '../catalog/offer';
import type { Subscription } from '../model/subscription';
import type { BillingFrequency } from '../model/values';

export type CancellationOutcome =
  | 'prorated-refund' // R-CAN-1: within the 7-day window of the term
  | 'window-closed' // R-CAN-2
  | 'full-credit' // R-CAN-MP: traditional marketplace, early enough after the order
  | 'at-renewal'; // R-CAN-MP: traditional marketplace, later: scheduled for the renewal

/**
 * R-CAN-MP as data: how long after the order a traditional marketplace SaaS subscription gets full
 * credit, per billing frequency; after that the cancellation is scheduled for the renewal.
 * Less than the limit: full credit; exactly at the limit: scheduled ("less than 24 hours").
 */
export const MARKETPLACE_FULL_CREDIT_MS: Readonly<Record<BillingFrequency, number>> = {
  monthly: 24 * 3_600_000,
  annual: 14 * 24 * 3_600_000,
  triennial: 14 * 24 * 3_600_000,
};

/** When a cancellation refunds (R-CAN-1/2/MP). The new-commerce window is [opened, cancellableUntil). */
export function cancellationOutcome(sub: Subscription, offer: Offer, now: Date): CancellationOutcome {
  if (offer.traditional) {
    return now.getTime() - sub.purchasedAt.getTime() < MARKETPLACE_FULL_CREDIT_MS[sub.billingFrequency] ? 'full-credit' : 'at-renewal';
  }
  return sub.cancellableUntil && now.getTime() < sub.cancellableUntil.getTime() ? 'prorated-refund' : 'window-closed';
}
