import type { Catalog } from '../catalog/catalog';
import type { Offer } from '../catalog/offer';
import { refuse } from '../errors/domain-error';
import type { Subscription } from '../model/subscription';
import type { BillingFrequency, TermDuration } from '../model/values';

/** R-TRI-2: conversion to a new subscription defaults to an annual term billed monthly. */
export const DEFAULT_CONVERSION_TERM: { termDuration: TermDuration; billingFrequency: BillingFrequency } = { termDuration: 'P1Y', billingFrequency: 'monthly' };

/** R-TRI-4: a trial converts with at least its 25 licenses mid-trial. */
export const TRIAL_QUANTITY = 25;

/** The offers a trial may convert to: its paid offer and that offer's supported upgrade paths (R-TRI-6). */
export function conversionTargets(catalog: Catalog, trialOffer: Offer): string[] {
  const paid = catalog.require(trialOffer.paidOfferId as string);
  return [paid.id, ...paid.upgradePaths.filter((id) => !catalog.isUnsupportedUpgrade(paid.id, id))];
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
export function existingConversionTargetProblem(trial: Subscription, target: Subscription | undefined, targetOfferId: string): string | undefined {
  if (!target || target.customerId !== trial.customerId || target.partnerId !== trial.partnerId) return 'NOT_A_CUSTOMER_SUBSCRIPTION';
  if (target.status !== 'active' || target.isTrial) return 'NOT_ACTIVE';
  if (target.offerId !== targetOfferId) return 'OFFER_MISMATCH';
  if (target.termEndDate.getTime() < (trial.trialEndDate as Date).getTime()) return 'TERM_ENDS_BEFORE_TRIAL';
  return undefined;
}

export function requireExistingConversionTarget(trial: Subscription, target: Subscription | undefined, targetOfferId: string): Subscription {
  const reason = existingConversionTargetProblem(trial, target, targetOfferId);
  if (reason) refuse('CONVERSION_NOT_ALLOWED', `That subscription cannot receive the trial's licenses (${reason}).`, { reason, targetSubscriptionId: target?.id });
  return target as Subscription;
}
