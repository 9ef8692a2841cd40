import type { BillingFrequency, Money, SubscriptionStatus, TermDuration } from './values';

/** What was paid per license for one billing period; `periodEnd` is exclusive (R-QTY-3). */
export interface PaidPeriod {
  periodStart: Date;
  periodEnd: Date;
  unitAmount: Money;
}

export type LotSource = 'purchase' | 'increase' | 'renewal' | 'conversion' | 'upgrade' | 'transfer';

/**
 * Licenses added together (R-QTY-2). `allowedUntil` is the exclusive end of their reduction window;
 * absent when they open none (upgrades R-UPG-6, transfers). `paid` keeps what refunds and credits need.
 */
export interface Lot {
  id: string;
  quantity: number;
  addedAt: Date;
  allowedUntil?: Date;
  source: LotSource;
  paid: PaidPeriod;
}

/** What a scheduled change may set (R-SCH-1), as asked and as kept. */
export interface ScheduledChangeFields {
  offerId?: string;
  quantity?: number;
  termDuration?: TermDuration;
  billingFrequency?: BillingFrequency;
  cotermEndDate?: Date;
  /** Trials only (R-TRI-6): convert at trial end into this existing subscription of the paid offer. */
  targetSubscriptionId?: string;
}

/** A change applied at renewal (R-SCH-*) or, for a trial, the conversion at its end (R-TRI-6). */
export interface ScheduledChange extends ScheduledChangeFields {
  kind: 'renewal' | 'conversion';
  requestedAt: Date;
  commandId: string;
}

export type EndedReason = 'cancelled' | 'upgraded' | 'transferred' | 'converted' | 'term-ended' | 'suspended-at-term-end' | 'trial-ended';

export interface RedundantLicenses {
  /** Last moment to ask for the cancellation of the redundant lower licenses (R-UPG-9). */
  deadline: Date;
  higherSubscriptionId: string;
  higherOfferId: string;
}

export interface Subscription {
  id: string;
  customerId: string;
  partnerId: string;
  offerId: string;
  offerName: string;
  friendlyName: string;
  quantity: number;
  status: SubscriptionStatus;
  isTrial: boolean;
  /** Last (inclusive) day of the trial, midnight UTC. */
  trialEndDate?: Date;
  autoRenewEnabled: boolean;
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  /** First day of the term, midnight UTC. */
  termStartDate: Date;
  /** Last (inclusive) day of the term, midnight UTC (R-REN-2). */
  termEndDate: Date;
  renewalInProgress: boolean;
  renewalStartedAt?: Date;
  /** The billing cycle paid last: [currentPeriodStart, currentPeriodEnd). */
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  /** R-REN-5: a mid-term billing frequency change waiting for the next cycle charge. */
  pendingBillingFrequency?: BillingFrequency;
  /** Exclusive end of the cancellation window of the current term (R-CAN-1); absent: none. */
  cancellableUntil?: Date;
  lots: Lot[];
  scheduledChange?: ScheduledChange;
  baseSubscriptionId?: string;
  addOnSubscriptionIds: string[];
  resellerId?: string;
  additionalResellerIds?: string[];
  promotionId?: string;
  updateCount: number;
  setupUrl?: string;
  redundantLicenses?: RedundantLicenses;
  customerCountry: string;
  purchasedAt: Date;
  orderId?: string;
  suspendedAt?: Date;
  /** Set when the suspension came from the base subscription (R-ADD-2), so reactivation follows it. */
  suspendedWithBaseId?: string;
  endedAt?: Date;
  endedReason?: EndedReason;
  /** R-CAN-MP: a traditional marketplace cancellation that takes effect at the renewal date. */
  pendingCancellation?: { requestedAt: Date };
  /** R-SUS-4: expired while suspended, its data is deleted. */
  dataDeleted?: boolean;
  /** Where it came from: trial conversion, transfer. */
  origin?: { kind: 'trial-conversion' | 'transfer' | 'upgrade'; subscriptionId: string };
  /** Reminders due up to this instant were sent (read-models/reminders.ts); from the term start when absent. */
  remindedThrough?: Date;
  version: number;
}
