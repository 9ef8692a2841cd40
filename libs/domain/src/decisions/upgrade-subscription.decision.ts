import { remainderOfCurrentPeriod, unitPrice } from '../billing/billing-cycle';
import { chargeLine, newLot, refundLines, takeNewestFirst } from '../billing/lots';
import { refuse } from '../errors/domain-error';
import { nextDayBoundary } from '../money/proration';
import type { UpgradeSubscription } from '../model/commands';
import type { Decision, DecisionContext, FullInput, Warning } from '../model/decision';
import type { Subscription } from '../model/subscription';
import { addOnRatioWarnings } from '../rules/add-on.rules';
import { counterView, holdsLicenses } from '../rules/holdings';
import { afterMidTermChange } from '../rules/scheduled-change.policy';
import { renewalChange, requireQuantity, requireSchedulable } from '../rules/scheduled-change.rules';
import { requireActive, requireTarget, requireUpdateAllowance } from '../rules/subscription-guards';
import { newSubscription } from '../rules/subscription-factory';
import { existingTargetProblem, upgradePathProblem } from '../rules/upgrade-path.rules';
import { accepted, counted, eventOf } from './decision-kit';
import { scheduled } from './put-scheduled-change.decision';

/**
 * R-UPG-1..8, R-UPG-BILL: moves licenses to a higher offer now (full in place or into an existing
 * target, partial into a new coterminous or an existing target) or schedules it for the renewal.
 */
export function decideUpgradeSubscription(input: FullInput<UpgradeSubscription>, ctx: DecisionContext): Decision {
  const source = requireTarget(input);
  const { command: cmd } = input;
  const { catalog, now } = ctx;
  const subs = input.subscriptions;
  if (source.isTrial) refuse('UPGRADE_NOT_SUPPORTED', 'A trial is converted, not upgraded: use a conversion.', { subscriptionId: source.id, reason: 'TRIAL' });
  if (source.renewalInProgress) return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' };
  requireActive(source, 'be upgraded');
  const existing = cmd.targetSubscriptionId !== undefined ? subs.find((s) => s.id === cmd.targetSubscriptionId) : undefined;
  const targetOfferId = cmd.targetOfferId ?? existing?.offerId;
  if (!targetOfferId) refuse('VALIDATION_FAILED', 'Name the target offer or an existing target subscription.');
  if (cmd.targetOfferId && existing && existing.offerId !== cmd.targetOfferId) refuse('VALIDATION_FAILED', 'The target subscription is not of the target offer.');
  const pathProblem = upgradePathProblem(catalog, source.offerId, targetOfferId);
  if (pathProblem) {
    refuse('UPGRADE_NOT_SUPPORTED', `${source.offerName} cannot be upgraded to ${catalog.get(targetOfferId)?.name ?? targetOfferId} (${pathProblem}).`, {
      fromOfferId: source.offerId, toOfferId: targetOfferId, reason: pathProblem,
    });
  }
  const target = catalog.require(targetOfferId);
  requireQuantity(1, source.quantity, cmd.quantity, `${source.offerName} (licenses to upgrade)`);
  requireUpdateAllowance(source, ctx.policy);

  if (cmd.schedule === 'renewal') {
    requireSchedulable(source, ctx);
    if (cmd.targetSubscriptionId !== undefined) refuse('VALIDATION_FAILED', 'A scheduled upgrade changes this subscription at renewal; upgrade into an existing subscription now instead.');
    return scheduled(source, renewalChange(source, { offerId: target.id, quantity: cmd.quantity, termDuration: cmd.termDuration, billingFrequency: cmd.billingFrequency }, cmd.commandId, ctx), ctx);
  }

  if (cmd.targetSubscriptionId !== undefined) {
    const reason = existingTargetProblem(source, existing, target.id, now);
    if (reason) refuse('UPGRADE_TARGET_INELIGIBLE', `Subscription ${cmd.targetSubscriptionId} cannot receive the upgrade (${reason}).`, { targetSubscriptionId: cmd.targetSubscriptionId, reason });
    if (existing?.renewalInProgress) return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' };
  }
  const full = cmd.quantity === source.quantity;
  const view = counterView(input.customer, catalog, cmd.commandId);
  const deltas = [{ offerId: source.offerId, licenses: -cmd.quantity, subscriptions: 0 }, { offerId: target.id, licenses: cmd.quantity, subscriptions: 0 }];

  // R-UPG-BILL: credit the unused part of what the moved licenses paid; bill the target from the next day boundary.
  const { lots: kept, taken } = takeNewestFirst(source.lots, cmd.quantity);
  const credits = refundLines(source.id, taken, now, 'credit');
  const from = nextDayBoundary(source.currentPeriodStart, source.currentPeriodEnd, now);
  const sourceLeft = afterMidTermChange({ ...source, quantity: source.quantity - cmd.quantity, lots: kept }, 'upgrade-now');
  const effects = [...sourceLeft.effects, 'an upgrade has no cancellation window and cannot be changed once submitted'];
  let updated: Subscription[];
  let created: Subscription[] = [];
  let receiver: Subscription;
  let upgradeCharge;
  if (existing) {
    if (existing.quantity + cmd.quantity > target.maxQuantity) requireQuantity(target.minQuantity, target.maxQuantity, existing.quantity + cmd.quantity, target.name);
    const billed = remainderOfCurrentPeriod(existing, from, unitPrice(catalog, target.id, existing.termDuration, existing.billingFrequency));
    const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
    receiver = { ...existing, quantity: existing.quantity + cmd.quantity, lots: [...existing.lots, newLot(cmd.commandId, cmd.quantity, now, 'upgrade', paid)] };
    upgradeCharge = chargeLine(existing.id, now, 'upgrade', cmd.quantity, paid);
    const ended: Subscription = full ? { ...sourceLeft.subscription, quantity: source.quantity, status: 'cancelled', endedAt: now, endedReason: 'upgraded', autoRenewEnabled: false } : sourceLeft.subscription;
    updated = [counted(ended), receiver];
  } else if (full) {
    const termDuration = cmd.termDuration ?? source.termDuration;
    const frequency = cmd.billingFrequency ?? source.billingFrequency;
    if (termDuration !== source.termDuration || frequency !== source.billingFrequency) {
      refuse('VALIDATION_FAILED', 'A full upgrade happens in place and keeps the term and billing frequency; schedule a change to alter them at renewal.');
    }
    const billed = remainderOfCurrentPeriod(source, from, unitPrice(catalog, target.id, termDuration, frequency));
    const paid = { periodStart: billed.period.start, periodEnd: billed.period.end, unitAmount: billed.unitAmount };
    const { cancellableUntil: _closed, ...rest } = sourceLeft.subscription;
    receiver = {
      ...rest, offerId: target.id, offerName: target.name, quantity: cmd.quantity,
      friendlyName: source.friendlyName === source.offerName ? target.name : source.friendlyName,
      lots: [newLot(cmd.commandId, cmd.quantity, now, 'upgrade', paid)],
    };
    upgradeCharge = chargeLine(source.id, now, 'upgrade', cmd.quantity, paid);
    updated = [counted(receiver)];
  } else {
    if (view.maxLicenseSubscriptions() + 1 > ctx.policy.subscriptionLimit) {
      refuse('SUBSCRIPTION_LIMIT_REACHED', `A partial upgrade creates a subscription, which would exceed the limit of ${ctx.policy.subscriptionLimit}.`, { limit: ctx.policy.subscriptionLimit });
    }
    requireQuantity(target.minQuantity, target.maxQuantity, cmd.quantity, target.name);
    const made = newSubscription({
      id: cmd.newSubscriptionId, customerId: source.customerId, customerCountry: source.customerCountry, partnerId: source.partnerId, offer: target,
      quantity: cmd.quantity, termDuration: cmd.termDuration ?? source.termDuration, billingFrequency: cmd.billingFrequency ?? source.billingFrequency,
      termEnd: source.termEndDate, chargeFrom: from, chargeType: 'upgrade', lotSource: 'upgrade', lotId: cmd.commandId, opensWindows: false,
      resellerId: source.resellerId, origin: { kind: 'upgrade', subscriptionId: source.id },
    }, ctx);
    receiver = made.subscription;
    upgradeCharge = made.charge;
    created = [receiver];
    updated = [counted(sourceLeft.subscription)];
  }

  const warnings: Warning[] = [];
  const severalOfTarget = subs.filter((s) => s.offerId === target.id && holdsLicenses(s)).length + (existing ? 0 : 1) > 1;
  const licenseReassignment = full && !severalOfTarget ? 'automatic' : 'manual';
  if (input.customer.licensesHeldElsewhere.some((l) => l.offerId === target.id)) {
    warnings.push({ code: 'MANUAL_REASSIGNMENT', message: `${target.name} is also held through another partner or channel: reassign the licenses by hand.`, subscriptionIds: [receiver.id] });
  }
  if (licenseReassignment === 'manual') effects.push('licenses must be reassigned by hand');
  const ratio = addOnRatioWarnings(catalog, input.customer, view, deltas, subs);
  const befores = [source, ...(existing ? [existing] : [])];
  return accepted(ctx, befores, {
    created, updated,
    charges: [...credits, upgradeCharge],
    warnings: [...warnings, ...ratio.warnings],
    events: [eventOf('subscription.upgraded', updated[0], { fromOfferId: source.offerId, toOfferId: target.id, quantity: cmd.quantity, full, targetSubscriptionId: receiver.id, licenseReassignment }),
      ...created.map((s) => eventOf('subscription.created', s, { origin: s.origin })), ...ratio.events],
    effects,
    result: { subscriptionId: source.id, targetSubscriptionId: receiver.id, full, licenseReassignment },
  });
}
