export type Segment = 'commercial' | 'education' | 'government' | 'nonprofit';
export type PartnerType = 'direct-bill' | 'indirect-provider' | 'indirect-reseller';
export type TermDuration = 'P1M' | 'P1Y' | 'P3Y';
export type BillingFrequency = 'monthly' | 'annual' | 'triennial';
export type SubscriptionStatus = 'active' | 'suspended' | 'cancelled' | 'expired';
export type Publisher = 'microsoft' | 'partner';
export type BillingType = 'license' | 'usage';
export type OfferCategory = 'enterprise' | 'small-business' | 'trial';

export const SEGMENTS: readonly Segment[] = ['commercial', 'education', 'government', 'nonprofit'];
export const PARTNER_TYPES: readonly PartnerType[] = ['direct-bill', 'indirect-provider', 'indirect-reseller'];
export const TERM_DURATIONS: readonly TermDuration[] = ['P1M', 'P1Y', 'P3Y'];
export const BILLING_FREQUENCIES: readonly BillingFrequency[] = ['monthly', 'annual', 'triennial'];

/** Length of one billing cycle of each frequency (ISO 8601). */
export const CYCLE_LENGTH: Record<BillingFrequency, string> = { monthly: 'P1M', annual: 'P1Y', triennial: 'P3Y' };

/** Integer minor units of `currency`; refunds and credits are negative. */
export interface Money {
  amount: number;
  currency: string;
}
