import { termEndExclusive } from '../billing/billing-cycle';
import { isReducible, reducibleQuantity } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import type { Subscription } from '../model/subscription';

/**
 * R-QTY-2: licenses may be reduced only within the window of the lot that added them, newest lots
 * first. The window is [addedAt, allowedUntil): at exactly allowedUntil (168 h) it is closed.
 */
export function requireReducible(sub: Subscription, reduceBy: number, now: Date): void {
  const reducible = reducibleQuantity(sub.lots, now);
  if (reduceBy <= reducible) return;
  const nextWindowOpensAt = termEndExclusive(sub);
  refuse('REDUCTION_WINDOW_CLOSED',
    `Only ${reducible} of the ${reduceBy} licenses can still be removed: licenses can be reduced only within 7 days of being added. ` +
    `The next chance is the window that opens when the renewal after ${nextWindowOpensAt.toISOString().slice(0, 10)} completes; ` +
    'schedule a quantity change for the renewal instead (PUT scheduled-change).', {
      subscriptionId: sub.id,
      requested: reduceBy,
      reducibleQuantity: reducible,
      lots: sub.lots.filter((l) => isReducible(l, now)).map((l) => ({ quantity: l.quantity, allowedUntil: l.allowedUntil })),
      nextReductionWindowOpensAt: nextWindowOpensAt,
      suggestion: 'scheduled-change',
    });
}
