import { DAY, T0, World, cmdFor, expectAccepted, expectRefused, plus } from '../testing/fixtures';

const RENEWAL_START = new Date('2027-11-25T00:00:00.000Z');

describe('scheduled changes', () => {
  it('R-SCH-1 schedules an offer upgrade, quantity, term, billing frequency and coterminous date, applied at renewal (R-REN-3)', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    const put = w.run(cmdFor('put-scheduled-change', s.id, { offerId: 'microsoft-365-e3', quantity: 8, termDuration: 'P1Y', billingFrequency: 'annual', cotermEndDate: new Date('2028-06-30T00:00:00Z') }), plus(T0, 30 * DAY));
    expect(put.updated[0].scheduledChange).toMatchObject({ kind: 'renewal', offerId: 'microsoft-365-e3', quantity: 8, billingFrequency: 'annual' });
    expect(put.updated[0].updateCount).toBe(1);
    w.run(cmdFor('start-renewal', s.id), RENEWAL_START);
    const done = w.run(cmdFor('complete-renewal', s.id), plus(RENEWAL_START, 3_600_000));
    const r = done.updated[0];
    expect(r).toMatchObject({ offerId: 'microsoft-365-e3', quantity: 8, billingFrequency: 'annual', termStartDate: RENEWAL_START, termEndDate: new Date('2028-06-30T00:00:00Z') });
    expect(r.scheduledChange).toBeUndefined();
    expect(done.events.map((e) => e.type)).toEqual(['subscription.renewed', 'subscription.scheduled-change-applied']);
    expect(done.events[1].data.licenseReassignment).toBe('manual');
    expect(done.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e3', licenses: 8, subscriptions: 1 }, { offerId: 'office-365-e3', licenses: -10, subscriptions: -1 }]);
  });

  it('R-SCH-1 refuses a coterminous date outside the next term, an unsupported offer, an unsold term, nothing to change', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { cotermEndDate: new Date('2029-01-01T00:00:00Z') }), T0), 'SCHEDULED_CHANGE_INVALID');
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { cotermEndDate: new Date('2027-11-24T00:00:00Z') }), T0), 'SCHEDULED_CHANGE_INVALID');
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { offerId: 'office-365-e1' }), T0), 'UPGRADE_NOT_SUPPORTED');
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { termDuration: 'P3Y' }), T0), 'TERM_NOT_OFFERED');
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { quantity: 0 }), T0), 'QUANTITY_OUT_OF_RANGE');
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, {}), T0), 'VALIDATION_FAILED');
  });

  it('R-SCH-2 only an active subscription with auto-renew on can have a scheduled change', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    w.run(cmdFor('update-subscription', s.id, { autoRenewEnabled: false }), T0);
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { quantity: 5 }), T0), 'AUTO_RENEW_REQUIRED');
    const s2 = w.buy('office-365-e3', 10);
    w.run(cmdFor('suspend-subscription', s2.id), T0);
    expectRefused(w.decide(cmdFor('put-scheduled-change', s2.id, { quantity: 5 }), T0), 'SUBSCRIPTION_NOT_ACTIVE');
  });

  it('R-SCH-3 the scheduled change can be read, replaced and deleted', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    w.run(cmdFor('put-scheduled-change', s.id, { quantity: 5 }), T0);
    expect(w.sub(s.id).scheduledChange).toMatchObject({ quantity: 5 });
    const replaced = w.run(cmdFor('put-scheduled-change', s.id, { quantity: 7 }), T0);
    expect(replaced.updated[0].scheduledChange).toMatchObject({ quantity: 7 });
    expect(replaced.effects).toContain('replaces the scheduled change');
    const del = w.run(cmdFor('delete-scheduled-change', s.id), T0);
    expect(del.updated[0].scheduledChange).toBeUndefined();
    expect(del.updated[0].updateCount).toBe(3);
    expectRefused(w.decide(cmdFor('delete-scheduled-change', s.id), T0), 'NOT_FOUND');
  });

  it('R-SCH-4 deleted by cancellation, auto-renew off, suspension, a quantity change, an upgrade, a trial conversion — and the result says so', () => {
    const triggers: [string, Record<string, unknown>][] = [
      ['update-subscription', { autoRenewEnabled: false }], ['update-subscription', { quantity: 12 }], ['suspend-subscription', {}],
      ['cancel-subscription', {}], ['upgrade-subscription', { targetOfferId: 'office-365-e5', quantity: 10, schedule: 'now', newSubscriptionId: 'n' }],
    ];
    for (const [type, extra] of triggers) {
      const w = new World();
      const s = w.buy('office-365-e3', 10);
      w.run(cmdFor('put-scheduled-change', s.id, { quantity: 5 }), T0);
      const d = w.run(cmdFor(type as 'suspend-subscription', s.id, extra), plus(T0, DAY));
      expect(d.updated[0].scheduledChange).toBeUndefined();
      expect(d.effects.join(' ')).toMatch(/deletes the scheduled change/);
    }
    const w = new World();
    const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    w.run(cmdFor('convert-trial', t.id, { schedule: 'trial-end', newSubscriptionId: 'x', quantity: 10 }), T0);
    const d = w.run(cmdFor('convert-trial', t.id, { schedule: 'now', newSubscriptionId: 'paid-1' }), plus(T0, DAY));
    expect(d.updated[0].scheduledChange).toBeUndefined();
    expect(d.effects.join(' ')).toMatch(/deletes the scheduled change/);
  });

  it('R-SCH-4 a friendly name change keeps the scheduled change', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    w.run(cmdFor('put-scheduled-change', s.id, { quantity: 5 }), T0);
    expect(w.run(cmdFor('update-subscription', s.id, { friendlyName: 'x' }), T0).updated[0].scheduledChange).toMatchObject({ quantity: 5 });
  });

  it('R-SCH-5 a scheduled offer upgrade reassigns automatically only when the quantity does not change', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    expect(expectAccepted(w.decide(cmdFor('put-scheduled-change', s.id, { offerId: 'office-365-e5' }), T0)).result.licenseReassignment).toBe('automatic');
    expect(expectAccepted(w.decide(cmdFor('put-scheduled-change', s.id, { offerId: 'office-365-e5', quantity: 10 }), T0)).result.licenseReassignment).toBe('automatic');
    const manual = expectAccepted(w.decide(cmdFor('put-scheduled-change', s.id, { offerId: 'office-365-e5', quantity: 12 }), T0));
    expect(manual.result.licenseReassignment).toBe('manual');
    expect(manual.effects.join(' ')).toMatch(/reassigned by hand/);
    expect(expectAccepted(w.decide(cmdFor('put-scheduled-change', s.id, { quantity: 12 }), T0)).result.licenseReassignment).toBeUndefined();
  });

  it('R-REN-4 the scheduled change is read-only while the renewal processes', () => {
    const w = new World();
    const s = w.buy('office-365-e3', 10);
    w.run(cmdFor('put-scheduled-change', s.id, { quantity: 5 }), T0);
    w.run(cmdFor('start-renewal', s.id), RENEWAL_START);
    expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { quantity: 6 }), RENEWAL_START), 'READ_ONLY_DURING_RENEWAL');
    expectRefused(w.decide(cmdFor('delete-scheduled-change', s.id), RENEWAL_START), 'READ_ONLY_DURING_RENEWAL');
  });
});
