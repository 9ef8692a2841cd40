import { decide } from '../decide';
import {
  T0, DAY, World, customer, direct, expectAccepted, expectRefused, orderOf, provider, reseller, otherPartner, ctx, catalog,
} from '../testing/fixtures';
import type { Partner } from '../model/partner';

describe('place-order', () => {
  it('R-ORD-1 creates one subscription per line, in line order, with the intake ids; result { orderId, subscriptionIds }', () => {
    const w = new World();
    const cmd = orderOf([{ offerId: 'microsoft-365-e3', quantity: 10 }, { offerId: 'office-365-e1', quantity: 5, billingFrequency: 'annual' }]);
    const d = w.run(cmd, T0);
    expect(d.created.map((s) => s.id)).toEqual(cmd.subscriptionIds);
    expect(d.result).toEqual({ orderId: cmd.orderId, subscriptionIds: cmd.subscriptionIds });
    expect(d.created[0]).toMatchObject({ offerId: 'microsoft-365-e3', quantity: 10, status: 'active', autoRenewEnabled: true, version: 0, updateCount: 0 });
    expect(d.charges.map((c) => [c.type, c.amount.amount])).toEqual([['purchase', 36_000], ['purchase', 60_000]]);
    expect(d.events.map((e) => e.type)).toEqual(['subscription.created', 'subscription.created']);
  });

  it('R-ORD-1 is all-or-nothing: one bad line refuses the whole order and creates nothing', () => {
    const w = new World();
    const d = w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 10 }, { offerId: 'microsoft-365-business-basic', quantity: 301 }]), T0);
    expectRefused(d, 'QUANTITY_OUT_OF_RANGE');
  });

  it('refuses an order without lines or with a missing subscription id', () => {
    const w = new World();
    expectRefused(w.decide(orderOf([]), T0), 'VALIDATION_FAILED');
    expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { subscriptionIds: [] }), T0), 'VALIDATION_FAILED');
  });

  it('R-ORD-2 refuses an order without the attestation', () => {
    expectRefused(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { attestationAccepted: false }), T0), 'ATTESTATION_REQUIRED');
  });

  it('R-PT-1 refuses an indirect reseller with a message to contact its provider', () => {
    const w = new World(customer({ partnerId: reseller.id }), reseller);
    const d = w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0);
    expectRefused(d, 'PARTNER_CANNOT_TRANSACT');
    expect(d.kind === 'refused' && d.error.message).toMatch(/contact your indirect provider/);
  });

  it('R-PT-1 lets a direct-bill partner and an indirect provider buy', () => {
    expectAccepted(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0));
    const w = new World(customer({ partnerId: provider.id }), provider);
    expectAccepted(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0));
  });

  describe('R-PT-2 reseller', () => {
    const w = (): World => new World(customer({ partnerId: provider.id }), provider);
    it('accepts a reseller linked to the provider and records it on every subscription', () => {
      const d = w().run(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: reseller.id }), T0);
      expect(d.created[0].resellerId).toBe(reseller.id);
    });
    it('accepts no reseller (acting as a direct partner)', () => {
      expect(w().run(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0).created[0].resellerId).toBeUndefined();
    });
    it.each([
      ['an unknown reseller', 'partner-nope'],
      ['a partner that is not a reseller', otherPartner.id],
    ])('refuses %s with RESELLER_INVALID', (_why, id) => {
      expectRefused(w().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: id }), T0), 'RESELLER_INVALID');
    });
    it('refuses a reseller linked to another provider, and a direct-bill partner naming one', () => {
      const foreign: Partner = { ...reseller, id: 'partner-reseller-2', providerId: 'partner-someone-else' };
      const world = w();
      world.partners.push(foreign);
      expectRefused(world.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: foreign.id }), T0), 'RESELLER_INVALID');
      expectRefused(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: reseller.id }), T0), 'RESELLER_INVALID');
    });
  });

  describe('R-ORD-3 additional resellers', () => {
    const extra = (n: number, signed = true): Partner[] =>
      Array.from({ length: n }, (_, i) => ({ id: `partner-extra-${i}`, name: `Extra ${i}`, type: 'indirect-reseller', country: 'NL', mpaSigned: signed, providerId: 'x' }));
    const world = (country = 'NL', partners: Partner[] = extra(6)): World =>
      new World(customer({ partnerId: provider.id, country }), provider, [provider, reseller, ...partners]);
    const order = (ids: string[], resellerId: string | null = reseller.id) =>
      orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: resellerId ?? undefined, additionalResellerIds: ids });

    it('accepts up to 5 signed, known additional resellers in the EU/EEA after a primary one', () => {
      const ids = extra(5).map((p) => p.id);
      expect(world().run(order(ids), T0).created[0].additionalResellerIds).toEqual(ids);
    });
    it('refuses 6 additional resellers', () => {
      expectRefused(world().decide(order(extra(6).map((p) => p.id)), T0), 'ADDITIONAL_RESELLERS_INVALID');
    });
    it('refuses additional resellers without a primary reseller', () => {
      expect(expectRefused(world().decide(order([extra(1)[0].id], null), T0), 'ADDITIONAL_RESELLERS_INVALID').reason).toMatch(/primary/);
    });
    it('refuses an unknown id, an unsigned partner, a duplicate, and a non-EU/EEA customer', () => {
      expectRefused(world().decide(order(['partner-ghost']), T0), 'ADDITIONAL_RESELLERS_INVALID');
      expectRefused(world('NL', extra(1, false)).decide(order([extra(1)[0].id]), T0), 'ADDITIONAL_RESELLERS_INVALID');
      expectRefused(world().decide(order([extra(1)[0].id, extra(1)[0].id]), T0), 'ADDITIONAL_RESELLERS_INVALID');
      expectRefused(world('US').decide(order([extra(1)[0].id]), T0), 'ADDITIONAL_RESELLERS_INVALID');
    });
    it('accepts them in an EEA country outside the EU (Norway)', () => {
      expectAccepted(world('NO').decide(order([extra(1)[0].id]), T0));
    });
  });

  describe('R-ORD-4 subscription limit (300)', () => {
    const withHeld = (n: number): World => new World(customer({ holdings: [{ offerId: 'office-365-e1', licenses: n, subscriptions: n }] }));
    it('accepts the 300th subscription (299 held + 1)', () => {
      expectAccepted(withHeld(299).decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0));
    });
    it('refuses the 301st (300 held + 1) and 299 held + 2', () => {
      expect(expectRefused(withHeld(300).decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0), 'SUBSCRIPTION_LIMIT_REACHED')).toMatchObject({ held: 300, limit: 300 });
      expectRefused(withHeld(299).decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }, { offerId: 'office-365-e3', quantity: 1 }]), T0), 'SUBSCRIPTION_LIMIT_REACHED');
    });
    it('counts in-flight reservations of other commands but ignores its own, and ignores cancelled (uncounted) subscriptions', () => {
      const w = new World(customer({
        holdings: [{ offerId: 'office-365-e1', licenses: 298, subscriptions: 298 }],
        reservations: [{ commandId: 'cmd-other', deltas: [{ offerId: 'office-365-e3', licenses: 1, subscriptions: 1 }] }],
      }));
      const cmd = orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]);
      expectAccepted(w.decide(cmd, T0));
      expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }, { offerId: 'office-365-e3', quantity: 1 }]), T0), 'SUBSCRIPTION_LIMIT_REACHED');
      w.cust = { ...w.cust, reservations: [...w.cust.reservations, { commandId: cmd.commandId, deltas: [{ offerId: 'microsoft-365-e3', licenses: 1, subscriptions: 1 }] }] };
      expectAccepted(w.decide(cmd, T0));
    });
    it('follows a configured limit', () => {
      expectRefused(withHeld(5).decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0, { subscriptionLimit: 5 }), 'SUBSCRIPTION_LIMIT_REACHED');
    });
  });

  describe('R-ORD-5 quantity range', () => {
    it.each([[0, false], [1, true], [300, true], [301, false]])('Business Basic with %i licenses: accepted=%s', (q, ok) => {
      const d = new World().decide(orderOf([{ offerId: 'microsoft-365-business-basic', quantity: q }]), T0);
      if (ok) expectAccepted(d);
      else expect(expectRefused(d, 'QUANTITY_OUT_OF_RANGE')).toMatchObject({ minQuantity: 1, maxQuantity: 300 });
    });
    it('refuses a term the offer does not sell', () => {
      expectRefused(new World().decide(orderOf([{ offerId: 'office-365-e1', quantity: 1, termDuration: 'P3Y', billingFrequency: 'triennial' }]), T0), 'TERM_NOT_OFFERED');
    });
    it('answers NOT_FOUND for an unknown offer', () => {
      expectRefused(new World().decide(orderOf([{ offerId: 'no-such-offer', quantity: 1 }]), T0), 'NOT_FOUND');
    });
  });

  describe('R-CAT-2 / R-CAT-3 availability', () => {
    it('R-CAT-2 refuses a second one-per-customer subscription (ONE_PER_CUSTOMER_OWNED), also within one order', () => {
      const w = new World();
      w.buy('power-bi-premium-per-capacity', 1);
      expect(expectRefused(w.decide(orderOf([{ offerId: 'power-bi-premium-per-capacity', quantity: 1 }]), T0), 'OFFER_NOT_AVAILABLE').reason).toBe('ONE_PER_CUSTOMER_OWNED');
      const fresh = new World();
      expect(expectRefused(fresh.decide(orderOf([{ offerId: 'power-bi-premium-per-capacity', quantity: 1 }, { offerId: 'power-bi-premium-per-capacity', quantity: 1 }]), T0), 'OFFER_NOT_AVAILABLE').reason).toBe('ONE_PER_CUSTOMER_OWNED');
    });
    it('R-CAT-2 counts an in-flight purchase of another command (worst case)', () => {
      const w = new World(customer({ reservations: [{ commandId: 'cmd-x', deltas: [{ offerId: 'power-bi-premium-per-capacity', licenses: 1, subscriptions: 1 }] }] }));
      expect(expectRefused(w.decide(orderOf([{ offerId: 'power-bi-premium-per-capacity', quantity: 1 }]), T0), 'OFFER_NOT_AVAILABLE').reason).toBe('ONE_PER_CUSTOMER_OWNED');
    });
    it('R-CAT-3 refuses with the reason code in details.reason', () => {
      const cases: [string, string, Partial<Parameters<typeof customer>[0]>][] = [
        ['northwind-container-runtime', 'NOT_TRANSACTABLE', {}],
        ['woodgrove-insights', 'NOT_AVAILABLE_IN_CSP', {}],
        ['fabrikam-crm-pro', 'PARTNER_NOT_ELIGIBLE', {}],
        ['contoso-cloud-backup', 'COUNTRY_NOT_SUPPORTED', { country: 'JP' }],
        ['microsoft-365-business-basic', 'SEGMENT_NOT_ELIGIBLE', { segment: 'government' }],
      ];
      for (const [offerId, reason, c] of cases) {
        const d = new World(customer(c)).decide(orderOf([{ offerId, quantity: 1 }]), T0);
        expect(expectRefused(d, 'OFFER_NOT_AVAILABLE').reason).toBe(reason);
      }
    });
    it('R-CAT-3 lets the exclusive partner buy its exclusive ISV offer', () => {
      const elite: Partner = { ...direct, id: 'partner-fabrikam-elite' };
      expectAccepted(new World(customer({ partnerId: elite.id }), elite).decide(orderOf([{ offerId: 'fabrikam-crm-pro', quantity: 3 }]), T0));
    });
  });

  describe('add-ons', () => {
    it('R-ADD-1 refuses an add-on without any qualifying base (BASE_LICENSE_REQUIRED)', () => {
      expectRefused(new World().decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 1 }]), T0), 'BASE_LICENSE_REQUIRED');
    });
    it('R-ADD-1 accepts an add-on whose base is in the same order, held now, or held elsewhere', () => {
      expectAccepted(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 10 }, { offerId: 'microsoft-365-copilot', quantity: 10 }]), T0));
      const w = new World();
      w.buy('office-365-e3', 5);
      expectAccepted(w.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 5 }]), T0));
      const elsewhere = new World(customer({ licensesHeldElsewhere: [{ offerId: 'microsoft-365-e5', quantity: 3 }] }));
      expectAccepted(elsewhere.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 3 }]), T0));
    });
    it('R-ADD-3 makes an add-on naming its base coterminous: same term end, first charge prorated', () => {
      const w = new World();
      const base = w.buy('microsoft-365-e3', 20, T0, { billingFrequency: 'annual' });
      const later = new Date(T0.getTime() + 100 * DAY);
      const d = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, billingFrequency: 'annual', baseSubscriptionId: base.id }]), later);
      const addOn = d.created[0];
      expect(addOn.termEndDate).toEqual(base.termEndDate);
      expect(addOn.baseSubscriptionId).toBe(base.id);
      expect(d.updated[0].addOnSubscriptionIds).toEqual([addOn.id]);
      // 265 of 365 days of 36,000 per license per year, rounded half-up: 26,137 (×10)
      expect(d.charges[0]).toMatchObject({ type: 'purchase', quantity: 10, amount: { amount: 261_370 } });
    });
    it('R-ADD-3 refuses a base subscription that does not qualify', () => {
      const w = new World();
      const notBase = w.buy('windows-11-enterprise-e3', 5);
      expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 1, baseSubscriptionId: notBase.id }]), T0), 'BASE_LICENSE_REQUIRED');
      expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1, baseSubscriptionId: notBase.id }]), T0), 'VALIDATION_FAILED');
    });

    describe('R-ADD-CP Copilot ≤ base licenses', () => {
      const w = (): World => {
        const world = new World();
        world.buy('microsoft-365-e3', 200);
        return world;
      };
      it.each([[249, true], [250, true], [251, false]])('200 held + 50 elsewhere, %i Copilot: accepted=%s', (q, ok) => {
        const world = w();
        world.cust = { ...world.cust, licensesHeldElsewhere: [{ offerId: 'office-365-e3', quantity: 50 }] };
        const d = world.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: q }]), T0);
        if (ok) expectAccepted(d);
        else expect(expectRefused(d, 'COPILOT_EXCEEDS_BASE')).toMatchObject({ baseLicenses: 250, maximum: 250, addOnLicenses: 251 });
      });
      it('counts base licenses of the same order', () => {
        expectAccepted(w().decide(orderOf([{ offerId: 'office-365-e1', quantity: 50 }, { offerId: 'microsoft-365-copilot', quantity: 250 }]), T0));
      });
      it('counts in-flight Copilot increases and base decreases of other commands, but not their Copilot decreases', () => {
        const world = w();
        world.cust = { ...world.cust, reservations: [
          { commandId: 'a', deltas: [{ offerId: 'microsoft-365-e3', licenses: -10, subscriptions: 0 }] },
          { commandId: 'b', deltas: [{ offerId: 'microsoft-365-copilot', licenses: 5, subscriptions: 1 }] },
          { commandId: 'c', deltas: [{ offerId: 'microsoft-365-e3', licenses: 100, subscriptions: 0 }] },
        ] };
        expectAccepted(world.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 185 }]), T0));
        expectRefused(world.decide(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 186 }]), T0), 'COPILOT_EXCEEDS_BASE');
      });
    });

    describe('R-ADD-MG Multi-Geo ≥ 5% of base, rounded up', () => {
      it.each([[400, 19, false], [400, 20, true], [410, 20, false], [410, 21, true], [410, 22, true]])('%i base, %i Multi-Geo: accepted=%s', (base, mg, ok) => {
        const w = new World();
        w.buy('microsoft-365-e3', base);
        const d = w.decide(orderOf([{ offerId: 'multi-geo-capabilities', quantity: mg }]), T0);
        if (ok) expectAccepted(d);
        else expectRefused(d, 'MULTI_GEO_MINIMUM');
      });
      it('counts base licenses held elsewhere and in the same order', () => {
        const w = new World(customer({ licensesHeldElsewhere: [{ offerId: 'office-365-e5', quantity: 200 }] }));
        expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 200 }, { offerId: 'multi-geo-capabilities', quantity: 19 }]), T0), 'MULTI_GEO_MINIMUM');
        expectAccepted(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 200 }, { offerId: 'multi-geo-capabilities', quantity: 20 }]), T0));
      });
      it('takes in-flight base increases of other commands as the worst case', () => {
        const w = new World(customer({ holdings: [{ offerId: 'microsoft-365-e3', licenses: 400, subscriptions: 1 }], reservations: [{ commandId: 'x', deltas: [{ offerId: 'office-365-e3', licenses: 20, subscriptions: 1 }] }] }));
        expectRefused(w.decide(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 20 }]), T0), 'MULTI_GEO_MINIMUM');
        expectAccepted(w.decide(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 21 }]), T0));
      });
    });
  });

  describe('after purchase', () => {
    it('R-POST-1 starts a marketplace SaaS offer with its 30-day free trial, billed 0 until it ends', () => {
      const d = new World().run(orderOf([{ offerId: 'contoso-cloud-backup', quantity: 5 }]), T0);
      const s = d.created[0];
      expect(s).toMatchObject({ isTrial: true, trialEndDate: new Date('2026-12-24T00:00:00.000Z'), termEndDate: new Date('2026-12-24T00:00:00.000Z'), termDuration: 'P1Y' });
      expect(d.charges[0].amount.amount).toBe(0);
      expect(d.effects.join(' ')).toMatch(/free trial \(cannot be declined\)/);
    });
    it('R-POST-1 a Microsoft license offer never starts a trial', () => {
      expect(new World().run(orderOf([{ offerId: 'microsoft-365-e3', quantity: 5 }]), T0).created[0].isTrial).toBe(false);
    });
    it('R-POST-2 a marketplace SaaS subscription carries the publisher set-up link; no e-mail is sent', () => {
      const d = new World().run(orderOf([{ offerId: 'tailspin-analytics', quantity: 5 }]), T0);
      expect(d.created[0].setupUrl).toBe('https://tailspin.example.com/onboard');
      expect(d.events[0].data.setupUrl).toBe('https://tailspin.example.com/onboard');
      expect(d.effects.join(' ')).toMatch(/no e-mail is sent/);
    });
  });

  it('R-ROLE-2 answers NOT_FOUND for another partner\'s customer', () => {
    const w = new World(customer({ partnerId: otherPartner.id }));
    expectRefused(w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0), 'NOT_FOUND');
  });

  it('returns holding deltas for the customer-wide counters', () => {
    const d = new World().run(orderOf([{ offerId: 'microsoft-365-e3', quantity: 10 }, { offerId: 'windows-11-enterprise-e3', quantity: 4 }]), T0);
    expect(d.holdingDeltas).toEqual([
      { offerId: 'microsoft-365-e3', licenses: 10, subscriptions: 1 },
      { offerId: 'windows-11-enterprise-e3', licenses: 0, subscriptions: 1 },
    ]);
  });

  it('works through decide() with the catalog of the context', () => {
    const d = decide({ command: orderOf([{ offerId: 'office-365-e3', quantity: 2 }]), partner: direct, customer: customer() }, ctx(T0));
    expect(expectAccepted(d).created[0].offerName).toBe(catalog.require('office-365-e3').name);
  });
});
