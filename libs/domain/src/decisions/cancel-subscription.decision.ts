import { termEndExclusive } from '../billing/billing-cycle';
import { refundLines } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import { negate, sumMoney, times } from '../money/money';
import type { Charge } from '../model/charge';
import type { CancelSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { addOnRatioWarnings } from '../rules/add-on.rules';
import { cancellationOutcome } from '../rules/cancellation.policy';
import { counterView } from '../rules/holdings';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { requireNotTrial, requireTarget } from '../rules/subscription-guards';
import { accepted, eventOf } from './decision-kit';

/** R-CAN-1/2/3/MP, R-ADD-2 (add-ons untouched, warned), R-ADD-RATIO, R-SCH-4, R-REN-4 (deferred while renewing). */
export function decideCancelSubscription(input: FullInput<CancelSubscription>, ctx: DecisionContext): Decision {
  const sub = requireTarget(input);
  const { now, catalog } = ctx;
  requireNotTrial(sub, 'status');
  if (sub.renewalInProgress) return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' };
  const offer = catalog.require(sub.offerId);
  const outcome = cancellationOutcome(sub, offer, now);
  if (outcome === 'window-closed') {
    refuse('CANCELLATION_WINDOW_CLOSED',
      'The 7-day cancellation window of this term has closed: the partner pays the full term. Turn auto-renew off so it ends at the term end.', {
        subscriptionId: sub.id, cancellableUntil: sub.cancellableUntil ?? null, termEndDate: sub.termEndDate,
      });
  }
  const { subscription: cleared, effects } = afterMidTermChange({ ...sub, autoRenewEnabled: false }, 'cancel');
  if (outcome === 'at-renewal') {
    const next: Subscription = { ...cleared, pendingCancellation: { requestedAt: now } };
    return accepted(ctx, [sub], {
      updated: [next],
      effects: [`the cancellation is scheduled for the renewal date ${termEndExclusive(sub).toISOString()}`, 'turns auto-renew off', ...effects],
      result: { subscriptionId: sub.id, cancellation: 'at-renewal', effectiveAt: termEndExclusive(sub) },
    });
  }
  const charges: Charge[] = outcome === 'full-credit'
    ? sub.lots.map((l) => ({ subscriptionId: sub.id, at: now, type: 'cancel-refund', quantity: l.quantity, periodStart: l.paid.periodStart, periodEnd: l.paid.periodEnd, amount: negate(times(l.paid.unitAmount, l.quantity)) }))
    : refundLines(sub.id, sub.lots.map((lot) => ({ lot, quantity: lot.quantity })), now, 'cancel-refund');
  const next: Subscription = { ...cleared, status: 'cancelled', endedAt: now, endedReason: 'cancelled', lots: [] };
  const refund = sumMoney(charges.map((c) => c.amount), ctx.policy.currency);
  const warnings: Warning[] = [];
  const orphans = input.subscriptions.filter((s) => sub.addOnSubscriptionIds.includes(s.id) && (s.status === 'active' || s.status === 'suspended'));
  if (orphans.length > 0) {
    warnings.push({ code: 'ADDONS_WITHOUT_BASE_SUBSCRIPTION', message: 'These add-ons keep running (each has its own window) but their base subscription is cancelled: check they still have a qualifying base.', subscriptionIds: orphans.map((s) => s.id) });
  }
  const ratio = offer.isAddOn
    ? { warnings: [], events: [] }
    : addOnRatioWarnings(catalog, input.customer, counterView(input.customer, catalog, input.command.commandId), [{ offerId: sub.offerId, licenses: -sub.quantity, subscriptions: -1 }], input.subscriptions);
  return accepted(ctx, [sub], {
    updated: [next], charges,
    warnings: [...warnings, ...ratio.warnings],
    events: [eventOf('subscription.cancelled', next, { refund, outcome }), ...ratio.events],
    effects: ['the customer loses access at once; the subscription can never be reactivated', outcome === 'full-credit' ? 'full credit on the next invoice' : 'prorated refund', ...effects],
    result: { subscriptionId: sub.id, cancellation: outcome, refund },
  });
}
