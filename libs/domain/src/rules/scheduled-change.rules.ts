import { termEndExclusive, unitPrice } from '../billing/billing-cycle';
import { refuse } from '../errors/domain-error';
import type { DecisionContext } from '../model/decision';
import type { ScheduledChange, ScheduledChangeFields, Subscription } from '../model/subscription';
import { termEndDate } from '../time/calendar';
import { DEFAULT_CONVERSION_TERM, requireConversionTarget, requireConvertibleTrial, requireExistingConversionTarget } from './conversion.rules';
import { requireNotRenewing, requireUpdateAllowance } from './subscription-guards';
import { upgradePathProblem } from './upgrade-path.rules';

/** R-SCH-2, R-TRI-6, R-REN-4: only an active subscription (a trial counts) with auto-renew on, not while renewing. */
export function requireSchedulable(sub: Subscription, ctx: DecisionContext): void {
  requireNotRenewing(sub, 'scheduled change');
  if (sub.status !== 'active') {
    refuse('SUBSCRIPTION_NOT_ACTIVE', `Only an active subscription can have a scheduled change; this one is ${sub.status}.`, { subscriptionId: sub.id, status: sub.status });
  }
  if (!sub.autoRenewEnabled) {
    refuse('AUTO_RENEW_REQUIRED', 'Turn auto-renew on first: a change is scheduled for the renewal.', { subscriptionId: sub.id });
  }
  requireUpdateAllowance(sub, ctx.policy);
}

/** R-SCH-1: offer upgrade, quantity, term duration, billing frequency, coterminous end date, for the next term. */
export function renewalChange(sub: Subscription, spec: ScheduledChangeFields, commandId: string, ctx: DecisionContext): ScheduledChange {
  const { catalog } = ctx;
  if (spec.targetSubscriptionId !== undefined) refuse('VALIDATION_FAILED', 'A renewal change applies to this subscription; it names no target subscription.');
  if ([spec.offerId, spec.quantity, spec.termDuration, spec.billingFrequency, spec.cotermEndDate].every((v) => v === undefined)) {
    refuse('VALIDATION_FAILED', 'A scheduled change needs at least one of offerId, quantity, termDuration, billingFrequency, cotermEndDate.');
  }
  const offerId = spec.offerId ?? sub.offerId;
  if (offerId !== sub.offerId) {
    const problem = upgradePathProblem(catalog, sub.offerId, offerId);
    if (problem) refuse('UPGRADE_NOT_SUPPORTED', `Upgrading ${sub.offerName} to ${offerId} is not supported (${problem}).`, { fromOfferId: sub.offerId, toOfferId: offerId, reason: problem });
  }
  const offer = catalog.require(offerId);
  const quantity = spec.quantity ?? sub.quantity;
  requireQuantity(offer.minQuantity, offer.maxQuantity, quantity, offer.name);
  const termDuration = spec.termDuration ?? sub.termDuration;
  const billingFrequency = spec.billingFrequency ?? sub.pendingBillingFrequency ?? sub.billingFrequency;
  unitPrice(catalog, offerId, termDuration, billingFrequency);
  if (spec.cotermEndDate) {
    const start = termEndExclusive(sub);
    const latest = termEndDate(start, termDuration);
    if (spec.cotermEndDate.getTime() < start.getTime() || spec.cotermEndDate.getTime() > latest.getTime()) {
      refuse('SCHEDULED_CHANGE_INVALID', `The coterminous end date must fall within the next term (${start.toISOString().slice(0, 10)} to ${latest.toISOString().slice(0, 10)}).`, {
        cotermEndDate: spec.cotermEndDate, earliest: start, latest,
      });
    }
  }
  return strip({ kind: 'renewal', offerId: spec.offerId, quantity: spec.quantity, termDuration: spec.termDuration, billingFrequency: spec.billingFrequency, cotermEndDate: spec.cotermEndDate, requestedAt: ctx.now, commandId });
}

/** R-TRI-6: the conversion at trial end, to the paid offer or another eligible one, with any quantity the offer allows. */
export function conversionChange(sub: Subscription, spec: ScheduledChangeFields, subscriptions: readonly Subscription[], commandId: string, ctx: DecisionContext): ScheduledChange {
  const trialOffer = requireConvertibleTrial(sub, ctx.catalog);
  if (spec.cotermEndDate !== undefined) refuse('VALIDATION_FAILED', 'A trial conversion takes no coterminous end date.');
  const target = spec.targetSubscriptionId ? subscriptions.find((s) => s.id === spec.targetSubscriptionId) : undefined;
  const offer = requireConversionTarget(ctx.catalog, trialOffer, spec.offerId ?? target?.offerId ?? (trialOffer.paidOfferId as string));
  if (spec.targetSubscriptionId) {
    requireExistingConversionTarget(sub, target, offer.id);
  } else {
    requireQuantity(offer.minQuantity, offer.maxQuantity, spec.quantity ?? sub.quantity, offer.name);
    unitPrice(ctx.catalog, offer.id, spec.termDuration ?? DEFAULT_CONVERSION_TERM.termDuration, spec.billingFrequency ?? DEFAULT_CONVERSION_TERM.billingFrequency);
  }
  return strip({ kind: 'conversion', offerId: offer.id, quantity: spec.quantity, termDuration: spec.termDuration, billingFrequency: spec.billingFrequency, targetSubscriptionId: spec.targetSubscriptionId, requestedAt: ctx.now, commandId });
}

export function requireQuantity(min: number, max: number, quantity: number, name: string): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > max) {
    refuse('QUANTITY_OUT_OF_RANGE', `${name} allows ${min} to ${max} licenses, not ${quantity}.`, { quantity, minQuantity: min, maxQuantity: max });
  }
}

function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
