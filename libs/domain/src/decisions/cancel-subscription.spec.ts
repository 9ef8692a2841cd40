import { DAY, HOUR, T0, World, cmdFor, customer, expectAccepted, expectRefused, orderOf, plus } from '../testing/fixtures';

describe('cancel-subscription', () => {
  it('R-CAN-1 cancels within 7 days of the purchase with a prorated refund (R-QTY-3 rules)', () => {
    const w = new World();
    const s = w.buy('office-365-e1', 3, T0, { termDuration: 'P1M' });
    const d = w.run(cmdFor('cancel-subscription', s.id), plus(T0, 49 * HOUR));
    expect(d.charges).toEqual([expect.objectContaining({ type: 'cancel-refund', quantity: 3, amount: { amount: -3240, currency: 'USD' } })]);
    expect(d.updated[0]).toMatchObject({ status: 'cancelled', endedReason: 'cancelled', autoRenewEnabled: false, lots: [] });
    expect(d.result).toMatchObject({ cancellation: 'prorated-refund', refund: { amount: -3240, currency: 'USD' } });
    expect(d.events[0].type).toBe('subscription.cancelled');
    expect(d.holdingDeltas).toEqual([{ offerId: 'office-365-e1', licenses: -3, subscriptions: -1 }]);
  });

  it('R-CAN-1 refunds every lot, including licenses added mid-window', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    w.run(cmdFor('update-subscription', s.id, { quantity: 12 }), plus(T0, 2 * DAY));
    const d = w.run(cmdFor('cancel-subscription', s.id), plus(T0, 3 * DAY));
    expect(d.charges.map((c) => c.quantity)).toEqual([10, 2]);
    expect(d.charges.every((c) => c.amount.amount < 0)).toBe(true);
  });

  it('R-CAN-1 the window is configurable per customer country', () => {
    const w = new World(customer({ country: 'DE' }));
    const s = w.run(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0, { reductionWindowHours: { default: 168, byCountry: { DE: 240 } } }).created[0];
    expectAccepted(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 200 * HOUR)));
  });

  it('R-CAN-2 after the window cancellation is refused with CANCELLATION_WINDOW_CLOSED (exactly 168 h is outside)', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    expectAccepted(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 168 * HOUR - 1)));
    const details = expectRefused(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 168 * HOUR)), 'CANCELLATION_WINDOW_CLOSED');
    expect(details.cancellableUntil).toEqual(plus(T0, 168 * HOUR));
    expectRefused(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 168 * HOUR + 1)), 'CANCELLATION_WINDOW_CLOSED');
  });

  it('R-CAN-3 a cancelled subscription can never be reactivated; every later command fails with SUBSCRIPTION_CANCELLED', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('cancel-subscription', s.id), plus(T0, HOUR));
    for (const [type, extra] of [
      ['reactivate-subscription', {}], ['update-subscription', { quantity: 11 }], ['cancel-subscription', {}], ['suspend-subscription', {}],
      ['upgrade-subscription', { targetOfferId: 'microsoft-365-e5', quantity: 10, schedule: 'now', newSubscriptionId: 'n' }],
      ['put-scheduled-change', { quantity: 3 }], ['start-renewal', {}],
    ] as const) {
      expectRefused(w.decide(cmdFor(type, s.id, extra), plus(T0, 2 * HOUR)), 'SUBSCRIPTION_CANCELLED');
    }
  });

  describe('R-CAN-MP traditional marketplace SaaS', () => {
    it('billed monthly: full credit less than 24 hours after the order; at 24 h it is scheduled for the renewal', () => {
      const w = new World();
      const s = w.buy('tailspin-analytics', 5, T0, { billingFrequency: 'monthly' });
      const d = w.run(cmdFor('cancel-subscription', s.id), plus(T0, 24 * HOUR - 1));
      expect(d.charges[0].amount.amount).toBe(-5 * 2000);
      expect(d.result.cancellation).toBe('full-credit');
      const w2 = new World();
      const s2 = w2.buy('tailspin-analytics', 5, T0, { billingFrequency: 'monthly' });
      const later = w2.run(cmdFor('cancel-subscription', s2.id), plus(T0, 24 * HOUR));
      expect(later.result).toMatchObject({ cancellation: 'at-renewal', effectiveAt: new Date('2027-11-25T00:00:00.000Z') });
      expect(later.updated[0]).toMatchObject({ status: 'active', autoRenewEnabled: false, pendingCancellation: { requestedAt: plus(T0, 24 * HOUR) } });
      expect(later.charges).toEqual([]);
      const end = w2.run(cmdFor('expire-subscription', s2.id), new Date('2027-11-25T00:00:00.000Z'));
      expect(end.updated[0]).toMatchObject({ status: 'cancelled', endedReason: 'cancelled' });
      expect(end.events[0].type).toBe('subscription.cancelled');
    });
    it('billed annually: full credit within 14 days, otherwise scheduled for the renewal', () => {
      const w = new World();
      const s = w.buy('tailspin-analytics', 2, T0, { billingFrequency: 'annual' });
      expect(expectAccepted(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 14 * DAY - 1))).result.cancellation).toBe('full-credit');
      expect(expectAccepted(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 14 * DAY))).result.cancellation).toBe('at-renewal');
    });
  });

  it('R-ADD-2 cancelling a base leaves its add-ons running and warns which lack a qualifying base (R-ADD-RATIO warning + event)', () => {
    const w = new World();
    const base = w.buy('microsoft-365-e3', 100);
    const addOn = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 50, baseSubscriptionId: base.id }]), T0).created[0];
    const d = w.run(cmdFor('cancel-subscription', base.id), plus(T0, DAY));
    expect(d.updated.map((s) => s.id)).toEqual([base.id]);
    expect(d.warnings.map((x) => x.code)).toEqual(['ADDONS_WITHOUT_BASE_SUBSCRIPTION', 'ADDON_WITHOUT_BASE']);
    expect(d.warnings[0].subscriptionIds).toEqual([addOn.id]);
    expect(d.events.map((e) => e.type)).toEqual(['subscription.cancelled', 'subscription.addon-ratio-warning']);
    expect(w.sub(addOn.id).status).toBe('active');
  });

  it('R-ADD-RATIO cancelling part of the base is never refused; Copilot above base gets a warning', () => {
    const w = new World();
    w.buy('microsoft-365-e3', 100);
    const second = w.buy('office-365-e3', 50);
    w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 120 }]), T0);
    const d = w.run(cmdFor('cancel-subscription', second.id), plus(T0, DAY));
    expect(d.warnings).toEqual([expect.objectContaining({ code: 'ADDON_RATIO' })]);
    expect(d.events[1]).toMatchObject({ type: 'subscription.addon-ratio-warning', data: { addOnLicenses: 120, baseLicenses: 100 } });
  });

  it('R-SCH-4 cancellation deletes the scheduled change and says so', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('put-scheduled-change', s.id, { quantity: 20 }), T0);
    const d = w.run(cmdFor('cancel-subscription', s.id), plus(T0, HOUR));
    expect(d.updated[0].scheduledChange).toBeUndefined();
    expect(d.effects.join(' ')).toMatch(/deletes the scheduled change/);
  });

  it('R-REN-4 a cancellation while the renewal processes is deferred, and a trial cannot be cancelled (R-TRI-3)', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.subs.set(s.id, { ...s, renewalInProgress: true });
    expect(w.decide(cmdFor('cancel-subscription', s.id), T0)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' });
    const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    expectRefused(w.decide(cmdFor('cancel-subscription', t.id), T0), 'TRIAL_RESTRICTED');
  });
});
