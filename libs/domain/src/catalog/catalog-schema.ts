import { BILLING_FREQUENCIES, SEGMENTS, TERM_DURATIONS } from '../model/values';
import type { Offer, UnsupportedUpgradePath } from './offer';

export interface CatalogData {
  version: string;
  offers: Offer[];
  unsupportedUpgradePaths: UnsupportedUpgradePath[];
}

/** Thrown when catalog data does not match the schema; the message names every faulty path. */
export class CatalogValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid catalog data:\n- ${problems.join('\n- ')}`);
    this.name = 'CatalogValidationError';
  }
}

const OFFER_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Check = (value: unknown, path: string, problems: string[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p, out) => { if (typeof v !== 'string' || v.length === 0) out.push(`${p}: expected a non-empty string`); };
const bool: Check = (v, p, out) => { if (typeof v !== 'boolean') out.push(`${p}: expected true or false`); };
const count: Check = (v, p, out) => { if (!Number.isInteger(v) || (v as number) < 0) out.push(`${p}: expected a non-negative integer`); };
const offerId: Check = (v, p, out) => { if (typeof v !== 'string' || !OFFER_ID.test(v)) out.push(`${p}: expected a kebab-case offer id`); };
const oneOf = (allowed: readonly string[]): Check => (v, p, out) => {
  if (typeof v !== 'string' || !allowed.includes(v)) out.push(`${p}: expected one of ${allowed.join(', ')}`);
};
const listOf = (item: Check): Check => (v, p, out) => {
  if (!Array.isArray(v)) out.push(`${p}: expected a list`);
  else v.forEach((x, i) => item(x, `${p}[${i}]`, out));
};
const optional = (check: Check): Check => (v, p, out) => { if (v !== undefined) check(v, p, out); };
const shape = (fields: Record<string, Check>): Check => (v, p, out) => {
  if (!isObject(v)) { out.push(`${p}: expected an object`); return; }
  for (const [name, check] of Object.entries(fields)) check(v[name], `${p}.${name}`, out);
  for (const name of Object.keys(v)) if (!(name in fields)) out.push(`${p}.${name}: unknown field`);
};

const money = shape({ amount: count, currency: (v, p, out) => { if (typeof v !== 'string' || !/^[A-Z]{3}$/.test(v)) out.push(`${p}: expected an ISO 4217 code`); } });

const offerShape = shape({
  id: offerId,
  name: str,
  publisher: oneOf(['microsoft', 'partner']),
  billingType: oneOf(['license', 'usage']),
  category: oneOf(['enterprise', 'small-business', 'trial']),
  segments: listOf(oneOf(SEGMENTS)),
  isAddOn: bool,
  baseOfferIds: listOf(offerId),
  onePerCustomer: bool,
  minQuantity: count,
  maxQuantity: count,
  terms: listOf(shape({ termDuration: oneOf(TERM_DURATIONS), billingFrequency: oneOf(BILLING_FREQUENCIES), unitPrice: money })),
  upgradePaths: listOf(offerId),
  trial: optional(shape({ offerId, quantity: count, duration: oneOf(TERM_DURATIONS) })),
  paidOfferId: optional(offerId),
  addOnQuantityRule: optional(shape({ kind: oneOf(['min-percent-of-base', 'max-percent-of-base']), percent: count })),
  countries: optional(listOf((v, p, out) => { if (typeof v !== 'string' || !/^[A-Z]{2}$/.test(v)) out.push(`${p}: expected an ISO 3166 alpha-2 code`); })),
  availableInCsp: bool,
  exclusivePartnerIds: optional(listOf(str)),
  transactable: bool,
  freeTrialDays: optional(count),
  setupUrl: optional((v, p, out) => { if (typeof v !== 'string' || !/^https:\/\//.test(v)) out.push(`${p}: expected an https URL`); }),
  traditional: optional(bool),
  containsOfferIds: optional(listOf(offerId)),
});

const catalogShape = shape({
  version: str,
  offers: listOf(offerShape),
  unsupportedUpgradePaths: listOf(shape({ from: offerId, to: offerId })),
});

/** Validates shape, then the references and invariants between offers. */
export function validateCatalogData(data: unknown): CatalogData {
  const problems: string[] = [];
  catalogShape(data, 'catalog', problems);
  if (problems.length > 0) throw new CatalogValidationError(problems);
  const catalog = data as CatalogData;
  checkReferences(catalog, problems);
  if (problems.length > 0) throw new CatalogValidationError(problems);
  return catalog;
}

function checkReferences(catalog: CatalogData, out: string[]): void {
  const ids = new Set<string>();
  catalog.offers.forEach((o, i) => {
    if (ids.has(o.id)) out.push(`catalog.offers[${i}].id: duplicate offer id "${o.id}"`);
    ids.add(o.id);
  });
  const ref = (id: string | undefined, path: string): void => {
    if (id !== undefined && !ids.has(id)) out.push(`${path}: unknown offer "${id}"`);
  };
  const unsupported = new Set(catalog.unsupportedUpgradePaths.map((u) => `${u.from}>${u.to}`));
  catalog.offers.forEach((o, i) => {
    const p = `catalog.offers[${i}]`;
    o.baseOfferIds.forEach((b, j) => ref(b, `${p}.baseOfferIds[${j}]`));
    o.upgradePaths.forEach((u, j) => {
      ref(u, `${p}.upgradePaths[${j}]`);
      if (unsupported.has(`${o.id}>${u}`)) out.push(`${p}.upgradePaths[${j}]: "${o.id}" → "${u}" is an unsupported upgrade path`);
    });
    (o.containsOfferIds ?? []).forEach((c, j) => ref(c, `${p}.containsOfferIds[${j}]`));
    ref(o.paidOfferId, `${p}.paidOfferId`);
    ref(o.trial?.offerId, `${p}.trial.offerId`);
    if (o.minQuantity > o.maxQuantity) out.push(`${p}: minQuantity exceeds maxQuantity`);
    if (o.isAddOn && o.baseOfferIds.length === 0) out.push(`${p}.baseOfferIds: an add-on needs at least one base offer`);
    if (o.transactable && o.terms.length === 0) out.push(`${p}.terms: a transactable offer needs at least one term`);
    const combos = new Set<string>();
    o.terms.forEach((t, j) => {
      const key = `${t.termDuration}/${t.billingFrequency}`;
      if (combos.has(key)) out.push(`${p}.terms[${j}]: duplicate term ${key}`);
      combos.add(key);
    });
  });
  catalog.unsupportedUpgradePaths.forEach((u, i) => {
    ref(u.from, `catalog.unsupportedUpgradePaths[${i}].from`);
    ref(u.to, `catalog.unsupportedUpgradePaths[${i}].to`);
  });
}
