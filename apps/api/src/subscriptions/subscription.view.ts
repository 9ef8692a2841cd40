import { Policy, refundableQuantity, Subscription } from '@app/domain';

/** A subscription as api.md shows it, with its reducible licenses at `now` (R-QTY-4). */
export function subscriptionView(subscription: Subscription, now: Date, policy: Policy) {
  const refundable = refundableQuantity(subscription, now, policy);
  return {
    id: subscription.id,
    customerId: subscription.customerId,
    partnerId: subscription.partnerId,
    offerId: subscription.offerId,
    offerName: subscription.offerName,
    friendlyName: subscription.friendlyName,
    quantity: subscription.quantity,
    status: subscription.status,
    isTrial: subscription.isTrial,
    ...(subscription.trialEndDate ? { trialEndDate: subscription.trialEndDate } : {}),
    autoRenewEnabled: subscription.autoRenewEnabled,
    termDuration: subscription.termDuration,
    billingFrequency: subscription.billingFrequency,
    termStartDate: subscription.termStartDate,
    termEndDate: subscription.termEndDate,
    renewalInProgress: subscription.renewalInProgress,
    refundableQuantity: refundable,
    scheduledChange: subscription.scheduledChange ?? null,
    ...(subscription.baseSubscriptionId ? { baseSubscriptionId: subscription.baseSubscriptionId } : {}),
    addOnSubscriptionIds: subscription.addOnSubscriptionIds,
    ...(subscription.resellerId ? { resellerId: subscription.resellerId } : {}),
    ...(subscription.additionalResellerIds?.length ? { additionalResellerIds: subscription.additionalResellerIds } : {}),
    ...(subscription.promotionId ? { promotionId: subscription.promotionId } : {}),
    updateCount: subscription.updateCount,
    ...(subscription.setupUrl ? { setupUrl: subscription.setupUrl } : {}),
    ...(subscription.redundantLicenses ? { redundantLicenses: subscription.redundantLicenses } : {}),
    ...(subscription.pendingBillingFrequency ? { pendingBillingFrequency: subscription.pendingBillingFrequency } : {}),
    ...(subscription.cancellableUntil ? { cancellableUntil: subscription.cancellableUntil } : {}),
    purchasedAt: subscription.purchasedAt,
    version: subscription.version,
  };
}
