import type { Customer } from '../model/customer';
import type { Partner } from '../model/partner';
import type { Subscription } from '../model/subscription';
import type { Offer } from './offer';

/** R-CAT-3 reason codes, plus the two this library adds for segment and add-on base. */
export type AvailabilityReason =
  | 'ONE_PER_CUSTOMER_OWNED' | 'SUSPENDED_SUBSCRIPTION_EXISTS' | 'COUNTRY_NOT_SUPPORTED' | 'NOT_AVAILABLE_IN_CSP'
  | 'PARTNER_NOT_ELIGIBLE' | 'NOT_TRANSACTABLE' | 'SEGMENT_NOT_ELIGIBLE' | 'BASE_LICENSE_REQUIRED';

export interface Availability {
  purchasable: boolean;
  reason?: AvailabilityReason;
}

type Check = (offer: Offer, customer: Customer, partner: Partner, subs: readonly Subscription[]) => AvailabilityReason | undefined;

const heldOf = (offerId: string, subs: readonly Subscription[], status: 'active' | 'suspended'): number =>
  subs.filter((s) => s.offerId === offerId && s.status === status).length;

/** Committed + in-flight subscriptions of the offer (the worst case under concurrency, R-CAT-2). */
const countedSubscriptions = (offerId: string, customer: Customer): number =>
  (customer.holdings.find((h) => h.offerId === offerId)?.subscriptions ?? 0) +
  customer.reservations.flatMap((r) => r.deltas).filter((d) => d.offerId === offerId && d.subscriptions > 0).reduce((n, d) => n + d.subscriptions, 0);

/** In order: the first failing check gives the reason. A table, so a new reason is one more row. */
const CHECKS: readonly Check[] = [
  (o) => (o.transactable ? undefined : 'NOT_TRANSACTABLE'),
  (o) => (o.availableInCsp ? undefined : 'NOT_AVAILABLE_IN_CSP'),
  (o, _c, p) => (o.exclusivePartnerIds && !o.exclusivePartnerIds.includes(p.id) ? 'PARTNER_NOT_ELIGIBLE' : undefined),
  (o, c) => (o.countries && !o.countries.includes(c.country.toUpperCase()) ? 'COUNTRY_NOT_SUPPORTED' : undefined),
  (o, c) => (o.segments.includes(c.segment) ? undefined : 'SEGMENT_NOT_ELIGIBLE'),
  (o, _c, _p, s) => ((o.onePerCustomer || o.publisher === 'partner') && heldOf(o.id, s, 'suspended') > 0 ? 'SUSPENDED_SUBSCRIPTION_EXISTS' : undefined),
  (o, c, _p, s) => (o.onePerCustomer && (heldOf(o.id, s, 'active') > 0 || countedSubscriptions(o.id, c) > 0) ? 'ONE_PER_CUSTOMER_OWNED' : undefined),
  (o, c, _p, s) => (o.isAddOn && !holdsBase(o, c, s) ? 'BASE_LICENSE_REQUIRED' : undefined),
];

function holdsBase(addOn: Offer, customer: Customer, subs: readonly Subscription[]): boolean {
  const isBase = (offerId: string): boolean => addOn.baseOfferIds.includes(offerId);
  return (
    subs.some((s) => isBase(s.offerId) && (s.status === 'active' || s.status === 'suspended') && s.quantity > 0) ||
    customer.holdings.some((h) => isBase(h.offerId) && h.licenses > 0) ||
    customer.licensesHeldElsewhere.some((l) => isBase(l.offerId) && l.quantity > 0)
  );
}

/** R-CAT-3, R-ADD-1: whether this partner can buy the offer for this customer now, and why not. */
export function offerAvailability(
  offer: Offer, customer: Customer, partner: Partner, subscriptionsOfCustomer: readonly Subscription[],
  options: { ignoreBaseRequirement?: boolean } = {},
): Availability {
  for (const check of options.ignoreBaseRequirement ? CHECKS.slice(0, -1) : CHECKS) {
    const reason = check(offer, customer, partner, subscriptionsOfCustomer);
    if (reason) return { purchasable: false, reason };
  }
  return { purchasable: true };
}
