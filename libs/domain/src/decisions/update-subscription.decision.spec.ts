import type { UpdateSubscription } from '../model/commands';
import type { Subscription } from '../model/subscription';
import { DAY, HOUR, T0, World, customer, expectAccepted, expectRefused } from '../testing/fixtures';

const update = (sub: Subscription, fields: Partial<UpdateSubscription>, commandId = `cmd-upd-${Math.random()}`): UpdateSubscription => ({
  type: 'update-subscription', commandId, subscriptionId: sub.id, ...fields,
});
const after = (ms: number): Date => new Date(T0.getTime() + ms);

describe('update-subscription', () => {
  describe('R-QTY-1 increase', () => {
    it('adds licenses at any time, charged prorated to the end of the paid period, as a new lot with its own window', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
      const d = w.run(update(s, { quantity: 15 }), after(200 * DAY));
      const next = d.updated[0];
      expect(next.quantity).toBe(15);
      expect(next.lots).toHaveLength(2);
      expect(next.lots[1]).toMatchObject({ quantity: 5, source: 'increase', addedAt: after(200 * DAY), allowedUntil: after(200 * DAY + 168 * HOUR) });
      // 165 of 365 days of 43,200 = 19,528.77 → 19,529 per license
      expect(d.charges).toEqual([expect.objectContaining({ type: 'add-quantity', quantity: 5, amount: { amount: 97_645, currency: 'USD' } })]);
      expect(d.events[0]).toMatchObject({ type: 'subscription.quantity-changed', data: { from: 10, to: 15 } });
      expect(d.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e3', licenses: 5, subscriptions: 0 }]);
    });
    it('R-QTY-1 not during a trial (R-TRI-3 TRIAL_RESTRICTED)', () => {
      const w = new World();
      const trial = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      expectRefused(w.decide(update(trial, { quantity: 30 }), T0), 'TRIAL_RESTRICTED');
    });
  });

  describe('R-QTY-2 reduction window', () => {
    it('reduces within 7 days of purchase; 168 h after is closed (window [t, t+168h), end exclusive)', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      expectAccepted(w.decide(update(s, { quantity: 5 }), after(168 * HOUR - 1)));
      expectRefused(w.decide(update(s, { quantity: 5 }), after(168 * HOUR)), 'REDUCTION_WINDOW_CLOSED');
      expectRefused(w.decide(update(s, { quantity: 5 }), after(168 * HOUR + 1)), 'REDUCTION_WINDOW_CLOSED');
    });
    it('each addition is a lot with its own window; the newest lots are consumed first', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.run(update(s, { quantity: 14 }), after(3 * DAY));
      w.run(update(s, { quantity: 17 }), after(5 * DAY));
      const d = w.run(update(s, { quantity: 12 }), after(6 * DAY));
      expect(d.updated[0].lots.map((l) => l.quantity)).toEqual([10, 2]);
      expect(d.charges.map((c) => c.quantity)).toEqual([3, 2]);
      // day 8: the purchase lot is closed, the day-3 lot (2 left) and nothing else is reducible
      const details = expectRefused(w.decide(update(s, { quantity: 9 }), after(8 * DAY)), 'REDUCTION_WINDOW_CLOSED');
      expect(details).toMatchObject({ requested: 3, reducibleQuantity: 2, suggestion: 'scheduled-change', nextReductionWindowOpensAt: new Date('2027-11-25T00:00:00.000Z') });
      expect(w.decide(update(s, { quantity: 9 }), after(8 * DAY)).kind === 'refused' && (w.decide(update(s, { quantity: 9 }), after(8 * DAY)) as { error: Error }).error.message).toMatch(/scheduled/);
      expectAccepted(w.decide(update(s, { quantity: 10 }), after(8 * DAY)));
    });
    it('R-QTY-2 follows the window length configured for the customer country', () => {
      const w = new World(customer({ country: 'DE' }));
      const s = w.buy('microsoft-365-e3', 10, T0);
      const policy = { reductionWindowHours: { default: 168, byCountry: { DE: 336 } } };
      const longer = new World(customer({ country: 'DE' }));
      const s2 = longer.run({ type: 'place-order', commandId: 'c', customerId: 'cust-1', orderId: 'o', lines: [{ offerId: 'microsoft-365-e3', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' }], subscriptionIds: ['s2'], attestationAccepted: true }, T0, policy).created[0];
      expect(s2.lots[0].allowedUntil).toEqual(after(336 * HOUR));
      expectAccepted(longer.decide(update(s2, { quantity: 5 }), after(300 * HOUR), policy));
      expectRefused(w.decide(update(s, { quantity: 5 }), after(300 * HOUR)), 'REDUCTION_WINDOW_CLOSED');
    });
  });

  describe('R-QTY-3 refund', () => {
    it('3,600 charged for a 30-day period, reduced 49 hours in: 3 days used, refund 3,240', () => {
      const w = new World();
      const s = w.buy('office-365-e1', 4, T0, { termDuration: 'P1M' });
      expect(s.lots[0].paid).toMatchObject({ periodStart: T0, periodEnd: new Date('2026-12-25T00:00:00.000Z'), unitAmount: { amount: 1200 } });
      const d = w.run(update(s, { quantity: 1 }), after(49 * HOUR));
      expect(d.charges).toEqual([expect.objectContaining({ type: 'remove-quantity', quantity: 3, amount: { amount: -3240, currency: 'USD' } })]);
    });
    it('a lot held 167 hours used 7 days, not 8', () => {
      const w = new World();
      const s = w.buy('office-365-e1', 4, T0, { termDuration: 'P1M' });
      const d = w.run(update(s, { quantity: 1 }), after(167 * HOUR));
      expect(d.charges[0].amount.amount).toBe(-(3600 - 840));
    });
  });

  describe('R-QTY-5 update limit (1,200)', () => {
    const at = (count: number): [World, Subscription] => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.subs.set(s.id, { ...s, updateCount: count });
      return [w, w.sub(s.id)];
    };
    it('the 1,199th and 1,200th updates succeed and are counted', () => {
      const [w1, s1] = at(1198);
      expect(expectAccepted(w1.decide(update(s1, { friendlyName: 'x' }), T0)).updated[0].updateCount).toBe(1199);
      const [w2, s2] = at(1199);
      expect(expectAccepted(w2.decide(update(s2, { friendlyName: 'x' }), T0)).updated[0].updateCount).toBe(1200);
    });
    it('the 1,201st fails with UPDATE_LIMIT_REACHED advising a second subscription', () => {
      const [w, s] = at(1200);
      const d = w.decide(update(s, { friendlyName: 'x' }), T0);
      expect(expectRefused(d, 'UPDATE_LIMIT_REACHED')).toMatchObject({ updateCount: 1200, updateLimit: 1200 });
      expect(d.kind === 'refused' && d.error.message).toMatch(/second subscription/);
    });
    it('a command that changes nothing is not counted', () => {
      const [w, s] = at(1200);
      const d = expectAccepted(w.decide(update(s, { friendlyName: s.friendlyName, quantity: s.quantity }), T0));
      expect(d.updated).toEqual([]);
    });
  });

  describe('R-CON-1 If-Match', () => {
    it('applies when the version is current, fails with VERSION_MISMATCH when it moved on', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      expectAccepted(w.decide(update(s, { friendlyName: 'a', ifMatchVersion: 0 }), T0));
      w.run(update(s, { friendlyName: 'b' }), T0);
      expect(expectRefused(w.decide(update(s, { friendlyName: 'c', ifMatchVersion: 0 }), T0), 'VERSION_MISMATCH')).toEqual({ currentVersion: 1, expectedVersion: 0 });
    });
  });

  describe('R-REN-4 while the renewal processes', () => {
    const renewing = (): [World, Subscription] => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.subs.set(s.id, { ...s, renewalInProgress: true, renewalStartedAt: new Date('2027-11-25T00:00:00Z') });
      return [w, w.sub(s.id)];
    };
    it('defers quantity and friendly name changes (RENEWAL_IN_PROGRESS)', () => {
      const [w, s] = renewing();
      expect(w.decide(update(s, { quantity: 12 }), T0)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' });
      expect(w.decide(update(s, { friendlyName: 'n' }), T0)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' });
    });
    it('refuses auto-renew changes as read-only, saying a renewal under way cannot be stopped', () => {
      const [w, s] = renewing();
      const d = w.decide(update(s, { autoRenewEnabled: false, quantity: 12 }), T0);
      expectRefused(d, 'READ_ONLY_DURING_RENEWAL');
      expect(d.kind === 'refused' && d.error.message).toMatch(/cannot stop a renewal/);
    });
  });

  describe('auto-renew and friendly name', () => {
    it('R-REN-1 auto-renew is on by default and can be turned off and on', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      expect(s.autoRenewEnabled).toBe(true);
      expect(w.run(update(s, { autoRenewEnabled: false }), T0).updated[0].autoRenewEnabled).toBe(false);
      const d = w.run(update(s, { autoRenewEnabled: true }), T0);
      expect(d.updated[0]).toMatchObject({ autoRenewEnabled: true, updateCount: 2 });
      expect(d.effects).toContain('turns auto-renew on');
    });
    it('renames the subscription', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      expect(w.run(update(s, { friendlyName: 'Sales team' }), T0).updated[0].friendlyName).toBe('Sales team');
    });
    it('is all-or-nothing across its fields', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      const d = w.decide(update(s, { friendlyName: 'x', quantity: 0 }), T0);
      expectRefused(d, 'QUANTITY_OUT_OF_RANGE');
      expect(w.sub(s.id).friendlyName).toBe('Microsoft 365 E3');
    });
  });
});
