import type { BillingFrequency, TermDuration } from '../model/values';
import { validateCatalogData } from './catalog-schema';
import type { Offer, OfferTerm, UnsupportedUpgradePath } from './offer';

export interface OfferFilter {
  publisher?: Offer['publisher'];
  billingType?: Offer['billingType'];
  category?: Offer['category'];
  segment?: Offer['segments'][number];
}

/** The validated, read-only price list (R-CAT-*). */
export class Catalog {
  private readonly byId: ReadonlyMap<string, Offer>;

  private constructor(
    readonly version: string,
    private readonly list: readonly Offer[],
    private readonly unsupported: readonly UnsupportedUpgradePath[],
  ) {
    this.byId = new Map(list.map((o) => [o.id, o]));
  }

  /** Validates against the schema; throws a CatalogValidationError naming each problem. */
  static fromData(data: unknown): Catalog {
    const valid = validateCatalogData(data);
    const offers = valid.offers.map((o) => deepFreeze(structuredClone(o)));
    return new Catalog(valid.version, Object.freeze(offers), Object.freeze(valid.unsupportedUpgradePaths.map((u) => ({ ...u }))));
  }

  offers(filter: OfferFilter = {}): Offer[] {
    return this.list.filter(
      (o) =>
        (filter.publisher === undefined || o.publisher === filter.publisher) &&
        (filter.billingType === undefined || o.billingType === filter.billingType) &&
        (filter.category === undefined || o.category === filter.category) &&
        (filter.segment === undefined || o.segments.includes(filter.segment)),
    );
  }

  get(id: string): Offer | undefined {
    return this.byId.get(id);
  }

  require(id: string): Offer {
    const offer = this.byId.get(id);
    if (!offer) throw new Error(`Offer "${id}" is not in catalog ${this.version}`);
    return offer;
  }

  term(offer: Offer, termDuration: TermDuration, billingFrequency: BillingFrequency): OfferTerm | undefined {
    return offer.terms.find((t) => t.termDuration === termDuration && t.billingFrequency === billingFrequency);
  }

  /** R-CAT-4: the pairs that are not supported even if the tier looks higher. */
  unsupportedUpgradePaths(): UnsupportedUpgradePath[] {
    return this.unsupported.map((u) => ({ ...u }));
  }

  isUnsupportedUpgrade(from: string, to: string): boolean {
    return this.unsupported.some((u) => u.from === from && u.to === to);
  }

  /** Offers that are bases of some add-on, or add-ons, or one per customer: the customer-wide counters. */
  isCountedOffer(id: string): boolean {
    const offer = this.byId.get(id);
    if (!offer) return false;
    return offer.isAddOn || offer.onePerCustomer || this.list.some((o) => o.isAddOn && o.baseOfferIds.includes(id));
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
