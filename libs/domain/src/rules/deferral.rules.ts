import { DomainError } from '../errors/domain-error';
import type { Policy } from '../model/policy';
import { addMs } from '../time/calendar';

export type DeferralOutcome =
  | { kind: 'deferred'; reason: 'RENEWAL_IN_PROGRESS'; nextAttemptAt: Date }
  | { kind: 'refused'; error: DomainError };

/**
 * R-REN-4: a command that meets a renewal in progress waits and is retried every conflictRetryDelayMs,
 * until conflictMaxWaitMs after it was accepted; then it fails with RENEWAL_CONFLICT_TIMEOUT.
 * At exactly the maximum it has waited long enough and fails.
 */
export function resolveDeferral(acceptedAt: Date, now: Date, policy: Policy): DeferralOutcome {
  const deadline = addMs(acceptedAt, policy.conflictMaxWaitMs);
  if (now.getTime() >= deadline.getTime()) {
    return {
      kind: 'refused',
      error: new DomainError('RENEWAL_CONFLICT_TIMEOUT', `The subscription was still renewing ${Math.round(policy.conflictMaxWaitMs / 3_600_000)} hours after the command was accepted; submit it again.`, {
        acceptedAt, deadline,
      }),
    };
  }
  const next = addMs(now, policy.conflictRetryDelayMs);
  return { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS', nextAttemptAt: next.getTime() < deadline.getTime() ? next : deadline };
}
