import { nextDueWork } from '../read-models/next-due-work';
import { DEFAULT_POLICY } from '../model/policy';
import { DAY, T0, World, cmdFor, expectAccepted, expectRefused, plus } from '../testing/fixtures';

const TRIAL_END_DAY = new Date('2026-12-24T00:00:00.000Z');
const TRIAL_OVER = new Date('2026-12-25T00:00:00.000Z');

const trialWorld = (promotionId?: string): [World, string] => {
  const w = new World();
  const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M', ...(promotionId ? { promotionId } : {}) });
  return [w, t.id];
};

describe('trials', () => {
  it('R-TRI-1 a trial has 25 licenses, lasts one month, auto-renews by default, at the end converts to the paid offer', () => {
    const [w, id] = trialWorld();
    const t = w.sub(id);
    expect(t).toMatchObject({ isTrial: true, quantity: 25, termDuration: 'P1M', autoRenewEnabled: true, trialEndDate: TRIAL_END_DAY });
    expectRefused(w.decide({ type: 'place-order', commandId: 'c', customerId: 'cust-1', orderId: 'o', lines: [{ offerId: 'microsoft-365-e3-trial', quantity: 24, termDuration: 'P1M', billingFrequency: 'monthly' }], subscriptionIds: ['x'], attestationAccepted: true }, T0), 'QUANTITY_OUT_OF_RANGE');
    expect(nextDueWork(t, DEFAULT_POLICY)).toEqual({ type: 'end-trial', at: TRIAL_OVER });
    expectRefused(w.decide(cmdFor('end-trial', id), plus(TRIAL_OVER, -1)), 'NOT_DUE');
    const d = w.run(cmdFor('end-trial', id), TRIAL_OVER);
    expect(d.updated[0]).toMatchObject({ id, isTrial: false, offerId: 'microsoft-365-e3', quantity: 25, termStartDate: TRIAL_OVER, termEndDate: new Date('2027-12-24T00:00:00.000Z') });
    expect(d.charges).toEqual([expect.objectContaining({ type: 'conversion', quantity: 25, amount: { amount: 25 * 3600, currency: 'USD' } })]);
    expect(d.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e3', licenses: 25, subscriptions: 1 }, { offerId: 'microsoft-365-e3-trial', licenses: 0, subscriptions: -1 }]);
  });

  it('R-TRI-1 with auto-renew turned off the trial expires at its end', () => {
    const [w, id] = trialWorld();
    w.run(cmdFor('update-subscription', id, { autoRenewEnabled: false }), T0);
    const d = w.run(cmdFor('end-trial', id), TRIAL_OVER);
    expect(d.updated[0]).toMatchObject({ status: 'expired', endedReason: 'trial-ended' });
  });

  it('R-TRI-2 conversion to a new subscription defaults to an annual term billed monthly; another term may be chosen', () => {
    const [w, id] = trialWorld();
    const d = w.run(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'paid-1' }), plus(T0, 3 * DAY));
    expect(d.created[0]).toMatchObject({ id: 'paid-1', offerId: 'microsoft-365-e3', termDuration: 'P1Y', billingFrequency: 'monthly', quantity: 25, origin: { kind: 'trial-conversion', subscriptionId: id } });
    const [w2, id2] = trialWorld();
    const d2 = w2.run(cmdFor('convert-trial', id2, { schedule: 'now', newSubscriptionId: 'paid-2', termDuration: 'P3Y', billingFrequency: 'triennial' }), plus(T0, 3 * DAY));
    expect(d2.created[0]).toMatchObject({ termDuration: 'P3Y', billingFrequency: 'triennial' });
  });

  it('R-TRI-3 during a trial the quantity and the status cannot change', () => {
    const [w, id] = trialWorld();
    expectRefused(w.decide(cmdFor('update-subscription', id, { quantity: 30 }), T0), 'TRIAL_RESTRICTED');
    expectRefused(w.decide(cmdFor('suspend-subscription', id), T0), 'TRIAL_RESTRICTED');
    expectRefused(w.decide(cmdFor('cancel-subscription', id), T0), 'TRIAL_RESTRICTED');
    expectRefused(w.decide(cmdFor('update-subscription', id, { billingFrequency: 'annual' }), T0), 'TRIAL_RESTRICTED');
  });

  it('R-TRI-4 mid-trial conversion to a new subscription needs at least 25 licenses; the trial ends', () => {
    const [w, id] = trialWorld();
    expect(expectRefused(w.decide(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p', quantity: 24 }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('MINIMUM_25');
    const d = w.run(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p', quantity: 40 }), plus(T0, DAY));
    expect(d.created[0].quantity).toBe(40);
    expect(d.updated[0]).toMatchObject({ id, status: 'expired', endedReason: 'converted' });
    expect(d.created[0].lots[0].allowedUntil).toEqual(plus(T0, DAY + 168 * 3_600_000));
  });

  it('R-TRI-4 conversion into an existing subscription adds 25 licenses and keeps its term and billing; its term must end on or after the trial end', () => {
    const [w, id] = trialWorld();
    const existing = w.buy('microsoft-365-e3', 10, plus(T0, -100 * DAY), { billingFrequency: 'annual' });
    const d = w.run(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p', targetSubscriptionId: existing.id }), plus(T0, 2 * DAY));
    expect(d.created).toEqual([]);
    expect(d.updated.map((s) => [s.id, s.status, s.quantity])).toEqual([[id, 'expired', 25], [existing.id, 'active', 35]]);
    expect(w.sub(existing.id)).toMatchObject({ billingFrequency: 'annual', termEndDate: existing.termEndDate });
    const [w2, id2] = trialWorld();
    const short = w2.buy('microsoft-365-e3', 10, plus(T0, -360 * DAY), { termDuration: 'P1Y' });
    expect(expectRefused(w2.decide(cmdFor('convert-trial', id2, { schedule: 'now', newSubscriptionId: 'p', targetSubscriptionId: short.id }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('TERM_ENDS_BEFORE_TRIAL');
    const same = w2.buy('microsoft-365-e3', 10, plus(T0, -335 * DAY));
    expect(same.termEndDate).toEqual(TRIAL_END_DAY);
    expectAccepted(w2.decide(cmdFor('convert-trial', id2, { schedule: 'now', newSubscriptionId: 'p', targetSubscriptionId: same.id }), T0));
    expect(expectRefused(w2.decide(cmdFor('convert-trial', id2, { schedule: 'now', newSubscriptionId: 'p', targetSubscriptionId: same.id, quantity: 30 }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('EXISTING_TARGET_TAKES_TRIAL_QUANTITY');
  });

  it('R-TRI-4 refuses converting a paid subscription and converting to an offer that is not eligible', () => {
    const [w, id] = trialWorld();
    const paid = w.buy('microsoft-365-e3', 10);
    expect(expectRefused(w.decide(cmdFor('convert-trial', paid.id, { schedule: 'now', newSubscriptionId: 'p' }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('NOT_A_TRIAL');
    expect(expectRefused(w.decide(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p', targetOfferId: 'office-365-e1' }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('OFFER_NOT_ELIGIBLE');
    expectAccepted(w.decide(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p', targetOfferId: 'microsoft-365-e5' }), T0));
  });

  it('R-TRI-5 promotions do not apply on conversion from a trial', () => {
    const [w, id] = trialWorld('promo-2026');
    expect(w.sub(id).promotionId).toBe('promo-2026');
    const now = w.run(cmdFor('convert-trial', id, { schedule: 'now', newSubscriptionId: 'p' }), T0);
    expect(now.created[0].promotionId).toBeUndefined();
    expect(now.effects).toContain('promotions do not apply on conversion from a trial');
    const [w2, id2] = trialWorld('promo-2026');
    expect(w2.run(cmdFor('end-trial', id2), TRIAL_OVER).updated[0].promotionId).toBeUndefined();
  });

  it('R-TRI-6 a conversion scheduled for the trial end needs auto-renew on, may use fewer than 25 licenses or another eligible offer', () => {
    const [w, id] = trialWorld();
    const put = w.run(cmdFor('convert-trial', id, { schedule: 'trial-end', newSubscriptionId: 'x', quantity: 10, targetOfferId: 'microsoft-365-e5', billingFrequency: 'annual' }), plus(T0, DAY));
    expect(put.updated[0].scheduledChange).toMatchObject({ kind: 'conversion', offerId: 'microsoft-365-e5', quantity: 10, billingFrequency: 'annual' });
    const d = w.run(cmdFor('end-trial', id), TRIAL_OVER);
    expect(d.updated[0]).toMatchObject({ offerId: 'microsoft-365-e5', quantity: 10, billingFrequency: 'annual', isTrial: false });
    expect(d.updated[0].scheduledChange).toBeUndefined();
    const [w2, id2] = trialWorld();
    w2.run(cmdFor('update-subscription', id2, { autoRenewEnabled: false }), T0);
    expectRefused(w2.decide(cmdFor('convert-trial', id2, { schedule: 'trial-end', newSubscriptionId: 'x' }), T0), 'AUTO_RENEW_REQUIRED');
  });

  it('R-TRI-6 a scheduled conversion into an existing subscription adds the licenses at trial end; if it became ineligible, converts in place with a warning', () => {
    const [w, id] = trialWorld();
    const existing = w.buy('microsoft-365-e3', 10, plus(T0, -100 * DAY));
    w.run(cmdFor('put-scheduled-change', id, { targetSubscriptionId: existing.id }), T0);
    const d = w.run(cmdFor('end-trial', id), TRIAL_OVER);
    expect(d.updated.map((s) => [s.id, s.status, s.quantity])).toEqual([[id, 'expired', 25], [existing.id, 'active', 35]]);
    const [w2, id2] = trialWorld();
    const gone = w2.buy('microsoft-365-e3', 10, plus(T0, -100 * DAY));
    w2.run(cmdFor('put-scheduled-change', id2, { targetSubscriptionId: gone.id }), T0);
    w2.subs.set(gone.id, { ...w2.sub(gone.id), status: 'cancelled' });
    const d2 = w2.run(cmdFor('end-trial', id2), TRIAL_OVER);
    expect(d2.warnings[0].code).toBe('CONVERSION_TARGET_INELIGIBLE');
    expect(d2.updated[0]).toMatchObject({ id: id2, offerId: 'microsoft-365-e3', isTrial: false });
  });

  it('R-POST-1 a marketplace free trial becomes paid at its end, the term starts then and renews on that schedule', () => {
    const w = new World();
    const s = w.buy('contoso-cloud-backup', 5, T0, { termDuration: 'P1Y', billingFrequency: 'annual' });
    expectRefused(w.decide(cmdFor('convert-trial', s.id, { schedule: 'now', newSubscriptionId: 'x' }), T0), 'CONVERSION_NOT_ALLOWED');
    const d = w.run(cmdFor('end-trial', s.id), TRIAL_OVER);
    expect(d.updated[0]).toMatchObject({ isTrial: false, offerId: 'contoso-cloud-backup', termStartDate: TRIAL_OVER, termEndDate: new Date('2027-12-24T00:00:00.000Z') });
    expect(d.charges[0]).toMatchObject({ type: 'conversion', amount: { amount: 5 * 18_000 } });
    expect(nextDueWork(w.sub(s.id), DEFAULT_POLICY)).toEqual({ type: 'start-renewal', at: new Date('2027-12-25T00:00:00.000Z') });
  });
});
