import type { Catalog } from '../catalog/catalog';
import type { Offer } from '../catalog/offer';
import { refuse } from '../errors/domain-error';
import type { Customer, Holding } from '../model/customer';
import type { Warning } from '../model/decision';
import type { DomainEvent } from '../model/event';
import type { Subscription } from '../model/subscription';
import { CounterView, holdsLicenses } from './holdings';

const deltaOf = (deltas: readonly Holding[], offerId: string): number =>
  deltas.filter((d) => d.offerId === offerId).reduce((n, d) => n + d.licenses, 0);

const heldElsewhere = (customer: Customer, offerIds: readonly string[]): number =>
  customer.licensesHeldElsewhere.filter((l) => offerIds.includes(l.offerId)).reduce((n, l) => n + l.quantity, 0);

/** Base licenses of an add-on, worst case low: in-flight decreases, this command's own change, licenses held elsewhere. */
export function minBaseLicenses(addOn: Offer, customer: Customer, view: CounterView, deltas: readonly Holding[]): number {
  return addOn.baseOfferIds.reduce((n, b) => n + view.minLicenses(b) + deltaOf(deltas, b), 0) + heldElsewhere(customer, addOn.baseOfferIds);
}

/** Base licenses of an add-on, worst case high: in-flight increases too. */
export function maxBaseLicenses(addOn: Offer, customer: Customer, view: CounterView, deltas: readonly Holding[]): number {
  return addOn.baseOfferIds.reduce((n, b) => n + view.maxLicenses(b) + deltaOf(deltas, b), 0) + heldElsewhere(customer, addOn.baseOfferIds);
}

/** Smallest quantity allowed by a min-percent rule: 5% of 400 → 20, of 410 → 21 (rounded up). */
export function minimumForPercent(base: number, percent: number): number {
  return Math.floor((base * percent + 99) / 100);
}

export function maximumForPercent(base: number, percent: number): number {
  return Math.floor((base * percent) / 100);
}

/** R-ADD-1: the customer holds base licenses now (here or elsewhere) or buys them in the same command. */
export function requireQualifyingBase(addOn: Offer, customer: Customer, view: CounterView, deltas: readonly Holding[]): void {
  if (minBaseLicenses(addOn, customer, view, deltas) <= 0) {
    refuse('BASE_LICENSE_REQUIRED', `${addOn.name} needs licenses of one of its base offers (${addOn.baseOfferIds.join(', ')}), held now or bought in the same order.`, {
      offerId: addOn.id, baseOfferIds: addOn.baseOfferIds,
    });
  }
}

/**
 * R-ADD-CP and R-ADD-MG, checked when the add-on is bought or its quantity changes, on the worst case
 * of the counters: Copilot (max-percent) on increases only, Multi-Geo (min-percent) on every purchase or change.
 */
export function checkAddOnQuantityRule(addOn: Offer, customer: Customer, view: CounterView, deltas: readonly Holding[]): void {
  const rule = addOn.addOnQuantityRule;
  const change = deltaOf(deltas, addOn.id);
  if (!rule) return;
  if (rule.kind === 'max-percent-of-base' && change > 0) {
    const total = view.maxLicenses(addOn.id) + change;
    const base = minBaseLicenses(addOn, customer, view, deltas);
    const maximum = maximumForPercent(base, rule.percent);
    if (total > maximum) {
      refuse('COPILOT_EXCEEDS_BASE', `${addOn.name} would reach ${total} licenses, more than the ${base} qualifying base licenses allow (at most ${maximum}).`, {
        offerId: addOn.id, addOnLicenses: total, baseLicenses: base, maximum,
      });
    }
  }
  if (rule.kind === 'min-percent-of-base' && change !== 0) {
    const total = view.minLicenses(addOn.id) + change;
    const base = maxBaseLicenses(addOn, customer, view, deltas);
    const minimum = minimumForPercent(base, rule.percent);
    if (total < minimum) {
      refuse('MULTI_GEO_MINIMUM', `${addOn.name} needs at least ${rule.percent}% of the ${base} qualifying base licenses: at least ${minimum}, not ${total}.`, {
        offerId: addOn.id, addOnLicenses: total, baseLicenses: base, minimum,
      });
    }
  }
}

/** An add-on a change to base licenses leaves out of ratio (or without any base). */
export interface AddOnRatioProblem {
  addOn: Offer;
  addOnLicenses: number;
  base: number;
  code: string;
  message: string;
}

/** The add-ons over the bases `deltas` change that the change leaves out of ratio (R-ADD-RATIO, R-ADD-2); reads no subscription. */
export function addOnRatioProblems(catalog: Catalog, customer: Customer, view: CounterView, deltas: readonly Holding[]): AddOnRatioProblem[] {
  const changedBases = deltas.filter((d) => d.licenses !== 0).map((d) => d.offerId);
  const problems: AddOnRatioProblem[] = [];
  for (const addOn of catalog.offers().filter((o) => o.isAddOn && o.baseOfferIds.some((b) => changedBases.includes(b)))) {
    const addOnLicenses = view.maxLicenses(addOn.id) + deltaOf(deltas, addOn.id);
    if (addOnLicenses <= 0) continue;
    const base = minBaseLicenses(addOn, customer, view, deltas);
    const problem = ratioProblem(addOn, addOnLicenses, base);
    if (problem) problems.push({ addOn, addOnLicenses, base, ...problem });
  }
  return problems;
}

/**
 * R-ADD-RATIO and R-ADD-2: a change to base licenses is never refused for its add-ons; when it leaves an
 * add-on out of ratio (or without any base) the decision carries a warning and an event naming the add-on's subscriptions.
 */
export function addOnRatioWarnings(
  catalog: Catalog, customer: Customer, view: CounterView, deltas: readonly Holding[], subscriptions: readonly Subscription[],
): { warnings: Warning[]; events: DomainEvent[] } {
  const warnings: Warning[] = [];
  const events: DomainEvent[] = [];
  for (const { addOn, addOnLicenses, base, code, message } of addOnRatioProblems(catalog, customer, view, deltas)) {
    const ids = subscriptions.filter((s) => s.offerId === addOn.id && holdsLicenses(s)).map((s) => s.id);
    warnings.push({ code, message, subscriptionIds: ids });
    events.push({ type: 'subscription.addon-ratio-warning', customerId: customer.id, data: { offerId: addOn.id, addOnLicenses, baseLicenses: base, subscriptionIds: ids, warning: code } });
  }
  return { warnings, events };
}

function ratioProblem(addOn: Offer, addOnLicenses: number, base: number): { code: string; message: string } | undefined {
  if (base <= 0) return { code: 'ADDON_WITHOUT_BASE', message: `${addOn.name} has no qualifying base licenses left; adjust or cancel it.` };
  const rule = addOn.addOnQuantityRule;
  if (rule?.kind === 'max-percent-of-base' && addOnLicenses > maximumForPercent(base, rule.percent)) {
    return { code: 'ADDON_RATIO', message: `${addOn.name} has ${addOnLicenses} licenses for ${base} base licenses (at most ${maximumForPercent(base, rule.percent)}); reduce it.` };
  }
  if (rule?.kind === 'min-percent-of-base' && addOnLicenses < minimumForPercent(base, rule.percent)) {
    return { code: 'ADDON_RATIO', message: `${addOn.name} has ${addOnLicenses} licenses for ${base} base licenses (at least ${minimumForPercent(base, rule.percent)}); increase it.` };
  }
  return undefined;
}
