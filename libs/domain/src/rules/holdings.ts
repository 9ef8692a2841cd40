import type { Catalog } from '../catalog/catalog';
import type { Customer, Holding } from '../model/customer';
import type { Subscription } from '../model/subscription';

/** Active and suspended subscriptions count towards the customer-wide rules (R-ORD-4, R-CAT-2, R-ADD-*). */
export function holdsLicenses(sub: Pick<Subscription, 'status'>): boolean {
  return sub.status === 'active' || sub.status === 'suspended';
}

/** Rebuilds the committed counters from the customer's subscriptions, as the deltas keep them. */
export function holdingsFromSubscriptions(subscriptions: readonly Subscription[], catalog: Catalog): Holding[] {
  return holdingDeltasBetween([], subscriptions, catalog);
}

/** Adds deltas to holdings per offer; offers that reach zero are dropped. Pure. */
export function applyHoldingDeltas(holdings: readonly Holding[], deltas: readonly Holding[]): Holding[] {
  const byOffer = new Map<string, Holding>();
  for (const h of [...holdings, ...deltas]) {
    const cur = byOffer.get(h.offerId) ?? { offerId: h.offerId, licenses: 0, subscriptions: 0 };
    byOffer.set(h.offerId, { offerId: h.offerId, licenses: cur.licenses + h.licenses, subscriptions: cur.subscriptions + h.subscriptions });
  }
  return [...byOffer.values()].filter((h) => h.licenses !== 0 || h.subscriptions !== 0);
}

/**
 * The counter changes between the states before and after a decision. Licenses are kept for the
 * offers a customer-wide rule reads (bases, add-ons, one per customer); subscription counts for every
 * offer, since the subscription limit counts them all.
 */
export function holdingDeltasBetween(before: readonly Subscription[], after: readonly Subscription[], catalog: Catalog): Holding[] {
  const negative = before.filter(holdsLicenses).map((s) => ({ offerId: s.offerId, licenses: -s.quantity, subscriptions: -1 }));
  const positive = after.filter(holdsLicenses).map((s) => ({ offerId: s.offerId, licenses: s.quantity, subscriptions: 1 }));
  return applyHoldingDeltas([], [...negative, ...positive])
    .map((h) => (catalog.isCountedOffer(h.offerId) ? h : { ...h, licenses: 0 }))
    .filter((h) => h.licenses !== 0 || h.subscriptions !== 0)
    .sort((a, b) => (a.offerId < b.offerId ? -1 : 1));
}

/** Worst-case view of the counters: committed plus other commands' reservations in flight. */
export interface CounterView {
  /** Committed + every in-flight increase (no decrease). */
  maxLicenses(offerId: string): number;
  /** Committed + every in-flight decrease (no increase). */
  minLicenses(offerId: string): number;
  maxSubscriptions(offerId: string): number;
  /** Worst case of the license-based subscription count (R-ORD-4). */
  maxLicenseSubscriptions(): number;
}

export function counterView(customer: Customer, catalog: Catalog, excludeCommandId?: string): CounterView {
  const committed = new Map(customer.holdings.map((h) => [h.offerId, h]));
  const inFlight = customer.reservations.filter((r) => r.commandId !== excludeCommandId).flatMap((r) => r.deltas);
  const sum = (offerId: string, field: 'licenses' | 'subscriptions', sign: 1 | -1): number =>
    (committed.get(offerId)?.[field] ?? 0) +
    inFlight.filter((d) => d.offerId === offerId && Math.sign(d[field]) === sign).reduce((n, d) => n + d[field], 0);
  const offerIds = (): string[] => [...new Set([...committed.keys(), ...inFlight.map((d) => d.offerId)])];
  return {
    maxLicenses: (id) => sum(id, 'licenses', 1),
    minLicenses: (id) => sum(id, 'licenses', -1),
    maxSubscriptions: (id) => sum(id, 'subscriptions', 1),
    maxLicenseSubscriptions: () =>
      offerIds()
        .filter((id) => catalog.get(id)?.billingType !== 'usage')
        .reduce((n, id) => n + sum(id, 'subscriptions', 1), 0),
  };
}
