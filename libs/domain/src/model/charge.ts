import type { Money } from './values';

export type ChargeType =
  | 'purchase' | 'add-quantity' | 'remove-quantity' | 'cycle' | 'renewal' | 'cancel-refund' | 'upgrade' | 'conversion' | 'credit';

/** One charge line; refunds and credits have negative amounts; `periodEnd` is exclusive. */
export interface Charge {
  subscriptionId: string;
  at: Date;
  type: ChargeType;
  quantity: number;
  periodStart: Date;
  periodEnd: Date;
  amount: Money;
}
