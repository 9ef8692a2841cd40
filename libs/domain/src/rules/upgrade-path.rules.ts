import type { Catalog } from '../catalog/catalog';
import type { Subscription } from '../model/subscription';
import { holdsLicenses } from './holdings';

export type UpgradePathReason = 'UNSUPPORTED_PATH' | 'DOWNGRADE' | 'NOT_AN_UPGRADE_PATH' | 'SAME_OFFER' | 'UNKNOWN_OFFER';

/** R-UPG-1, R-CAT-4: an upgrade goes to an offer listed in the source's paths and not in the unsupported table. */
export function upgradePathProblem(catalog: Catalog, fromOfferId: string, toOfferId: string): UpgradePathReason | undefined {
  const from = catalog.get(fromOfferId);
  if (!from || !catalog.get(toOfferId)) return 'UNKNOWN_OFFER';
  if (fromOfferId === toOfferId) return 'SAME_OFFER';
  if (catalog.isUnsupportedUpgrade(fromOfferId, toOfferId)) return 'UNSUPPORTED_PATH';
  if (from.upgradePaths.includes(toOfferId)) return undefined;
  return reachable(catalog, toOfferId, fromOfferId) ? 'DOWNGRADE' : 'NOT_AN_UPGRADE_PATH';
}

function reachable(catalog: Catalog, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...catalog.require(id).upgradePaths);
  }
  return false;
}

export type TargetReason =
  | 'NOT_A_CUSTOMER_SUBSCRIPTION' | 'SAME_SUBSCRIPTION' | 'NOT_ACTIVE' | 'TRIAL' | 'OFFER_MISMATCH'
  | 'IN_CANCELLATION_WINDOW' | 'TERM_DURATION_DIFFERS' | 'TERM_ENDS_BEFORE_SOURCE';

/** R-UPG-3: whether an existing subscription can receive the source's licenses. */
export function existingTargetProblem(source: Subscription, target: Subscription | undefined, targetOfferId: string, now: Date): TargetReason | undefined {
  if (!target || target.customerId !== source.customerId || target.partnerId !== source.partnerId) return 'NOT_A_CUSTOMER_SUBSCRIPTION';
  if (target.id === source.id) return 'SAME_SUBSCRIPTION';
  if (target.status !== 'active' || !holdsLicenses(target)) return 'NOT_ACTIVE';
  if (target.isTrial) return 'TRIAL';
  if (target.offerId !== targetOfferId) return 'OFFER_MISMATCH';
  if (target.cancellableUntil && now.getTime() < target.cancellableUntil.getTime()) return 'IN_CANCELLATION_WINDOW';
  if (target.termDuration !== source.termDuration) return 'TERM_DURATION_DIFFERS';
  if (target.termEndDate.getTime() < source.termEndDate.getTime()) return 'TERM_ENDS_BEFORE_SOURCE';
  return undefined;
}
