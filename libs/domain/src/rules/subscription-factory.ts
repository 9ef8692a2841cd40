import { periodFrom, unitPrice } from '../billing/billing-cycle';
import { chargeLine } from '../billing/lots';
import type { Offer } from '../catalog/offer';
import type { Charge, ChargeType } from '../model/charge';
import type { DecisionContext } from '../model/decision';
import { reductionWindowMs } from '../model/policy';
import type { LotSource, Subscription } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';
import { addDays, addMs, dayAfter, startOfDay, termEndDate } from '../time/calendar';
import { termFields } from './term-fields';

export interface NewSubscriptionSpec {
  id: string;
  customerId: string;
  customerCountry: string;
  partnerId: string;
  offer: Offer;
  quantity: number;
  termDuration: TermDuration;
  billingFrequency: BillingFrequency;
  /** Coterminous: the (inclusive) last day of the term to share (R-ADD-3, R-UPG-5, R-TRA-3). */
  termEnd?: Date;
  /** Billing starts here (default now): an upgrade bills from the next day boundary of its source. */
  chargeFrom?: Date;
  chargeType: ChargeType;
  lotSource: LotSource;
  lotId: string;
  /** Opens the 7-day reduction and cancellation windows (purchases, conversions; not upgrades or transfers). */
  opensWindows: boolean;
  promotionId?: string;
  resellerId?: string;
  additionalResellerIds?: string[];
  baseSubscriptionId?: string;
  orderId?: string;
  origin?: Subscription['origin'];
  autoRenewEnabled?: boolean;
}

/** A new subscription and its first charge line. */
export function newSubscription(spec: NewSubscriptionSpec, ctx: DecisionContext): { subscription: Subscription; charge: Charge } {
  const { now } = ctx;
  const offer = spec.offer;
  const price = unitPrice(ctx.catalog, offer.id, spec.termDuration, spec.billingFrequency);
  const microsoftTrial = offer.category === 'trial';
  const saasTrialDays = offer.freeTrialDays;
  const trialEndDate = microsoftTrial
    ? termEndDate(now, spec.termDuration)
    : saasTrialDays ? addDays(startOfDay(now), saasTrialDays - 1) : undefined;
  const end = spec.termEnd ?? trialEndDate ?? termEndDate(now, spec.termDuration);
  const endExcl = dayAfter(end);
  const from = spec.chargeFrom ?? now;
  // R-POST-1: a free trial bills nothing until it ends and the paid term starts.
  const billed = saasTrialDays
    ? { period: { start: from, end: endExcl }, unitAmount: { amount: 0, currency: price.currency } }
    : periodFrom(endExcl, spec.billingFrequency, from, price);
  const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
  const windowEnd = spec.opensWindows ? addMs(now, reductionWindowMs(ctx.policy, spec.customerCountry)) : undefined;
  const subscription: Subscription = strip({
    id: spec.id,
    customerId: spec.customerId,
    partnerId: spec.partnerId,
    offerId: offer.id,
    offerName: offer.name,
    friendlyName: offer.name,
    quantity: spec.quantity,
    status: 'active',
    isTrial: trialEndDate !== undefined,
    trialEndDate,
    autoRenewEnabled: spec.autoRenewEnabled ?? true,
    ...termFields({ ...spec, start: startOfDay(now), end, paid, windowEnd }, now),
    baseSubscriptionId: spec.baseSubscriptionId,
    addOnSubscriptionIds: [],
    resellerId: spec.resellerId,
    additionalResellerIds: spec.additionalResellerIds,
    promotionId: spec.promotionId,
    updateCount: 0,
    setupUrl: offer.publisher === 'partner' ? offer.setupUrl : undefined,
    customerCountry: spec.customerCountry,
    purchasedAt: now,
    orderId: spec.orderId,
    origin: spec.origin,
    version: 0,
  });
  return { subscription, charge: chargeLine(spec.id, now, spec.chargeType, spec.quantity, paid) };
}

/** Drops undefined optional fields so stored documents stay lean and deep-equality is exact. */
export function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
