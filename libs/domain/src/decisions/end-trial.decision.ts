import { termEndExclusive } from '../billing/billing-cycle';
import type { EndTrial } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { DEFAULT_CONVERSION_TERM, TRIAL_QUANTITY } from '../rules/conversion.rules';
import { existingTargetAtTrialEnd } from './conversion-at-trial-end';
import { startNewTerm } from '../rules/new-term';
import { requireTarget } from '../rules/subscription-guards';
import { dayAfter } from '../time/calendar';
import { accepted, eventOf } from './decision-kit';
import { requireDue } from './time-guards';

/**
 * At the end of a trial's last day: auto-renew off → it expires (R-TRI-1); otherwise it becomes paid in
 * place (R-TRI-1/2, R-POST-1), with the scheduled conversion if any (R-TRI-6), or into the existing
 * subscription that conversion names. Promotions do not carry over (R-TRI-5).
 */
export function decideEndTrial(input: FullInput<EndTrial>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  requireDue(sub.isTrial && sub.status === 'active' && ctx.now.getTime() >= dayAfter(sub.trialEndDate as Date).getTime(), sub, 'The end of the trial');
  if (!sub.autoRenewEnabled) {
    const next: Subscription = { ...sub, status: 'expired', endedAt: ctx.now, endedReason: 'trial-ended' };
    return accepted(ctx, [sub], {
      updated: [next], events: [eventOf('subscription.expired', next, { reason: 'trial-ended' })],
      effects: ['auto-renew was off: the trial expires'], result: { subscriptionId: sub.id, status: 'expired' },
    });
  }
  const intoExisting = existingTargetAtTrialEnd(input, ctx);
  if (intoExisting.decision) return intoExisting.decision;
  const offer = ctx.catalog.require(sub.offerId);
  const change = sub.scheduledChange?.kind === 'conversion' ? sub.scheduledChange : undefined;
  const saas = offer.category !== 'trial';
  const target = saas ? offer : ctx.catalog.require(change?.offerId ?? (offer.paidOfferId as string));
  const { promotionId: _noPromotion, ...rest } = sub;
  const { subscription, charge } = startNewTerm(saas ? sub : rest, {
    offer: target,
    quantity: saas ? sub.quantity : change?.quantity ?? TRIAL_QUANTITY,
    termDuration: saas ? sub.termDuration : change?.termDuration ?? DEFAULT_CONVERSION_TERM.termDuration,
    billingFrequency: saas ? sub.billingFrequency : change?.billingFrequency ?? DEFAULT_CONVERSION_TERM.billingFrequency,
    termStart: termEndExclusive({ termEndDate: sub.trialEndDate as Date }),
    lotId: input.command.commandId, lotSource: 'conversion', chargeType: 'conversion',
  }, ctx);
  const warnings: Warning[] = intoExisting.warning ? [intoExisting.warning] : [];
  return accepted(ctx, [sub], {
    updated: [subscription], charges: [charge], warnings,
    events: [eventOf('subscription.converted', subscription, { fromOfferId: sub.offerId, toOfferId: target.id, quantity: subscription.quantity, scheduled: change !== undefined })],
    effects: [`the trial becomes a paid ${target.name} subscription; its term starts ${subscription.termStartDate.toISOString()}`],
    result: { subscriptionId: sub.id, offerId: target.id },
  });
}
