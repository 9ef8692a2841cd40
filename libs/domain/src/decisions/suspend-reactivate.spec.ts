import { DAY, T0, World, cmdFor, expectAccepted, expectRefused, orderOf, plus } from '../testing/fixtures';

const world = (): World => new World();

describe('suspend and reactivate', () => {
  it('R-SUS-1 suspends an active subscription (access blocked at once, admins keep the data) and reactivates it', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    const d = w.run(cmdFor('suspend-subscription', s.id), plus(T0, 10 * DAY));
    expect(d.updated[0]).toMatchObject({ status: 'suspended', suspendedAt: plus(T0, 10 * DAY), updateCount: 1 });
    expect(d.events.map((e) => e.type)).toEqual(['subscription.suspended']);
    expect(d.effects.join(' ')).toMatch(/blocks the customer's access at once \(administrators can still reach the data\)/);
    const r = w.run(cmdFor('reactivate-subscription', s.id), plus(T0, 20 * DAY));
    expect(r.updated[0].status).toBe('active');
    expect(r.updated[0].suspendedAt).toBeUndefined();
    expect(r.effects).toContain('restores the customer\'s access at once');
  });

  it('R-SUS-1 refuses to suspend a suspended subscription and to reactivate an active one', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    expectRefused(w.decide(cmdFor('reactivate-subscription', s.id), T0), 'SUBSCRIPTION_NOT_SUSPENDED');
    w.run(cmdFor('suspend-subscription', s.id), T0);
    expectRefused(w.decide(cmdFor('suspend-subscription', s.id), T0), 'SUBSCRIPTION_NOT_ACTIVE');
  });

  it('R-SUS-2 the partner is still charged while suspended: the cycle charge runs', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('suspend-subscription', s.id), plus(T0, DAY));
    const d = w.run(cmdFor('charge-cycle', s.id), new Date('2026-12-25T00:00:00Z'));
    expect(d.charges).toEqual([expect.objectContaining({ type: 'cycle', quantity: 10, amount: { amount: 36_000, currency: 'USD' } })]);
    expect(d.updated[0].status).toBe('suspended');
  });

  it('R-SUS-3 suspending turns auto-renew off and deletes the scheduled change; reactivating does not turn it back on and says so', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('put-scheduled-change', s.id, { quantity: 12 }), T0);
    const d = w.run(cmdFor('suspend-subscription', s.id), T0);
    expect(d.updated[0].autoRenewEnabled).toBe(false);
    expect(d.updated[0].scheduledChange).toBeUndefined();
    expect(d.effects.join(' ')).toMatch(/deletes the scheduled change/);
    const r = w.run(cmdFor('reactivate-subscription', s.id), T0);
    expect(r.updated[0].autoRenewEnabled).toBe(false);
    expect(r.warnings[0]).toMatchObject({ code: 'AUTO_RENEW_OFF' });
  });

  it('R-SUS-4 reactivation works until the term ends; from term end it has expired', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10, T0, { termDuration: 'P1M' });
    w.run(cmdFor('suspend-subscription', s.id), T0);
    const termEnd = new Date('2026-12-25T00:00:00.000Z');
    expectAccepted(w.decide(cmdFor('reactivate-subscription', s.id), plus(termEnd, -1)));
    expectRefused(w.decide(cmdFor('reactivate-subscription', s.id), termEnd), 'SUBSCRIPTION_EXPIRED');
  });

  it('R-SUS-4 a subscription still suspended at term end expires, its data is deleted, and it can never be reactivated', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10, T0, { termDuration: 'P1M' });
    w.run(cmdFor('suspend-subscription', s.id), T0);
    const d = w.run(cmdFor('expire-subscription', s.id), new Date('2026-12-25T00:00:00.000Z'));
    expect(d.updated[0]).toMatchObject({ status: 'expired', dataDeleted: true, endedReason: 'suspended-at-term-end' });
    expect(d.events[0].type).toBe('subscription.expired');
    expect(d.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e3', licenses: -10, subscriptions: -1 }]);
    expectRefused(w.decide(cmdFor('reactivate-subscription', s.id), new Date('2026-12-25T00:00:00.000Z')), 'SUBSCRIPTION_EXPIRED');
  });

  it('R-ADD-2 suspending a base suspends its add-ons, reactivating it reactivates them', () => {
    const w = world();
    const base = w.buy('microsoft-365-e3', 100);
    const addOn = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, baseSubscriptionId: base.id }]), T0).created[0];
    const otherAddOn = w.run(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 5, baseSubscriptionId: base.id }]), T0).created[0];
    w.run(cmdFor('suspend-subscription', otherAddOn.id), T0); // suspended on its own: stays suspended
    const d = w.run(cmdFor('suspend-subscription', base.id), T0);
    expect(d.updated.map((s) => [s.id, s.status])).toEqual([[base.id, 'suspended'], [addOn.id, 'suspended']]);
    expect(d.result.suspendedAddOnIds).toEqual([addOn.id]);
    const r = w.run(cmdFor('reactivate-subscription', base.id), T0);
    expect(r.updated.map((s) => [s.id, s.status])).toEqual([[base.id, 'active'], [addOn.id, 'active']]);
    expect(w.sub(otherAddOn.id).status).toBe('suspended');
  });

  it('R-ADD-2 an add-on that is renewing is left for later, with a warning', () => {
    const w = world();
    const base = w.buy('microsoft-365-e3', 100);
    const addOn = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, baseSubscriptionId: base.id }]), T0).created[0];
    w.subs.set(addOn.id, { ...w.sub(addOn.id), renewalInProgress: true });
    const d = w.run(cmdFor('suspend-subscription', base.id), T0);
    expect(d.updated).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ code: 'ADDON_NOT_SUSPENDED', subscriptionIds: [addOn.id] });
  });

  it('R-TRI-3 a trial cannot be suspended (status cannot change)', () => {
    const w = world();
    const trial = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    expectRefused(w.decide(cmdFor('suspend-subscription', trial.id), T0), 'TRIAL_RESTRICTED');
  });

  it('R-REN-4 suspend and reactivate are read-only while the renewal processes', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    w.subs.set(s.id, { ...s, renewalInProgress: true });
    expectRefused(w.decide(cmdFor('suspend-subscription', s.id), T0), 'READ_ONLY_DURING_RENEWAL');
    w.subs.set(s.id, { ...s, renewalInProgress: true, status: 'suspended' });
    expectRefused(w.decide(cmdFor('reactivate-subscription', s.id), T0), 'READ_ONLY_DURING_RENEWAL');
  });

  it('R-QTY-5 suspend and reactivate count as updates and stop at the limit', () => {
    const w = world();
    const s = w.buy('microsoft-365-e3', 10);
    w.subs.set(s.id, { ...s, updateCount: 1200 });
    expectRefused(w.decide(cmdFor('suspend-subscription', s.id), T0), 'UPDATE_LIMIT_REACHED');
    w.subs.set(s.id, { ...s, updateCount: 1200, status: 'suspended' });
    expectRefused(w.decide(cmdFor('reactivate-subscription', s.id), T0), 'UPDATE_LIMIT_REACHED');
  });
});
