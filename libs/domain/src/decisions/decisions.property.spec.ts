import fc from 'fast-check';
import { decide } from '../decide';
import type { Command } from '../model/commands';
import type { DecisionInput } from '../model/decision';
import { DAY, HOUR, T0, World, ctx, deepFreeze, orderOf, plus } from '../testing/fixtures';

const offers = ['microsoft-365-business-basic', 'microsoft-365-e3', 'office-365-e1', 'microsoft-365-copilot', 'multi-geo-capabilities', 'microsoft-365-e3-trial', 'power-bi-premium-per-capacity', 'tailspin-analytics'];

/** A small world: some subscriptions, bought at T0 (the trial with its own term). */
function seeded(): World {
  const w = new World();
  w.run(orderOf([
    { offerId: 'microsoft-365-e3', quantity: 200 }, { offerId: 'office-365-e1', quantity: 20, billingFrequency: 'annual' },
    { offerId: 'microsoft-365-copilot', quantity: 150 }, { offerId: 'multi-geo-capabilities', quantity: 12 },
    { offerId: 'tailspin-analytics', quantity: 5 },
  ]), T0);
  w.run(orderOf([{ offerId: 'microsoft-365-e3-trial', quantity: 25, termDuration: 'P1M' }]), T0);
  return w;
}

const ids = (w: World): string[] => [...w.subs.keys()];

const commandArb = (subIds: string[]): fc.Arbitrary<Command> => {
  const sub = fc.constantFrom(...subIds);
  const id = fc.uuid();
  return fc.oneof(
    fc.record({ type: fc.constant('update-subscription' as const), commandId: id, subscriptionId: sub, quantity: fc.option(fc.integer({ min: -2, max: 400 }), { nil: undefined }), autoRenewEnabled: fc.option(fc.boolean(), { nil: undefined }), friendlyName: fc.option(fc.string(), { nil: undefined }), ifMatchVersion: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }),
    fc.record({ type: fc.constantFrom('suspend-subscription' as const, 'reactivate-subscription' as const, 'cancel-subscription' as const, 'delete-scheduled-change' as const, 'start-renewal' as const, 'complete-renewal' as const, 'end-trial' as const, 'expire-subscription' as const, 'charge-cycle' as const), commandId: id, subscriptionId: sub }),
    fc.record({ type: fc.constant('put-scheduled-change' as const), commandId: id, subscriptionId: sub, quantity: fc.integer({ min: 0, max: 400 }) }),
    fc.record({ type: fc.constant('upgrade-subscription' as const), commandId: id, subscriptionId: sub, targetOfferId: fc.constantFrom(...offers, 'microsoft-365-e5', 'office-365-e3'), quantity: fc.integer({ min: 0, max: 250 }), schedule: fc.constantFrom('now' as const, 'renewal' as const), newSubscriptionId: id }),
    fc.record({ type: fc.constant('convert-trial' as const), commandId: id, subscriptionId: sub, quantity: fc.integer({ min: 1, max: 40 }), schedule: fc.constantFrom('now' as const, 'trial-end' as const), newSubscriptionId: id }),
    fc.record({ type: fc.constant('place-order' as const), commandId: id, customerId: fc.constant('cust-1'), orderId: id, attestationAccepted: fc.boolean(), subscriptionIds: fc.constant(['new-1']), lines: fc.tuple(fc.record({ offerId: fc.constantFrom(...offers), quantity: fc.integer({ min: 0, max: 400 }), termDuration: fc.constantFrom('P1M' as const, 'P1Y' as const), billingFrequency: fc.constantFrom('monthly' as const, 'annual' as const) })) }),
  ) as fc.Arbitrary<Command>;
};

const timeArb = fc.integer({ min: 0, max: 400 * DAY }).map((ms) => plus(T0, ms));

describe('decision properties', () => {
  it('R-ERR-1 a refused or deferred command changes nothing, and no decision mutates its inputs', () => {
    const w = seeded();
    fc.assert(fc.property(commandArb(ids(w)), timeArb, (command, now) => {
      const sub = 'subscriptionId' in command ? w.subs.get(command.subscriptionId) : undefined;
      const input: DecisionInput = { command, partner: w.partner, customer: w.cust, subscription: sub, subscriptions: [...w.subs.values()], partners: w.partners };
      const before = structuredClone(input);
      const d = decide(deepFreeze(structuredClone(input)), ctx(now));
      decide(input, ctx(now));
      expect(input).toEqual(before);
      if (d.kind !== 'accepted') expect(Object.keys(d).sort()).toEqual(d.kind === 'refused' ? ['error', 'kind'] : ['kind', 'reason']);
    }), { numRuns: 400 });
  });

  it('R-ORD-5 quantities never leave the offer min/max, whatever sequence of commands is applied', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -5, max: 420 }), fc.integer({ min: 0, max: 20 * DAY })), { maxLength: 25 }), (steps) => {
      const w = seeded();
      let now = T0;
      for (const [which, quantity, gap] of steps) {
        now = plus(now, gap);
        const id = ids(w)[which];
        const d = w.decide({ type: 'update-subscription', commandId: `q-${now.getTime()}-${which}`, subscriptionId: id, quantity }, now);
        if (d.kind === 'accepted') w.run({ type: 'update-subscription', commandId: `q-${now.getTime()}-${which}`, subscriptionId: id, quantity }, now);
      }
      for (const s of w.subs.values()) {
        const offer = ctx().catalog.require(s.offerId);
        expect(s.quantity).toBeGreaterThanOrEqual(offer.minQuantity);
        expect(s.quantity).toBeLessThanOrEqual(offer.maxQuantity);
        expect(s.lots.reduce((n, l) => n + l.quantity, 0)).toBe(s.status === 'active' || s.status === 'suspended' ? s.quantity : 0);
      }
    }), { numRuns: 150 });
  });

  it('R-QTY-3 a refund never exceeds what was paid for the lot', () => {
    fc.assert(fc.property(
      fc.constantFrom('microsoft-365-e3', 'office-365-e1', 'microsoft-365-business-basic'), fc.constantFrom('P1M', 'P1Y'), fc.constantFrom('monthly', 'annual'),
      fc.integer({ min: 2, max: 290 }), fc.integer({ min: 0, max: 10 * DAY }), fc.integer({ min: 0, max: 200 * HOUR }), fc.boolean(),
      (offerId, termDuration, billingFrequency, q, addAfter, reduceAfter, cancel) => {
        if (termDuration === 'P1M' && billingFrequency === 'annual') return;
        const w = new World();
        const s = w.buy(offerId, q, T0, { termDuration: termDuration as 'P1M', billingFrequency: billingFrequency as 'monthly' });
        const added = w.run({ type: 'update-subscription', commandId: 'add', subscriptionId: s.id, quantity: q + 5 }, plus(T0, addAfter));
        const paid = s.lots[0].paid.unitAmount.amount * q + added.charges[0].amount.amount;
        const at = plus(T0, addAfter + reduceAfter);
        const d = cancel ? w.decide({ type: 'cancel-subscription', commandId: 'c', subscriptionId: s.id }, at) : w.decide({ type: 'update-subscription', commandId: 'r', subscriptionId: s.id, quantity: 1 }, at);
        if (d.kind !== 'accepted') return;
        const refunded = -d.charges.reduce((n, c) => n + c.amount.amount, 0);
        expect(refunded).toBeGreaterThanOrEqual(0);
        expect(refunded).toBeLessThanOrEqual(paid);
        for (const c of d.charges) {
          const lot = [...s.lots, ...added.updated[0].lots].find((l) => l.paid.periodStart.getTime() === c.periodStart.getTime());
          expect(-c.amount.amount).toBeLessThanOrEqual((lot?.paid.unitAmount.amount ?? 0) * c.quantity);
        }
      }), { numRuns: 300 });
  });
});
