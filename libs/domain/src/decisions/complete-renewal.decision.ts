import { termEndExclusive } from '../billing/billing-cycle';
import type { CompleteRenewal } from '../model/commands';
import type { Customer, Holding } from '../model/customer';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import type { Subscription } from '../model/subscription';
import type { DomainEvent } from '../model/event';
import { addOnRatioProblems, addOnRatioWarnings } from '../rules/add-on.rules';
import { counterView } from '../rules/holdings';
import { startNewTerm } from '../rules/new-term';
import { requireTarget } from '../rules/subscription-guards';
import { addMs } from '../time/calendar';
import { accepted, eventOf } from './decision-kit';
import { requireDue } from './time-guards';

/**
 * R-REN-3: applies the scheduled change (R-SCH-1, R-SCH-5), starts the new term the day after the old
 * one ended, charges it, and opens a new 7-day window at the exact moment the renewal completes.
 */
export function decideCompleteRenewal(input: FullInput<CompleteRenewal>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  const startedAt = sub.renewalStartedAt as Date;
  requireDue(sub.renewalInProgress && ctx.now.getTime() >= addMs(startedAt, ctx.policy.renewalProcessingMs).getTime(), sub, 'Completing the renewal');
  const change = renewalChange(sub);
  const offer = ctx.catalog.require(change?.offerId ?? sub.offerId);
  const quantity = change?.quantity ?? sub.quantity;
  const { subscription, charge } = startNewTerm(sub, {
    offer, quantity,
    termDuration: change?.termDuration ?? sub.termDuration,
    billingFrequency: change?.billingFrequency ?? sub.pendingBillingFrequency ?? sub.billingFrequency,
    termStart: termEndExclusive(sub), termEnd: change?.cotermEndDate,
    lotId: input.command.commandId, lotSource: 'renewal', chargeType: 'renewal',
  }, ctx);
  const events: DomainEvent[] = [eventOf('subscription.renewed', subscription, { termStartDate: subscription.termStartDate, termEndDate: subscription.termEndDate, quantity })];
  const effects = [`a new 7-day window for cancelling and reducing opens now, until ${subscription.cancellableUntil?.toISOString()}`];
  if (change) {
    const offerChanged = offer.id !== sub.offerId;
    const licenseReassignment = offerChanged ? (quantity === sub.quantity ? 'automatic' : 'manual') : undefined;
    events.push(eventOf('subscription.scheduled-change-applied', subscription, { scheduledChange: change, ...(licenseReassignment ? { licenseReassignment } : {}) }));
    effects.push('applies the scheduled change');
  }
  const ratio = addOnRatioWarnings(ctx.catalog, input.customer, counterView(input.customer, ctx.catalog, input.command.commandId), renewalDeltas(sub), input.subscriptions);
  return accepted(ctx, [sub], {
    updated: [subscription], charges: [charge], effects,
    warnings: ratio.warnings,
    events: [...events, ...ratio.events],
    result: { subscriptionId: sub.id, termStartDate: subscription.termStartDate, termEndDate: subscription.termEndDate },
  });
}

function renewalChange(sub: Subscription) {
  return sub.scheduledChange?.kind === 'renewal' ? sub.scheduledChange : undefined;
}

function renewalDeltas(sub: Subscription): Holding[] {
  const change = renewalChange(sub);
  return [{ offerId: sub.offerId, licenses: -sub.quantity, subscriptions: 0 }, { offerId: change?.offerId ?? sub.offerId, licenses: change?.quantity ?? sub.quantity, subscriptions: 0 }];
}

/** Whether completing this renewal reads the customer's other subscriptions: only to name add-ons it leaves out of ratio. */
export function completeRenewalReadsSubscriptions(sub: Subscription, customer: Customer, commandId: string, ctx: DecisionContext): boolean {
  return addOnRatioProblems(ctx.catalog, customer, counterView(customer, ctx.catalog, commandId), renewalDeltas(sub)).length > 0;
}
