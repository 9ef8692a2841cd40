import { Catalog } from '../catalog/catalog';
import { catalogData } from '../catalog/catalog-data';
import { offerAvailability } from '../catalog/offer-availability';
import { decide } from '../decide';
import { DEFAULT_POLICY } from '../model/policy';
import { upgradeEligibilities } from '../read-models/upgrade-eligibilities';
import { checkAddOnQuantityRule } from '../rules/add-on.rules';
import { counterView } from '../rules/holdings';
import { scheduledChangeAction } from '../rules/scheduled-change.policy';
import { existingTargetProblem, upgradePathProblem } from '../rules/upgrade-path.rules';
import { DAY, HOUR, T0, World, catalog, cmdFor, ctx, customer, direct, expectAccepted, expectRefused, orderOf, plus } from '../testing/fixtures';

const LATER = plus(T0, 10 * DAY);
const up = (id: string, extra: Record<string, unknown>) => cmdFor('upgrade-subscription', id, { schedule: 'now', newSubscriptionId: `n-${id}`, ...extra });

describe('edge cases', () => {
  it('decide() fills in missing lists and rethrows programming errors', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    expectAccepted(decide({ command: cmdFor('suspend-subscription', s.id), partner: direct, customer: w.cust, subscription: s }, ctx(T0)));
    expect(() => decide({ command: cmdFor('update-subscription', s.id, { quantity: 12 }), partner: direct, customer: w.cust, subscription: { ...s, offerId: 'gone' } }, ctx(T0))).toThrow(/not in catalog/);
  });

  describe('upgrades', () => {
    it('R-UPG-1 refuses an unknown target offer and a target subscription of another offer', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      const e5 = w.buy('microsoft-365-e5', 1, plus(T0, -9 * DAY));
      expect(expectRefused(w.decide(up(s.id, { targetOfferId: 'ghost', quantity: 1 }), LATER), 'UPGRADE_NOT_SUPPORTED').reason).toBe('UNKNOWN_OFFER');
      expectRefused(w.decide(up(s.id, { targetOfferId: 'microsoft-365-e5-no-audio-conferencing', targetSubscriptionId: e5.id, quantity: 1 }), LATER), 'VALIDATION_FAILED');
    });
    it('R-UPG-7 a scheduled upgrade names no existing target', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      const e5 = w.buy('microsoft-365-e5', 1, plus(T0, -9 * DAY));
      expectRefused(w.decide(up(s.id, { targetSubscriptionId: e5.id, quantity: 1, schedule: 'renewal' }), LATER), 'VALIDATION_FAILED');
    });
    it('R-REN-4 waits while the existing target renews', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      const e5 = w.buy('microsoft-365-e5', 1, T0);
      w.subs.set(e5.id, { ...w.sub(e5.id), renewalInProgress: true, cancellableUntil: undefined });
      expect(w.decide(up(s.id, { targetSubscriptionId: e5.id, quantity: 1 }), LATER)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' });
    });
    it('R-ORD-5 the existing target cannot go above its maximum', () => {
      const w = new World();
      const target = w.buy('microsoft-365-business-standard', 295, plus(T0, -9 * DAY));
      const s = w.buy('microsoft-365-business-basic', 10, plus(T0, -10 * DAY));
      expectRefused(w.decide(up(s.id, { targetSubscriptionId: target.id, quantity: 6 }), LATER), 'QUANTITY_OUT_OF_RANGE');
      expectAccepted(w.decide(up(s.id, { targetSubscriptionId: target.id, quantity: 5 }), LATER));
    });
    it('R-UPG-4 a full upgrade keeps term and frequency and a custom friendly name', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.run(cmdFor('update-subscription', s.id, { friendlyName: 'Sales' }), T0);
      expectRefused(w.decide(up(s.id, { targetOfferId: 'microsoft-365-e5', quantity: 10, billingFrequency: 'annual' }), LATER), 'VALIDATION_FAILED');
      expect(w.run(up(s.id, { targetOfferId: 'microsoft-365-e5', quantity: 10 }), LATER).updated[0].friendlyName).toBe('Sales');
    });
    it('R-ORD-4 a partial upgrade that creates a subscription respects the limit', () => {
      const w = new World(customer({ holdings: [{ offerId: 'office-365-e1', licenses: 299, subscriptions: 299 }] }));
      const s = w.buy('microsoft-365-e3', 10);
      expectRefused(w.decide(up(s.id, { targetOfferId: 'microsoft-365-e5', quantity: 2 }), LATER), 'SUBSCRIPTION_LIMIT_REACHED');
    });
    it('R-UPG-3 existing target reasons: same subscription, not active, trial, offer mismatch', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      expect(existingTargetProblem(s, s, 'microsoft-365-e5', LATER)).toBe('SAME_SUBSCRIPTION');
      expect(existingTargetProblem(s, { ...s, id: 'x', status: 'suspended' }, 'microsoft-365-e5', LATER)).toBe('NOT_ACTIVE');
      expect(existingTargetProblem(s, t, 'microsoft-365-e5', LATER)).toBe('TRIAL');
      expect(existingTargetProblem(s, { ...s, id: 'x' }, 'microsoft-365-e5', LATER)).toBe('OFFER_MISMATCH');
      expect(upgradePathProblem(catalog, 'ghost', 'microsoft-365-e5')).toBe('UNKNOWN_OFFER');
    });
    it('R-UPG-2 a trial or suspended source is not eligible; existing targets are listed with their verdicts', () => {
      const w = new World();
      const s = w.buy('office-365-e1', 10, plus(T0, -20 * DAY));
      const e3 = w.buy('office-365-e3', 1, plus(T0, -19 * DAY));
      const items = upgradeEligibilities(s, [...w.subs.values()], catalog, LATER, DEFAULT_POLICY).items;
      expect(items.find((i) => i.targetOfferId === 'office-365-e3')?.existingTargets).toEqual([{ subscriptionId: e3.id, eligible: true }]);
      expect(upgradeEligibilities({ ...s, status: 'suspended' }, [], catalog, LATER).items[0]).toMatchObject({ eligible: false, reason: 'NOT_ACTIVE' });
      const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      expect(upgradeEligibilities(t, [], catalog, LATER).items).toEqual([]);
      expect(upgradeEligibilities({ ...s, isTrial: true }, [], catalog, LATER).items[0]).toMatchObject({ eligible: false, reason: 'TRIAL' });
    });
  });

  describe('scheduled changes and conversions', () => {
    it('R-SCH-1 a renewal change names no target subscription', () => {
      const w = new World();
      const s = w.buy('office-365-e3', 10);
      expectRefused(w.decide(cmdFor('put-scheduled-change', s.id, { targetSubscriptionId: 'x' }), T0), 'VALIDATION_FAILED');
    });
    it('R-TRI-6 a trial-end conversion takes no coterminous date and defaults to 25 licenses', () => {
      const w = new World();
      const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      expectRefused(w.decide(cmdFor('put-scheduled-change', t.id, { cotermEndDate: new Date('2027-06-01T00:00:00Z') }), T0), 'VALIDATION_FAILED');
      expect(w.run(cmdFor('put-scheduled-change', t.id, { termDuration: 'P1Y' }), T0).updated[0].scheduledChange).toMatchObject({ kind: 'conversion', offerId: 'microsoft-365-e3', termDuration: 'P1Y' });
      expect(w.run(cmdFor('end-trial', t.id), new Date('2026-12-25T00:00:00Z')).updated[0].quantity).toBe(25);
    });
    it('R-TRI-4 an existing target of another partner, or of another offer, is refused', () => {
      const w = new World();
      const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      const e3 = w.buy('microsoft-365-e3', 5, plus(T0, -30 * DAY));
      w.subs.set('foreign', { ...e3, id: 'foreign', partnerId: 'partner-other' });
      expect(expectRefused(w.decide(cmdFor('convert-trial', t.id, { schedule: 'now', newSubscriptionId: 'n', targetSubscriptionId: 'foreign' }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('NOT_A_CUSTOMER_SUBSCRIPTION');
      expect(expectRefused(w.decide(cmdFor('convert-trial', t.id, { schedule: 'now', newSubscriptionId: 'n', targetSubscriptionId: e3.id, targetOfferId: 'microsoft-365-e5' }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('OFFER_MISMATCH');
      w.subs.set(e3.id, { ...e3, status: 'suspended' });
      expect(expectRefused(w.decide(cmdFor('convert-trial', t.id, { schedule: 'now', newSubscriptionId: 'n', targetSubscriptionId: e3.id }), T0), 'CONVERSION_NOT_ALLOWED').reason).toBe('NOT_ACTIVE');
    });
    it('R-SCH-4 changes not in the table keep the scheduled change', () => {
      expect(scheduledChangeAction('friendly-name')).toBe('keep');
      expect(scheduledChangeAction('reactivate')).toBe('keep');
      expect(scheduledChangeAction('cancel')).toBe('delete');
    });
    it('R-SCH-5 at renewal: an offer change with the same quantity reassigns automatically; a quantity-only change says nothing about it', () => {
      const w = new World();
      const a = w.buy('office-365-e3', 10);
      const b = w.buy('office-365-e3', 10);
      w.run(cmdFor('update-subscription', a.id, { friendlyName: 'Team A' }), T0);
      w.run(cmdFor('put-scheduled-change', a.id, { offerId: 'office-365-e5' }), T0);
      w.run(cmdFor('put-scheduled-change', b.id, { quantity: 12 }), T0);
      const start = new Date('2027-11-25T00:00:00Z');
      for (const id of [a.id, b.id]) {
        w.subs.set(id, { ...w.sub(id), currentPeriodEnd: start });
        w.run(cmdFor('start-renewal', id), start);
      }
      const ra = w.run(cmdFor('complete-renewal', a.id), plus(start, HOUR));
      expect(ra.events[1].data.licenseReassignment).toBe('automatic');
      expect(ra.updated[0]).toMatchObject({ offerId: 'office-365-e5', friendlyName: 'Team A' });
      const rb = w.run(cmdFor('complete-renewal', b.id), plus(start, HOUR));
      expect(rb.events[1].data.licenseReassignment).toBeUndefined();
      expect(rb.updated[0]).toMatchObject({ quantity: 12, offerName: 'Office 365 E3' });
    });
  });

  describe('subscription updates', () => {
    it('R-REN-5 a billing frequency change during the renewal is refused as read-only', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.subs.set(s.id, { ...s, renewalInProgress: true });
      expectRefused(w.decide(cmdFor('update-subscription', s.id, { billingFrequency: 'annual' }), T0), 'READ_ONLY_DURING_RENEWAL');
    });
    it('R-SUS-3 auto-renew cannot be turned on while suspended; the quantity of a suspended subscription cannot change', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.run(cmdFor('suspend-subscription', s.id), T0);
      expectRefused(w.decide(cmdFor('update-subscription', s.id, { autoRenewEnabled: true }), T0), 'SUBSCRIPTION_NOT_ACTIVE');
      expectRefused(w.decide(cmdFor('update-subscription', s.id, { quantity: 11 }), T0), 'SUBSCRIPTION_NOT_ACTIVE');
      expect(w.run(cmdFor('update-subscription', s.id, { friendlyName: 'still here' }), T0).updated[0].friendlyName).toBe('still here');
    });
    it('R-ADD-MG decreasing Multi-Geo below 5% of base is refused; R-ADD-CP a Copilot decrease is always allowed', () => {
      const w = new World();
      w.buy('microsoft-365-e3', 400);
      const mg = w.run(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 21 }]), T0).created[0];
      const cp = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 400 }]), T0).created[0];
      expectAccepted(w.decide(cmdFor('update-subscription', mg.id, { quantity: 20 }), plus(T0, DAY)));
      expectRefused(w.decide(cmdFor('update-subscription', mg.id, { quantity: 19 }), plus(T0, DAY)), 'MULTI_GEO_MINIMUM');
      expectRefused(w.decide(cmdFor('update-subscription', cp.id, { quantity: 401 }), plus(T0, DAY)), 'COPILOT_EXCEEDS_BASE');
      w.cust = { ...w.cust, holdings: w.cust.holdings.map((h) => (h.offerId === 'microsoft-365-e3' ? { ...h, licenses: 100 } : h)) };
      expectAccepted(w.decide(cmdFor('update-subscription', cp.id, { quantity: 300 }), plus(T0, DAY)));
    });
    it('R-ADD-RATIO changing the base is never refused; leaving Multi-Geo under 5% warns and emits the ratio event', () => {
      const w = new World();
      const base = w.buy('microsoft-365-e3', 400);
      w.run(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 20 }]), T0);
      const d = w.run(cmdFor('update-subscription', base.id, { quantity: 300 }), plus(T0, DAY));
      expect(d.warnings).toEqual([]);
      const up2 = w.run(cmdFor('update-subscription', base.id, { quantity: 500 }), plus(T0, DAY));
      expect(up2.warnings[0]).toMatchObject({ code: 'ADDON_RATIO' });
      expect(up2.events.map((e) => e.type)).toEqual(['subscription.quantity-changed', 'subscription.addon-ratio-warning']);
    });
    it('R-ADD-CP an add-on without a quantity rule has no limit', () => {
      const data = structuredClone(catalogData) as { offers: { id: string; addOnQuantityRule?: unknown }[] };
      delete data.offers.find((o) => o.id === 'microsoft-365-copilot')?.addOnQuantityRule;
      const relaxed = Catalog.fromData(data);
      const c = customer();
      expect(() => checkAddOnQuantityRule(relaxed.require('microsoft-365-copilot'), c, counterView(c, relaxed), [{ offerId: 'microsoft-365-copilot', licenses: 5, subscriptions: 1 }])).not.toThrow();
    });
  });

  describe('cancellation, transfer and expiry', () => {
    it('R-ADD-2 a suspended add-on of a cancelled base is named too', () => {
      const w = new World();
      const base = w.buy('microsoft-365-e3', 100);
      const cp = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, baseSubscriptionId: base.id }]), T0).created[0];
      w.run(cmdFor('suspend-subscription', cp.id), T0);
      expect(w.run(cmdFor('cancel-subscription', base.id), T0).warnings[0].subscriptionIds).toEqual([cp.id]);
    });
    it('R-TRA-3 a suspended subscription is not transferable; a transfer needs the target among the named partners', () => {
      const w = new World(customer({ relationshipPartnerIds: ['partner-other'] }));
      const s = w.buy('microsoft-365-e3', 10);
      w.run(cmdFor('suspend-subscription', s.id), T0);
      const submit = { type: 'submit-transfer' as const, commandId: 't', transferId: 't', customerId: 'cust-1', sourcePartnerId: 'partner-direct', targetPartnerId: 'partner-other', subscriptionIds: [s.id], newSubscriptionIds: ['m'] };
      expect(expectRefused(w.decide(submit, T0), 'TRANSFER_NOT_ALLOWED')).toMatchObject({ reason: 'NOT_TRANSFERABLE', status: 'suspended' });
      expect(expectRefused(decide({ command: submit, partner: direct, customer: w.cust, subscriptions: [...w.subs.values()] }, ctx(T0)), 'TRANSFER_NOT_ALLOWED').reason).toBe('UNKNOWN_TARGET');
    });
    it('R-TRA-3 a suspended add-on left behind is named in the warning', () => {
      const w = new World(customer({ relationshipPartnerIds: ['partner-other'] }));
      const base = w.buy('microsoft-365-e3', 100);
      const cp = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, baseSubscriptionId: base.id }]), T0).created[0];
      w.run(cmdFor('suspend-subscription', cp.id), T0);
      const d = w.run({ type: 'submit-transfer', commandId: 't', transferId: 't', customerId: 'cust-1', sourcePartnerId: 'partner-direct', targetPartnerId: 'partner-other', subscriptionIds: [base.id], newSubscriptionIds: ['m'] }, LATER);
      expect(d.warnings[0].subscriptionIds).toEqual([cp.id]);
    });
    it('R-CAN-MP a pending marketplace cancellation takes effect at term end even if auto-renew was turned back on', () => {
      const w = new World();
      const s = w.buy('tailspin-analytics', 2);
      w.run(cmdFor('cancel-subscription', s.id), plus(T0, 2 * DAY));
      w.run(cmdFor('update-subscription', s.id, { autoRenewEnabled: true }), plus(T0, 3 * DAY));
      const end = new Date('2027-11-25T00:00:00Z');
      w.subs.set(s.id, { ...w.sub(s.id), currentPeriodEnd: end });
      expectRefused(w.decide(cmdFor('start-renewal', s.id), end), 'NOT_DUE');
      expect(w.run(cmdFor('expire-subscription', s.id), end).updated[0].status).toBe('cancelled');
    });
  });

  it('R-CAT-2 one-per-customer counted from the committed holdings even without the subscription list', () => {
    const c = customer({ holdings: [{ offerId: 'power-bi-premium-per-capacity', licenses: 1, subscriptions: 1 }] });
    expect(offerAvailability(catalog.require('power-bi-premium-per-capacity'), c, direct, [])).toEqual({ purchasable: false, reason: 'ONE_PER_CUSTOMER_OWNED' });
    expect(catalog.isCountedOffer('ghost')).toBe(false);
    expect(catalog.isCountedOffer('windows-11-enterprise-e3')).toBe(false);
    expect(catalog.isCountedOffer('office-365-e1')).toBe(true);
  });
});
