import { negate, times } from '../money/money';
import { refundFor } from '../money/proration';
import type { Charge, ChargeType } from '../model/charge';
import type { Lot, LotSource, PaidPeriod } from '../model/subscription';

export interface TakenLicenses {
  lot: Lot;
  quantity: number;
}

export function newLot(id: string, quantity: number, addedAt: Date, source: LotSource, paid: PaidPeriod, allowedUntil?: Date): Lot {
  return allowedUntil ? { id, quantity, addedAt, allowedUntil, source, paid } : { id, quantity, addedAt, source, paid };
}

/** Lots whose reduction window is open at `now`: the window is [addedAt, allowedUntil), end exclusive. */
export function isReducible(lot: Lot, now: Date): boolean {
  return lot.allowedUntil !== undefined && now.getTime() < lot.allowedUntil.getTime() && lot.quantity > 0;
}

export function reducibleQuantity(lots: readonly Lot[], now: Date): number {
  return lots.filter((l) => isReducible(l, now)).reduce((n, l) => n + l.quantity, 0);
}

/** Newest first; lots added at the same instant keep their order (the sort is stable). */
const newestFirst = (a: Lot, b: Lot): number => b.addedAt.getTime() - a.addedAt.getTime();

/**
 * Takes `quantity` licenses from the lots that pass `eligible`, newest first (R-QTY-2);
 * returns the remaining lots (original order, emptied lots dropped) and what was taken.
 */
export function takeNewestFirst(lots: readonly Lot[], quantity: number, eligible: (lot: Lot) => boolean = () => true): { lots: Lot[]; taken: TakenLicenses[] } {
  const taken: TakenLicenses[] = [];
  let left = quantity;
  for (const lot of [...lots].filter(eligible).sort(newestFirst)) {
    if (left === 0) break;
    const n = Math.min(left, lot.quantity);
    taken.push({ lot, quantity: n });
    left -= n;
  }
  const takenById = new Map(taken.map((t) => [t.lot.id, t.quantity]));
  const remaining = lots
    .map((l) => (takenById.has(l.id) ? { ...l, quantity: l.quantity - (takenById.get(l.id) as number) } : l))
    .filter((l) => l.quantity > 0);
  return { lots: remaining, taken };
}

/** Refund or credit lines for licenses that stop at `at`: one line per lot, rounded once (R-QTY-3). */
export function refundLines(subscriptionId: string, taken: readonly TakenLicenses[], at: Date, type: ChargeType): Charge[] {
  return taken.map(({ lot, quantity }) => {
    const charged = times(lot.paid.unitAmount, quantity);
    const back = refundFor(charged, lot.paid.periodStart, lot.paid.periodEnd, at);
    return { subscriptionId, at, type, quantity, periodStart: lot.paid.periodStart, periodEnd: lot.paid.periodEnd, amount: negate(back) };
  });
}

export function chargeLine(subscriptionId: string, at: Date, type: ChargeType, quantity: number, paid: PaidPeriod): Charge {
  return { subscriptionId, at, type, quantity, periodStart: paid.periodStart, periodEnd: paid.periodEnd, amount: times(paid.unitAmount, quantity) };
}
