import { DEFAULT_POLICY } from '../model/policy';
import { nextDueWork } from '../read-models/next-due-work';
import { refundableQuantity } from '../read-models/refundable-quantity';
import { resolveDeferral } from '../rules/deferral.rules';
import { termEndDate } from '../time/calendar';
import { DAY, HOUR, T0, World, cmdFor, expectAccepted, expectRefused, plus } from '../testing/fixtures';

const TERM_END = new Date('2027-11-24T00:00:00.000Z');
const RENEWAL_START = new Date('2027-11-25T00:00:00.000Z');
const COMPLETED = plus(RENEWAL_START, HOUR);

describe('renewal', () => {
  it('R-REN-2 term end date is D + P − 1 day at midnight UTC (2026-11-25 + P1M → 2026-12-24)', () => {
    expect(termEndDate(new Date('2026-11-25T15:30:00Z'), 'P1M')).toEqual(new Date('2026-12-24T00:00:00.000Z'));
    expect(termEndDate(new Date('2026-11-25T00:00:00Z'), 'P1Y')).toEqual(new Date('2027-11-24T00:00:00.000Z'));
    expect(termEndDate(new Date('2026-11-25T23:59:59.999Z'), 'P3Y')).toEqual(new Date('2029-11-24T00:00:00.000Z'));
    expect(termEndDate(new Date('2023-02-01T00:00:00Z'), 'P1M')).toEqual(new Date('2023-02-28T00:00:00.000Z'));
  });

  it('R-REN-2 the term end day is inclusive; renewal starts at the start of the next day', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    expect(s.termEndDate).toEqual(TERM_END);
    expect(nextDueWork({ ...s, currentPeriodEnd: RENEWAL_START }, DEFAULT_POLICY)).toEqual({ type: 'start-renewal', at: RENEWAL_START });
    w.subs.set(s.id, { ...s, currentPeriodEnd: RENEWAL_START });
    expectRefused(w.decide(cmdFor('start-renewal', s.id), plus(RENEWAL_START, -1)), 'NOT_DUE');
    const d = w.run(cmdFor('start-renewal', s.id), RENEWAL_START);
    expect(d.updated[0]).toMatchObject({ renewalInProgress: true, renewalStartedAt: RENEWAL_START });
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toEqual({ type: 'complete-renewal', at: COMPLETED });
    expectRefused(w.decide(cmdFor('complete-renewal', s.id), plus(COMPLETED, -1)), 'NOT_DUE');
  });

  it('R-REN-3 at renewal a new term starts and is charged, and a new 7-day window opens at the exact moment the renewal completes', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    w.run(cmdFor('start-renewal', s.id), RENEWAL_START);
    const d = w.run(cmdFor('complete-renewal', s.id), COMPLETED);
    const r = d.updated[0];
    expect(r).toMatchObject({ termStartDate: RENEWAL_START, termEndDate: new Date('2028-11-24T00:00:00.000Z'), renewalInProgress: false, cancellableUntil: plus(COMPLETED, 168 * HOUR) });
    expect(r.renewalStartedAt).toBeUndefined();
    expect(r.lots).toEqual([expect.objectContaining({ quantity: 10, source: 'renewal', addedAt: COMPLETED, allowedUntil: plus(COMPLETED, 168 * HOUR) })]);
    expect(d.charges).toEqual([expect.objectContaining({ type: 'renewal', quantity: 10, periodStart: RENEWAL_START, periodEnd: new Date('2028-11-25T00:00:00.000Z'), amount: { amount: 432_000, currency: 'USD' } })]);
    expect(d.events[0].type).toBe('subscription.renewed');
    expect(refundableQuantity(r, plus(COMPLETED, 168 * HOUR - 1))).toEqual({ total: 10, lots: [{ quantity: 10, allowedUntil: plus(COMPLETED, 168 * HOUR) }] });
    expectAccepted(w.decide(cmdFor('update-subscription', s.id, { quantity: 4 }), plus(COMPLETED, 168 * HOUR - 1)));
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { quantity: 4 }), plus(COMPLETED, 168 * HOUR)), 'REDUCTION_WINDOW_CLOSED');
    expectAccepted(w.decide(cmdFor('cancel-subscription', s.id), plus(COMPLETED, 168 * HOUR - 1)));
    expectRefused(w.decide(cmdFor('cancel-subscription', s.id), plus(COMPLETED, 168 * HOUR)), 'CANCELLATION_WINDOW_CLOSED');
  });

  it('R-REN-4 a deferred command is retried every 2 minutes and fails with RENEWAL_CONFLICT_TIMEOUT after 26 hours', () => {
    const accepted = RENEWAL_START;
    expect(resolveDeferral(accepted, plus(accepted, 5 * 60_000), DEFAULT_POLICY)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS', nextAttemptAt: plus(accepted, 7 * 60_000) });
    expect(resolveDeferral(accepted, plus(accepted, 26 * HOUR - 60_000), DEFAULT_POLICY)).toMatchObject({ kind: 'deferred', nextAttemptAt: plus(accepted, 26 * HOUR) });
    const timeout = resolveDeferral(accepted, plus(accepted, 26 * HOUR), DEFAULT_POLICY);
    expect(timeout.kind === 'refused' && timeout.error.code).toBe('RENEWAL_CONFLICT_TIMEOUT');
    expect(timeout.kind === 'refused' && timeout.error.httpStatus).toBe(409);
  });

  it('R-REN-4 the same quantity change succeeds once the renewal has completed', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.subs.set(s.id, { ...s, currentPeriodEnd: RENEWAL_START });
    w.run(cmdFor('start-renewal', s.id), RENEWAL_START);
    const change = cmdFor('update-subscription', s.id, { quantity: 12 });
    expect(w.decide(change, plus(RENEWAL_START, 2 * 60_000)).kind).toBe('deferred');
    w.run(cmdFor('complete-renewal', s.id), COMPLETED);
    expect(expectAccepted(w.decide(change, plus(COMPLETED, 2 * 60_000))).updated[0].quantity).toBe(12);
  });

  it('R-REN-5 a mid-term billing frequency change takes effect at the next cycle charge and is read-only until then', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'monthly' });
    const d = w.run(cmdFor('update-subscription', s.id, { billingFrequency: 'annual' }), plus(T0, 10 * DAY));
    expect(d.updated[0]).toMatchObject({ billingFrequency: 'monthly', pendingBillingFrequency: 'annual' });
    expect(d.effects.join(' ')).toMatch(/next cycle charge/);
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { billingFrequency: 'monthly' }), plus(T0, 11 * DAY)), 'READ_ONLY_DURING_RENEWAL');
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { billingFrequency: 'triennial' }), plus(T0, 11 * DAY)), 'READ_ONLY_DURING_RENEWAL');
    const cycleAt = new Date('2026-12-25T00:00:00.000Z');
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toEqual({ type: 'charge-cycle', at: cycleAt });
    const c = w.run(cmdFor('charge-cycle', s.id), cycleAt);
    expect(c.updated[0].billingFrequency).toBe('annual');
    expect(c.updated[0].pendingBillingFrequency).toBeUndefined();
    // the rest of the term (2026-12-25 → 2027-11-25: 335 of 365 days) at the annual price
    expect(c.charges[0]).toMatchObject({ type: 'cycle', periodStart: cycleAt, periodEnd: RENEWAL_START, amount: { amount: 10 * Math.round((43_200 * 335) / 365) } });
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toEqual({ type: 'start-renewal', at: RENEWAL_START });
  });

  it('R-REN-5 a frequency the term does not sell is refused', () => {
    const w = new World();
    const s = w.buy('office-365-e1', 10);
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { billingFrequency: 'triennial' }), T0), 'TERM_NOT_OFFERED');
  });

  it('R-REN-6 with auto-renew off the subscription expires at its term end', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    w.run(cmdFor('update-subscription', s.id, { autoRenewEnabled: false }), T0);
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toEqual({ type: 'expire-subscription', at: RENEWAL_START });
    expectRefused(w.decide(cmdFor('start-renewal', s.id), RENEWAL_START), 'NOT_DUE');
    expectRefused(w.decide(cmdFor('expire-subscription', s.id), plus(RENEWAL_START, -1)), 'NOT_DUE');
    const d = w.run(cmdFor('expire-subscription', s.id), RENEWAL_START);
    expect(d.updated[0]).toMatchObject({ status: 'expired', endedReason: 'term-ended' });
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toBeUndefined();
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { quantity: 3 }), RENEWAL_START), 'SUBSCRIPTION_EXPIRED');
  });

  it('charges every monthly cycle of an annual term, then renews', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 2, T0);
    let due = nextDueWork(w.sub(s.id), DEFAULT_POLICY);
    let cycles = 0;
    while (due?.type === 'charge-cycle') {
      w.run(cmdFor('charge-cycle', s.id), due.at);
      cycles += 1;
      due = nextDueWork(w.sub(s.id), DEFAULT_POLICY);
    }
    expect(cycles).toBe(11);
    expect(due).toEqual({ type: 'start-renewal', at: RENEWAL_START });
    expectRefused(w.decide(cmdFor('charge-cycle', s.id), plus(RENEWAL_START, DAY)), 'NOT_DUE');
  });
});
