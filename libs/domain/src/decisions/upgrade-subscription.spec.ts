import type { Subscription } from '../model/subscription';
import { upgradeEligibilities } from '../read-models/upgrade-eligibilities';
import { DAY, HOUR, T0, World, catalog, cmdFor, customer, expectAccepted, expectRefused, plus } from '../testing/fixtures';

const upgrade = (s: Subscription, extra: Record<string, unknown>) =>
  cmdFor('upgrade-subscription', s.id, { schedule: 'now', newSubscriptionId: `new-${s.id}`, ...extra });
const LATER = plus(T0, 10 * DAY);

describe('upgrade-subscription', () => {
  it('R-UPG-1 moves licenses to a higher offer of the upgrade paths; downgrades and unlisted paths are refused', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e5', 10);
    expect(expectRefused(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e3', quantity: 10 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('DOWNGRADE');
    expect(expectRefused(w.decide(upgrade(s, { targetOfferId: 'dynamics-365-team-members', quantity: 10 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('NOT_AN_UPGRADE_PATH');
    expect(expectRefused(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('SAME_OFFER');
  });

  it('R-UPG-1 only active subscriptions are upgraded; trials are converted, not upgraded', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('suspend-subscription', s.id), T0);
    expectRefused(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), LATER), 'SUBSCRIPTION_NOT_ACTIVE');
    const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    expect(expectRefused(w.decide(upgrade(t, { targetOfferId: 'microsoft-365-e5', quantity: 25 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('TRIAL');
  });

  it('R-CAT-4 unsupported paths are refused even if the tier looks higher (EMS E3 → EMS E5, Defender P1 → P2, …)', () => {
    for (const [from, to] of [['ems-e3', 'ems-e5'], ['ems-e5', 'microsoft-365-e5'], ['universal-print', 'microsoft-365-e3'], ['windows-11-enterprise-e3', 'microsoft-365-e5'],
      ['dynamics-365-human-resources-self-service', 'dynamics-365-team-members'], ['project-online-essentials', 'dynamics-365-team-members'], ['defender-for-endpoint-p1', 'defender-for-endpoint-p2']]) {
      const w = new World();
      const s = w.buy(from, 5);
      expect(expectRefused(w.decide(upgrade(s, { targetOfferId: to, quantity: 5 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('UNSUPPORTED_PATH');
    }
  });

  it('R-UPG-4 full upgrade: in place, same id, all licenses move, reassignment automatic; no reduction or cancellation window (R-UPG-6)', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    const d = w.run(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 10, termDuration: 'P1Y', billingFrequency: 'annual' }), plus(T0, 2 * DAY + HOUR));
    expect(d.created).toEqual([]);
    const up = d.updated[0];
    expect(up).toMatchObject({ id: s.id, offerId: 'microsoft-365-e5', offerName: 'Microsoft 365 E5', friendlyName: 'Microsoft 365 E5', quantity: 10, termEndDate: s.termEndDate });
    expect(up.cancellableUntil).toBeUndefined();
    expect(up.lots).toEqual([expect.objectContaining({ quantity: 10, source: 'upgrade' })]);
    expect(up.lots[0].allowedUntil).toBeUndefined();
    expect(d.result).toMatchObject({ full: true, licenseReassignment: 'automatic', targetSubscriptionId: s.id });
    expect(d.events[0]).toMatchObject({ type: 'subscription.upgraded', data: { fromOfferId: 'microsoft-365-e3', toOfferId: 'microsoft-365-e5' } });
    expect(d.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e3', licenses: -10, subscriptions: -1 }, { offerId: 'microsoft-365-e5', licenses: 10, subscriptions: 1 }]);
    // R-UPG-6: cannot be reduced nor cancelled afterwards even though the purchase was 2 days ago
    expectRefused(w.decide(cmdFor('update-subscription', s.id, { quantity: 9 }), plus(T0, 3 * DAY)), 'REDUCTION_WINDOW_CLOSED');
    expectRefused(w.decide(cmdFor('cancel-subscription', s.id), plus(T0, 3 * DAY)), 'CANCELLATION_WINDOW_CLOSED');
  });

  it('R-UPG-BILL credits the unused part of the moved licenses and bills the target from the next day boundary: nothing billed twice', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    const d = w.run(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), plus(T0, 2 * DAY + HOUR));
    const [credit, charge] = d.charges;
    // 365-day period, 3 days used: 43,200 × 10 − 3/365 of it = 432,000 − 3,551 = 428,449 back
    expect(credit).toMatchObject({ type: 'credit', quantity: 10, amount: { amount: -428_449 } });
    // E5 from day 3 (T0 + 72 h) to the term end: 362 of 365 days of 68,400 = 67,837.8 → 67,838 per license
    expect(charge).toMatchObject({ type: 'upgrade', quantity: 10, periodStart: plus(T0, 3 * DAY), amount: { amount: 678_380 } });
  });

  it('R-UPG-4 full upgrade into an existing target adds the licenses there (its term and billing kept) and ends the source', () => {
    const w = new World();
    const target = w.buy('microsoft-365-e5', 5, T0, { billingFrequency: 'annual' });
    const s = w.buy('microsoft-365-e3', 10, plus(T0, -DAY), { billingFrequency: 'monthly' });
    const d = w.run(upgrade(s, { targetSubscriptionId: target.id, quantity: 10 }), LATER);
    const [ended, receiver] = d.updated;
    expect(ended).toMatchObject({ id: s.id, status: 'cancelled', endedReason: 'upgraded' });
    expect(receiver).toMatchObject({ id: target.id, quantity: 15, billingFrequency: 'annual', termEndDate: target.termEndDate });
    expect(receiver.lots[1]).toMatchObject({ quantity: 10, source: 'upgrade' });
    expect(receiver.lots[1].allowedUntil).toBeUndefined();
    expect(receiver.cancellableUntil).toEqual(target.cancellableUntil);
  });

  it('R-UPG-4 warns that licenses must be reassigned by hand when the target offer is also held through another partner', () => {
    const w = new World(customer({ licensesHeldElsewhere: [{ offerId: 'microsoft-365-e5', quantity: 3 }] }));
    const s = w.buy('microsoft-365-e3', 10);
    expect(w.run(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), LATER).warnings[0].code).toBe('MANUAL_REASSIGNMENT');
  });

  it('R-UPG-5 partial upgrade: a new coterminous subscription, the source keeps the rest, reassignment manual', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    const d = w.run(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 4, billingFrequency: 'monthly' }), LATER);
    const [created] = d.created;
    expect(created).toMatchObject({ id: `new-${s.id}`, offerId: 'microsoft-365-e5', quantity: 4, termEndDate: s.termEndDate, billingFrequency: 'monthly', origin: { kind: 'upgrade', subscriptionId: s.id } });
    expect(created.cancellableUntil).toBeUndefined();
    expect(d.updated[0]).toMatchObject({ id: s.id, quantity: 6, updateCount: 1 });
    expect(d.result).toMatchObject({ full: false, licenseReassignment: 'manual' });
    expect(d.charges.map((c) => c.type)).toEqual(['credit', 'upgrade']);
  });

  it('R-UPG-5 partial upgrade into an existing target keeps its term and billing; manual reassignment when several of the same offer exist', () => {
    const w = new World();
    const target = w.buy('microsoft-365-e5', 5, T0, { billingFrequency: 'annual' });
    w.buy('microsoft-365-e5', 2, T0);
    const s = w.buy('office-365-e3', 10, T0);
    const d = w.run(upgrade(s, { targetSubscriptionId: target.id, quantity: 3 }), LATER);
    expect(d.updated.map((x) => [x.id, x.quantity])).toEqual([[s.id, 7], [target.id, 8]]);
    expect(d.result.licenseReassignment).toBe('manual');
  });

  it('R-UPG-3 an existing target is ineligible inside its cancellation window, with another term duration, or ending before the source', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0);
    const fresh = w.buy('microsoft-365-e5', 1, plus(T0, 5 * DAY));
    expect(expectRefused(w.decide(upgrade(s, { targetSubscriptionId: fresh.id, quantity: 2 }), plus(T0, 6 * DAY)), 'UPGRADE_TARGET_INELIGIBLE').reason).toBe('IN_CANCELLATION_WINDOW');
    const monthly = w.buy('microsoft-365-e5', 1, T0, { termDuration: 'P1M' });
    expect(expectRefused(w.decide(upgrade(s, { targetSubscriptionId: monthly.id, quantity: 2 }), LATER), 'UPGRADE_TARGET_INELIGIBLE').reason).toBe('TERM_DURATION_DIFFERS');
    const earlier = w.buy('microsoft-365-e5', 1, plus(T0, -2 * DAY));
    expect(expectRefused(w.decide(upgrade(s, { targetSubscriptionId: earlier.id, quantity: 2 }), LATER), 'UPGRADE_TARGET_INELIGIBLE').reason).toBe('TERM_ENDS_BEFORE_SOURCE');
    expect(expectRefused(w.decide(upgrade(s, { targetSubscriptionId: 'missing', targetOfferId: 'microsoft-365-e5', quantity: 2 }), LATER), 'UPGRADE_TARGET_INELIGIBLE').reason).toBe('NOT_A_CUSTOMER_SUBSCRIPTION');
  });

  it('R-UPG-2 lists upgrade eligibilities: target offers, and per existing subscription whether eligible and why not', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, T0);
    const ok = w.buy('microsoft-365-e5', 1, plus(T0, -DAY), { termDuration: 'P1Y' });
    const fresh = w.buy('microsoft-365-e5', 1, plus(T0, 9 * DAY));
    const { items } = upgradeEligibilities(w.sub(s.id), [...w.subs.values()], catalog, LATER);
    expect(items.map((i) => [i.targetOfferId, i.eligible, i.reason])).toEqual([
      ['microsoft-365-e5', true, undefined], ['microsoft-365-e5-no-audio-conferencing', true, undefined],
    ]);
    expect(items[0].existingTargets).toEqual([
      { subscriptionId: ok.id, eligible: false, reason: 'TERM_ENDS_BEFORE_SOURCE' },
      { subscriptionId: fresh.id, eligible: false, reason: 'IN_CANCELLATION_WINDOW' },
    ]);
    const ems = w.buy('ems-e3', 3);
    expect(upgradeEligibilities(ems, [], catalog, LATER).items).toEqual([
      { targetOfferId: 'microsoft-365-e3', eligible: true, existingTargets: [{ subscriptionId: s.id, eligible: true }] },
      { targetOfferId: 'ems-e5', eligible: false, reason: 'UNSUPPORTED_PATH', existingTargets: [] },
    ].map((x) => (x.targetOfferId === 'microsoft-365-e3' ? { ...x, existingTargets: [] } : x)));
  });

  it('R-UPG-6 an upgrade cannot be changed once submitted: the moved licenses cannot be reduced', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10, plus(T0, -9 * DAY));
    const target = w.buy('microsoft-365-e5', 5, plus(T0, -8 * DAY));
    w.run(upgrade(s, { targetSubscriptionId: target.id, quantity: 4 }), plus(T0, DAY));
    expectRefused(w.decide(cmdFor('update-subscription', target.id, { quantity: 5 }), plus(T0, 2 * DAY)), 'REDUCTION_WINDOW_CLOSED');
  });

  it('R-UPG-7 runs now or at the term end; starting a mid-term upgrade removes a scheduled upgrade', () => {
    const w = new World();
    const s = w.buy('office-365-e1', 10);
    const sch = w.run(cmdFor('upgrade-subscription', s.id, { targetOfferId: 'office-365-e3', quantity: 10, schedule: 'renewal', newSubscriptionId: 'x' }), LATER);
    expect(sch.updated[0].scheduledChange).toMatchObject({ kind: 'renewal', offerId: 'office-365-e3', quantity: 10 });
    expect(sch.result.licenseReassignment).toBe('automatic');
    const now = w.run(upgrade(s, { targetOfferId: 'office-365-e5', quantity: 10 }), LATER);
    expect(now.updated[0].scheduledChange).toBeUndefined();
    expect(now.effects.join(' ')).toMatch(/deletes the scheduled change/);
  });

  it('R-UPG-8 two-to-one: after upgrading a first subscription, a second of a different lower offer moves into it', () => {
    const w = new World();
    const first = w.buy('office-365-e3', 10, plus(T0, -10 * DAY));
    const second = w.buy('office-365-e1', 5, plus(T0, -10 * DAY));
    w.run(upgrade(first, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), T0);
    const d = w.run(upgrade(second, { targetSubscriptionId: first.id, quantity: 5 }), T0);
    expect(d.updated.map((s) => [s.id, s.offerId, s.status, s.quantity])).toEqual([
      [second.id, 'office-365-e1', 'cancelled', 5], [first.id, 'microsoft-365-e5', 'active', 15],
    ]);
  });

  it('refuses a quantity above the source, defers while renewing, and refuses an unnamed target', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    expectRefused(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 11 }), LATER), 'QUANTITY_OUT_OF_RANGE');
    expectRefused(w.decide(upgrade(s, { quantity: 1 }), LATER), 'VALIDATION_FAILED');
    w.subs.set(s.id, { ...s, renewalInProgress: true });
    expect(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e5', quantity: 1 }), LATER).kind).toBe('deferred');
  });

  it('R-ADD-RATIO upgrading a base away from Copilot-qualifying offers is allowed with a warning', () => {
    const w = new World();
    const s = w.buy('windows-11-enterprise-e3', 50);
    const base = w.buy('office-365-e1', 50);
    w.run({ type: 'place-order', commandId: 'cp', customerId: 'cust-1', orderId: 'o-cp', lines: [{ offerId: 'microsoft-365-copilot', quantity: 50, termDuration: 'P1Y', billingFrequency: 'monthly' }], subscriptionIds: ['cp-1'], attestationAccepted: true }, T0);
    expectAccepted(w.decide(upgrade(s, { targetOfferId: 'microsoft-365-e3', quantity: 50 }), LATER));
    const d = w.run(upgrade(base, { targetOfferId: 'office-365-e3', quantity: 50 }), LATER);
    expect(d.warnings).toEqual([]);
  });
});
