import type { Money } from '../model/values';

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new Error(`Money must be an integer number of minor units, got ${amount}`);
  return { amount, currency };
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  return money(items.reduce((total, m) => total + m.amount, 0), currency);
}

export function negate(m: Money): Money {
  return money(m.amount === 0 ? 0 : -m.amount, m.currency);
}

export function times(m: Money, quantity: number): Money {
  return money(m.amount * quantity, m.currency);
}

/**
 * numerator / denominator rounded half-up to an integer, exact for integers (no floating point):
 * used once per charge line (R-QTY-3).
 */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new Error('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  return sign * (2 * r >= denominator ? q + 1 : q);
}
