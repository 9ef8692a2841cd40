import type { BillingFrequency, BillingType, Money, OfferCategory, Publisher, Segment, TermDuration } from '../model/values';

export interface OfferTerm {
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  /** Price per license per billing cycle (a month, a year or three years). */
  unitPrice: Money;
}

/**
 * A customer-wide quantity rule of an add-on against its base licenses (R-ADD-MG, R-ADD-CP):
 * `min-percent-of-base` (Multi-Geo: at least 5%, rounded up) or `max-percent-of-base` (Copilot: at most 100%).
 */
export interface AddOnQuantityRule {
  kind: 'min-percent-of-base' | 'max-percent-of-base';
  percent: number;
}

export interface Offer {
  id: string;
  name: string;
  publisher: Publisher;
  billingType: BillingType;
  category: OfferCategory;
  segments: Segment[];
  isAddOn: boolean;
  baseOfferIds: string[];
  onePerCustomer: boolean;
  minQuantity: number;
  maxQuantity: number;
  terms: OfferTerm[];
  /** Supported upgrade targets (R-CAT-4); unsupported pairs live in the catalog's table. */
  upgradePaths: string[];
  /** The trial offer of this paid offer (api.md). */
  trial?: { offerId: string; quantity: number; duration: TermDuration };
  /** On a trial offer: the equivalent paid offer it converts to (R-TRI-1). */
  paidOfferId?: string;
  addOnQuantityRule?: AddOnQuantityRule;
  /** ISV: billing countries it sells in; absent = everywhere (R-CAT-3 COUNTRY_NOT_SUPPORTED). */
  countries?: string[];
  /** ISV: false when it chose not to sell through partners (NOT_AVAILABLE_IN_CSP). */
  availableInCsp: boolean;
  /** ISV: only these partners may sell it (PARTNER_NOT_ELIGIBLE). */
  exclusivePartnerIds?: string[];
  /** False for offers bought elsewhere, e.g. usage-based containers and VMs (NOT_TRANSACTABLE). */
  transactable: boolean;
  /** Marketplace SaaS: free trial started automatically at purchase (R-POST-1). */
  freeTrialDays?: number;
  /** Marketplace SaaS: the publisher's set-up link (R-POST-2). */
  setupUrl?: string;
  /** Traditional (not new-commerce) marketplace SaaS: cancellation per R-CAN-MP. */
  traditional?: boolean;
  /** Offers whose licenses this one includes (R-UPG-9 redundant licenses). */
  containsOfferIds?: string[];
}

export interface UnsupportedUpgradePath {
  from: string;
  to: string;
}
