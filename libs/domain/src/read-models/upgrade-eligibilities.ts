import type { Catalog } from '../catalog/catalog';
import type { Policy } from '../model/policy';
import type { Subscription } from '../model/subscription';
import { holdsLicenses } from '../rules/holdings';
import { existingTargetProblem, upgradePathProblem } from '../rules/upgrade-path.rules';

export interface UpgradeEligibility {
  targetOfferId: string;
  eligible: boolean;
  reason?: string;
  existingTargets: { subscriptionId: string; eligible: boolean; reason?: string }[];
}

/**
 * R-UPG-2/3: each target offer of the subscription (its paths, and the unsupported pairs of R-CAT-4 as
 * not eligible), and for each the customer's existing subscriptions of it, eligible or why not.
 */
export function upgradeEligibilities(subscription: Subscription, subscriptions: readonly Subscription[], catalog: Catalog, now: Date, _policy?: Policy): { items: UpgradeEligibility[] } {
  const offer = catalog.require(subscription.offerId);
  const sourceProblem = subscription.isTrial ? 'TRIAL' : subscription.status !== 'active' ? 'NOT_ACTIVE' : undefined;
  const targets = [
    ...offer.upgradePaths,
    ...catalog.unsupportedUpgradePaths().filter((u) => u.from === subscription.offerId).map((u) => u.to),
  ];
  const items = targets.map((targetOfferId): UpgradeEligibility => {
    const reason = upgradePathProblem(catalog, subscription.offerId, targetOfferId) ?? sourceProblem;
    const existingTargets = subscriptions
      .filter((s) => s.offerId === targetOfferId && s.customerId === subscription.customerId && s.partnerId === subscription.partnerId && holdsLicenses(s))
      .map((s) => {
        const why = reason ?? existingTargetProblem(subscription, s, targetOfferId, now);
        return why ? { subscriptionId: s.id, eligible: false, reason: why } : { subscriptionId: s.id, eligible: true };
      });
    return reason ? { targetOfferId, eligible: false, reason, existingTargets } : { targetOfferId, eligible: true, existingTargets };
  });
  return { items };
}
