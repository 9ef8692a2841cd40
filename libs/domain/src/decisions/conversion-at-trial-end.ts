import { remainderOfCurrentPeriod, unitPrice } from '../billing/billing-cycle';
import { chargeLine, newLot } from '../billing/lots';
import type { EndTrial } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import { reductionWindowMs } from '../model/policy';
import type { Subscription } from '../model/subscription';
import { addMs } from '../time/calendar';
import { accepted, eventOf } from './decision-kit';
import { existingConversionTargetProblem } from '../rules/conversion.rules';

/** Whether ending this trial reads the customer's other subscriptions: only to find the existing one it converts into (R-TRI-6). */
export function endTrialReadsSubscriptions(trial: Subscription): boolean {
  return trial.scheduledChange?.kind === 'conversion' && trial.scheduledChange.targetSubscriptionId !== undefined;
}

/**
 * R-TRI-6 with an existing target: the trial's licenses are added to it (its term and billing kept) and
 * the trial ends. If the target is no longer eligible, the trial converts in place with a warning.
 */
export function existingTargetAtTrialEnd(input: FullInput<EndTrial>, ctx: DecisionContext): { decision?: Decision; warning?: Warning } {
  const trial = input.subscription as Subscription;
  const change = trial.scheduledChange;
  if (change?.kind !== 'conversion' || change.targetSubscriptionId === undefined) return {};
  const found = input.subscriptions.find((s) => s.id === change.targetSubscriptionId);
  const reason = existingConversionTargetProblem(trial, found, change.offerId as string);
  if (reason) {
    return { warning: { code: 'CONVERSION_TARGET_INELIGIBLE', message: `Subscription ${change.targetSubscriptionId} can no longer receive the trial (${reason}): converted in place instead.`, subscriptionIds: [trial.id] } };
  }
  const into = found as Subscription;
  const { now } = ctx;
  const billed = remainderOfCurrentPeriod(into, now, unitPrice(ctx.catalog, into.offerId, into.termDuration, into.billingFrequency));
  const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
  const receiver: Subscription = {
    ...into, quantity: into.quantity + trial.quantity,
    lots: [...into.lots, newLot(input.command.commandId, trial.quantity, now, 'conversion', paid, addMs(now, reductionWindowMs(ctx.policy, into.customerCountry)))],
  };
  const { scheduledChange: _done, ...rest } = trial;
  const ended: Subscription = { ...rest, status: 'expired', endedAt: now, endedReason: 'converted', autoRenewEnabled: false };
  return {
    decision: accepted(ctx, [trial, into], {
      updated: [ended, receiver],
      charges: [chargeLine(into.id, now, 'conversion', trial.quantity, paid)],
      events: [eventOf('subscription.converted', ended, { toSubscriptionId: into.id, quantity: trial.quantity, scheduled: true })],
      effects: [`adds the trial's ${trial.quantity} licenses to ${into.id}`],
      result: { subscriptionId: trial.id, targetSubscriptionId: into.id },
    }),
  };
}
