import type { DecisionContext } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { CYCLE_LENGTH } from '../model/values';
import { addDuration } from '../time/calendar';
import { holdsLicenses } from './holdings';

/**
 * R-UPG-9: when the customer gets licenses of a higher offer that contains a lower one it already
 * holds with this partner, the lower subscription is flagged with the deadline to ask for its
 * cancellation: two billing cycles after the higher licenses were first billed.
 */
export function redundantLicenseFlags(newlyBilled: readonly Subscription[], existing: readonly Subscription[], ctx: DecisionContext): Subscription[] {
  const flagged: Subscription[] = [];
  for (const higher of newlyBilled.filter((s) => !s.isTrial)) {
    const contains = ctx.catalog.get(higher.offerId)?.containsOfferIds ?? [];
    const deadline = addDuration(higher.currentPeriodEnd, CYCLE_LENGTH[higher.billingFrequency]);
    for (const lower of existing) {
      if (!contains.includes(lower.offerId) || !holdsLicenses(lower) || lower.partnerId !== higher.partnerId || lower.redundantLicenses) continue;
      flagged.push({ ...lower, redundantLicenses: { deadline, higherSubscriptionId: higher.id, higherOfferId: higher.offerId } });
    }
  }
  return flagged;
}
