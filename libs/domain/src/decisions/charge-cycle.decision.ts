import { periodFrom, termEndExclusive, unitPrice } from '../billing/billing-cycle';
import { chargeLine } from '../billing/lots';
import type { ChargeCycle } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { requireTarget } from '../rules/subscription-guards';
import { accepted, eventOf } from './decision-kit';
import { requireDue } from './time-guards';

/**
 * Charges the next billing cycle inside the term, suspended or not (R-SUS-2); a pending mid-term
 * billing frequency change takes effect here (R-REN-5).
 */
export function decideChargeCycle(input: FullInput<ChargeCycle>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  const termEnd = termEndExclusive(sub);
  requireDue(!sub.isTrial && !sub.renewalInProgress && ctx.now.getTime() >= sub.currentPeriodEnd.getTime() &&
    sub.currentPeriodEnd.getTime() < termEnd.getTime(), sub, 'The cycle charge');
  const frequency = sub.pendingBillingFrequency ?? sub.billingFrequency;
  const billed = periodFrom(termEnd, frequency, sub.currentPeriodEnd, unitPrice(ctx.catalog, sub.offerId, sub.termDuration, frequency));
  const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
  const { pendingBillingFrequency: _applied, ...rest } = sub;
  const next: Subscription = {
    ...rest, billingFrequency: frequency, currentPeriodStart: paid.periodStart, currentPeriodEnd: paid.periodEnd,
    lots: sub.lots.map((l) => ({ ...l, paid })),
  };
  return accepted(ctx, [sub], {
    updated: [next],
    charges: [chargeLine(sub.id, ctx.now, 'cycle', sub.quantity, paid)],
    events: [eventOf('subscription.cycle-charged', next, { periodStart: paid.periodStart, periodEnd: paid.periodEnd, billingFrequency: frequency })],
    effects: sub.pendingBillingFrequency ? [`billing is now ${frequency}`] : [],
    result: { subscriptionId: sub.id, periodStart: paid.periodStart, periodEnd: paid.periodEnd },
  });
}
