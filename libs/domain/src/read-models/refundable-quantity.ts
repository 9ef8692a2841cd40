import { isReducible } from '../billing/lots';
import type { Policy } from '../model/policy';
import type { Subscription } from '../model/subscription';

export interface RefundableQuantity {
  total: number;
  lots: { quantity: number; allowedUntil: Date }[];
  message?: string;
}

/**
 * R-QTY-4: the licenses that can still be reduced, per lot with the (exclusive) moment until which
 * it may be reduced, oldest first; an empty list with a message when none.
 */
export function refundableQuantity(subscription: Subscription, now: Date, _policy?: Policy): RefundableQuantity {
  const lots = subscription.status === 'active' && !subscription.isTrial
    ? subscription.lots
      .filter((l) => isReducible(l, now))
      .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime())
      .map((l) => ({ quantity: l.quantity, allowedUntil: l.allowedUntil as Date }))
    : [];
  const total = lots.reduce((n, l) => n + l.quantity, 0);
  return total > 0
    ? { total, lots }
    : { total: 0, lots: [], message: 'No licenses can be reduced now: licenses can be reduced only within 7 days of being added. Schedule a change for the renewal instead.' };
}
