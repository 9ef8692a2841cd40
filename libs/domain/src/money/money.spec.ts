import fc from 'fast-check';
import { divideHalfUp, money, negate, sumMoney, times } from './money';
import { daysUsed, nextDayBoundary, periodDays, prorate, refundFor } from './proration';

const DAY = 86_400_000;
const START = new Date('2026-11-25T10:00:00.000Z');
const at = (ms: number): Date => new Date(START.getTime() + ms);

describe('money and proration', () => {
  it('money is integer minor units; helpers stay integers', () => {
    expect(() => money(1.5, 'USD')).toThrow(/integer/);
    expect(sumMoney([money(100, 'USD'), money(-30, 'USD')], 'USD')).toEqual({ amount: 70, currency: 'USD' });
    expect(negate(money(5, 'USD'))).toEqual({ amount: -5, currency: 'USD' });
    expect(negate(money(0, 'USD')).amount).toBe(0);
    expect(Object.is(negate(money(0, 'USD')).amount, -0)).toBe(false);
    expect(times(money(3600, 'USD'), 3)).toEqual({ amount: 10_800, currency: 'USD' });
  });

  it('divideHalfUp rounds half away from zero, exactly', () => {
    expect([divideHalfUp(5, 2), divideHalfUp(4, 3), divideHalfUp(-5, 2), divideHalfUp(-4, 3), divideHalfUp(0, 7)]).toEqual([3, 1, -3, -1, 0]);
    expect(() => divideHalfUp(1, 0)).toThrow(/positive/);
  });

  describe('R-QTY-3 day boundaries', () => {
    const end = at(30 * DAY);
    it('a period of 29.4 days counts 30; an empty period 0 days', () => {
      expect(periodDays(START, new Date('2026-12-25T00:00:00Z'))).toBe(30);
      expect(periodDays(START, START)).toBe(0);
    });
    it.each([
      [0, 0], [1, 1], [DAY - 1, 1], [DAY, 1], [DAY + 1, 2], [49 * 3_600_000, 3], [167 * 3_600_000, 7], [168 * 3_600_000, 7], [168 * 3_600_000 + 1, 8], [40 * DAY, 30], [-DAY, 0],
    ])('%i ms into a 30-day period: %i days used (a started day counts)', (ms, days) => {
      expect(daysUsed(START, end, at(ms))).toBe(days);
    });
    it('3,600 for 30 days, 49 hours in: refund 3,240', () => {
      expect(refundFor(money(3600, 'USD'), START, end, at(49 * 3_600_000))).toEqual({ amount: 3240, currency: 'USD' });
      expect(refundFor(money(3600, 'USD'), START, end, at(30 * DAY))).toEqual({ amount: 0, currency: 'USD' });
      expect(refundFor(money(3600, 'USD'), START, end, START)).toEqual({ amount: 3600, currency: 'USD' });
    });
    it('rounds once per charge line, half-up', () => {
      expect(prorate(1000, 1, 3)).toBe(333);
      expect(prorate(1000, 2, 3)).toBe(667);
      expect(prorate(5, 1, 2)).toBe(3);
      expect(prorate(5, 1, 0)).toBe(0);
    });
    it('the next day boundary of the period grid', () => {
      expect(nextDayBoundary(START, end, at(49 * 3_600_000))).toEqual(at(3 * DAY));
      expect(nextDayBoundary(START, end, at(2 * DAY))).toEqual(at(2 * DAY));
      expect(nextDayBoundary(START, at(DAY / 2), at(DAY / 4))).toEqual(at(DAY / 2));
    });
  });

  describe('properties', () => {
    const amount = fc.integer({ min: 0, max: 50_000_000 });
    const days = fc.integer({ min: 1, max: 1_100 });

    it('R-QTY-3 a refund is never negative and never exceeds the charge', () => {
      fc.assert(fc.property(amount, days, fc.integer({ min: -5 * DAY, max: 1_200 * DAY }), (charged, d, offset) => {
        const refund = refundFor(money(charged, 'USD'), START, at(d * DAY), at(offset)).amount;
        return refund >= 0 && refund <= charged;
      }));
    });

    it('R-QTY-3 proration over a term sums to the term price within one cent per day', () => {
      fc.assert(fc.property(amount, days, (price, d) => {
        let sum = 0;
        for (let i = 0; i < d; i++) sum += prorate(price, 1, d);
        return Math.abs(sum - price) <= d;
      }));
    });

    it('R-QTY-3 splitting a period at any day boundaries loses at most one cent per part', () => {
      fc.assert(fc.property(amount, days, fc.array(fc.integer({ min: 1, max: 1_099 }), { maxLength: 12 }), (price, d, cuts) => {
        const bounds = [0, ...[...new Set(cuts.filter((c) => c < d))].sort((a, b) => a - b), d];
        let sum = 0;
        for (let i = 1; i < bounds.length; i++) sum += prorate(price, bounds[i] - bounds[i - 1], d);
        return Math.abs(sum - price) <= bounds.length - 1;
      }));
    });

    it('a refund plus the used part is exactly the charge (nothing lost to rounding)', () => {
      fc.assert(fc.property(amount, days, fc.integer({ min: 0, max: 1_100 }), (charged, d, used) => {
        const refund = refundFor(money(charged, 'USD'), START, at(d * DAY), at(used * DAY)).amount;
        return refund + prorate(charged, Math.min(used, d), d) === charged;
      }));
    });
  });
});
