import { notFound } from '../auth/visibility';
import { refuse } from '../errors/domain-error';
import type { Command } from '../model/commands';
import { isTimeDriven } from '../model/commands';
import type { DecisionInput } from '../model/decision';
import type { Partner } from '../model/partner';
import type { Policy } from '../model/policy';
import type { Subscription } from '../model/subscription';

/** R-PT-1: only direct-bill partners and indirect providers buy and manage subscriptions. */
export function requireCanTransact(partner: Partner): void {
  if (partner.type === 'indirect-reseller') {
    refuse('PARTNER_CANNOT_TRANSACT', 'An indirect reseller cannot buy or change subscriptions: please contact your indirect provider.', {
      partnerId: partner.id, providerId: partner.providerId,
    });
  }
}

/** R-CON-1: the If-Match version must still be current. */
export function requireVersion(sub: Subscription, ifMatchVersion: number | undefined): void {
  if (ifMatchVersion !== undefined && ifMatchVersion !== sub.version) {
    refuse('VERSION_MISMATCH', `The subscription has changed (version ${sub.version}, expected ${ifMatchVersion}); read it again and resubmit.`, {
      currentVersion: sub.version, expectedVersion: ifMatchVersion,
    });
  }
}

/** R-CAN-3, R-SUS-4, R-REN-6: nothing more happens to an ended subscription. */
export function requireNotEnded(sub: Subscription): void {
  if (sub.status === 'cancelled') {
    refuse('SUBSCRIPTION_CANCELLED', 'This subscription is cancelled; it can never be reactivated or restored.', { subscriptionId: sub.id });
  }
  if (sub.status === 'expired') {
    refuse('SUBSCRIPTION_EXPIRED', 'This subscription has expired; it cannot be changed or reactivated.', { subscriptionId: sub.id });
  }
}

export function requireActive(sub: Subscription, operation: string): void {
  if (sub.status !== 'active') {
    refuse('SUBSCRIPTION_NOT_ACTIVE', `Only an active subscription can ${operation}; this one is ${sub.status}.`, { subscriptionId: sub.id, status: sub.status });
  }
}

/** R-QTY-5: the update about to succeed must not be past the limit. */
export function requireUpdateAllowance(sub: Subscription, policy: Policy): void {
  if (sub.updateCount >= policy.updateLimit) {
    refuse('UPDATE_LIMIT_REACHED', `This subscription has been updated ${sub.updateCount} times, the limit is ${policy.updateLimit}. ` +
      'Buy a second subscription of the same product instead (optionally coterminous with this one).', {
      subscriptionId: sub.id, updateCount: sub.updateCount, updateLimit: policy.updateLimit, offerId: sub.offerId,
    });
  }
}

/** R-TRI-3: a trial's quantity and status cannot change. */
export function requireNotTrial(sub: Subscription, what: string): void {
  if (sub.isTrial) {
    refuse('TRIAL_RESTRICTED', `During a trial the ${what} cannot change; convert the trial first.`, { subscriptionId: sub.id, trialEndDate: sub.trialEndDate });
  }
}

/** R-REN-4: auto-renew, scheduled change and suspend/reactivate are read-only while the renewal processes. */
export function requireNotRenewing(sub: Subscription, what: string): void {
  if (sub.renewalInProgress) {
    const extra = what === 'auto-renew' ? ' Turning auto-renew off cannot stop a renewal already under way.' : '';
    refuse('READ_ONLY_DURING_RENEWAL', `The ${what} is read-only while the renewal is being processed; try again once it has completed.${extra}`, {
      subscriptionId: sub.id, renewalStartedAt: sub.renewalStartedAt,
    });
  }
}

/**
 * The checks every subscription command passes first: the target exists and is the acting partner's
 * (R-ROLE-2, 404), the partner may transact (R-PT-1), the If-Match version (R-CON-1), not ended.
 */
export function requireTarget(input: DecisionInput<Command & { subscriptionId: string; ifMatchVersion?: number }>): Subscription {
  const { command, subscription: sub, partner, customer } = input;
  if (!sub || sub.id !== command.subscriptionId || sub.customerId !== customer.id || sub.partnerId !== partner.id) {
    throw notFound('subscription', command.subscriptionId);
  }
  if (!isTimeDriven(command.type)) requireCanTransact(partner);
  requireVersion(sub, command.ifMatchVersion);
  requireNotEnded(sub);
  return sub;
}
