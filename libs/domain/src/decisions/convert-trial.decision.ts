import { remainderOfCurrentPeriod, unitPrice } from '../billing/billing-cycle';
import { chargeLine, newLot } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import type { Charge } from '../model/charge';
import type { ConvertTrial } from '../model/commands';
import type { Decision, DecisionContext, FullInput } from '../model/decision';
import { reductionWindowMs } from '../model/policy';
import type { Subscription } from '../model/subscription';
import { addOnRatioWarnings } from '../rules/add-on.rules';
import { DEFAULT_CONVERSION_TERM, TRIAL_QUANTITY, requireConversionTarget, requireConvertibleTrial, requireExistingConversionTarget } from '../rules/conversion.rules';
import { counterView } from '../rules/holdings';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { conversionChange, requireQuantity, requireSchedulable } from '../rules/scheduled-change.rules';
import { requireActive, requireTarget } from '../rules/subscription-guards';
import { newSubscription } from '../rules/subscription-factory';
import { addMs } from '../time/calendar';
import { accepted, eventOf } from './decision-kit';
import { scheduled } from './put-scheduled-change.decision';

/** R-TRI-2/4/5/6, R-SCH-4: converts a trial now (new or existing subscription) or schedules it for the trial's end. */
export function decideConvertTrial(input: FullInput<ConvertTrial>, ctx: DecisionContext): Decision {
  const trial = requireTarget(input);
  const { command: cmd } = input;
  const subs = input.subscriptions;
  const trialOffer = requireConvertibleTrial(trial, ctx.catalog);
  requireActive(trial, 'be converted');
  if (cmd.schedule === 'trial-end') {
    requireSchedulable(trial, ctx);
    return scheduled(trial, conversionChange(trial, { ...cmd, offerId: cmd.targetOfferId }, subs, cmd.commandId, ctx), ctx);
  }
  const existing = cmd.targetSubscriptionId !== undefined ? subs.find((s) => s.id === cmd.targetSubscriptionId) : undefined;
  const target = requireConversionTarget(ctx.catalog, trialOffer, cmd.targetOfferId ?? existing?.offerId ?? (trialOffer.paidOfferId as string));
  const ended = afterMidTermChange({ ...trial, status: 'expired', endedAt: ctx.now, endedReason: 'converted', autoRenewEnabled: false }, 'trial-conversion');
  const view = counterView(input.customer, ctx.catalog, cmd.commandId);
  let receiver: Subscription;
  let charge: Charge;
  let created: Subscription[] = [];
  const befores = [trial];
  if (cmd.targetSubscriptionId !== undefined) {
    const into = requireExistingConversionTarget(trial, existing, target.id);
    if (cmd.quantity !== undefined && cmd.quantity !== trial.quantity) {
      refuse('CONVERSION_NOT_ALLOWED', `Converting into an existing subscription adds the trial's ${trial.quantity} licenses.`, { reason: 'EXISTING_TARGET_TAKES_TRIAL_QUANTITY' });
    }
    requireQuantity(target.minQuantity, target.maxQuantity, into.quantity + trial.quantity, target.name);
    const billed = remainderOfCurrentPeriod(into, ctx.now, unitPrice(ctx.catalog, target.id, into.termDuration, into.billingFrequency));
    const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
    const lot = newLot(cmd.commandId, trial.quantity, ctx.now, 'conversion', paid, addMs(ctx.now, reductionWindowMs(ctx.policy, into.customerCountry)));
    receiver = { ...into, quantity: into.quantity + trial.quantity, lots: [...into.lots, lot] };
    charge = chargeLine(into.id, ctx.now, 'conversion', trial.quantity, paid);
    befores.push(into);
  } else {
    const quantity = cmd.quantity ?? TRIAL_QUANTITY;
    if (quantity < TRIAL_QUANTITY) {
      refuse('CONVERSION_NOT_ALLOWED', `A mid-trial conversion keeps at least ${TRIAL_QUANTITY} licenses; schedule the conversion for the trial's end to convert with fewer.`, { reason: 'MINIMUM_25', quantity });
    }
    requireQuantity(target.minQuantity, target.maxQuantity, quantity, target.name);
    const made = newSubscription({
      id: cmd.newSubscriptionId, customerId: trial.customerId, customerCountry: trial.customerCountry, partnerId: trial.partnerId, offer: target, quantity,
      termDuration: cmd.termDuration ?? DEFAULT_CONVERSION_TERM.termDuration, billingFrequency: cmd.billingFrequency ?? DEFAULT_CONVERSION_TERM.billingFrequency,
      chargeType: 'conversion', lotSource: 'conversion', lotId: cmd.commandId, opensWindows: true,
      resellerId: trial.resellerId, origin: { kind: 'trial-conversion', subscriptionId: trial.id },
    }, ctx);
    receiver = made.subscription;
    charge = made.charge;
    created = [receiver];
  }
  const deltas = [{ offerId: trial.offerId, licenses: -trial.quantity, subscriptions: -1 }, { offerId: target.id, licenses: receiver.quantity - (existing?.quantity ?? 0), subscriptions: created.length }];
  const ratio = addOnRatioWarnings(ctx.catalog, input.customer, view, deltas, subs);
  const updated = [ended.subscription, ...(existing ? [receiver] : [])];
  return accepted(ctx, befores, {
    created, updated, charges: [charge],
    warnings: ratio.warnings,
    events: [eventOf('subscription.converted', ended.subscription, { toSubscriptionId: receiver.id, toOfferId: target.id, quantity: trial.quantity }),
      ...created.map((s) => eventOf('subscription.created', s, { origin: s.origin })), ...ratio.events],
    effects: [...ended.effects, `converts the trial into ${receiver.id}`, 'promotions do not apply on conversion from a trial'],
    result: { subscriptionId: trial.id, targetSubscriptionId: receiver.id },
  });
}
