import type { Catalog } from '../catalog/catalog';
import type { Offer } from '../catalog/offer';
import { refuse } from '../errors/domain-error';
import type { Subscription } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';
import { holdsLicenses } from './holdings';

/** R-TRI-2: conversion to a new subscription defaults to an annual term billed monthly. */
export const DEFAULT_CONVERSION_TERM: { termDuration: TermDuration; billingFrequency: BillingFrequency } = { termDuration: 'P1Y', billingFrequency: 'monthly' };

/** R-TRI-4: a trial converts with at least its 25 licenses mid-trial. */
export const TRIAL_QUANTITY = 25;

/** The offers a trial may convert to: its paid offer and that offer's supported upgrade paths (R-TRI-6). */
export function conversionTargets(catalog: Catalog, trialOffer: Offer): string[] {
  const paid = trialOffer.paidOfferId ? catalog.get(trialOffer.paidOfferId) : undefined;
  return paid ? [paid.id, ...paid.upgradePaths.filter((id) => !catalog.isUnsupportedUpgrade(paid.id, id))] : [trialOffer.id];
}

export function requireConvertibleTrial(sub: Subscription, catalog: Catalog): Offer {
  if (!sub.isTrial) refuse('CONVERSION_NOT_ALLOWED', 'Only a trial can be converted; upgrade a paid subscription instead.', { subscriptionId: sub.id, reason: 'NOT_A_TRIAL' });
  const offer = catalog.require(sub.offerId);
  if (offer.category !== 'trial') {
    refuse('CONVERSION_NOT_ALLOWED', 'A marketplace free trial becomes paid by itself when it ends (R-POST-1).', { subscriptionId: sub.id, reason: 'MARKETPLACE_TRIAL' });
  }
  return offer;
}

export function requireConversionTarget(catalog: Catalog, trialOffer: Offer, targetOfferId: string): Offer {
  const allowed = conversionTargets(catalog, trialOffer);
  if (!allowed.includes(targetOfferId)) {
    refuse('CONVERSION_NOT_ALLOWED', `${trialOffer.name} converts to ${allowed.join(', ')}, not ${targetOfferId}.`, { reason: 'OFFER_NOT_ELIGIBLE', targetOfferId, allowed });
  }
  return catalog.require(targetOfferId);
}

/** R-TRI-4: an existing target is the customer's active subscription of the paid offer whose term ends on or after the trial's end. */
export function requireExistingConversionTarget(trial: Subscription, target: Subscription | undefined, targetOfferId: string): Subscription {
  const reason = !target || target.customerId !== trial.customerId || target.partnerId !== trial.partnerId ? 'NOT_A_CUSTOMER_SUBSCRIPTION'
    : target.status !== 'active' || !holdsLicenses(target) || target.isTrial ? 'NOT_ACTIVE'
      : target.offerId !== targetOfferId ? 'OFFER_MISMATCH'
        : target.termEndDate.getTime() < (trial.trialEndDate ?? trial.termEndDate).getTime() ? 'TERM_ENDS_BEFORE_TRIAL'
          : undefined;
  if (reason) refuse('CONVERSION_NOT_ALLOWED', `That subscription cannot receive the trial's licenses (${reason}).`, { reason, targetSubscriptionId: target?.id });
  return target as Subscription;
}
