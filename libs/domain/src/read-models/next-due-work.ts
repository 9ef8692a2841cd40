import { termEndExclusive } from '../billing/billing-cycle';
import type { TimeDrivenCommandType } from '../model/commands';
import type { Policy } from '../model/policy';
import type { Subscription } from '../model/subscription';
import { addMs, dayAfter } from '../time/calendar';

export interface DueWork {
  type: TimeDrivenCommandType;
  at: Date;
}

/**
 * The next time-driven command of a subscription, for the worker's due-work index:
 * renewal completes renewalProcessingMs after it started (R-REN-3); a trial ends at the end of its last
 * day (R-TRI-1, R-POST-1); cycle charges at each period end inside the term (R-REN-5, R-SUS-2); at term
 * end (start of the next day, R-REN-2) it renews, or expires when auto-renew is off (R-REN-6), when
 * suspended (R-SUS-4) or when a cancellation waits for the renewal (R-CAN-MP).
 */
export function nextDueWork(subscription: Subscription, policy: Policy): DueWork | undefined {
  const s = subscription;
  if (s.status === 'cancelled' || s.status === 'expired') return undefined;
  if (s.renewalInProgress) {
    return { type: 'complete-renewal', at: addMs(s.renewalStartedAt as Date, policy.renewalProcessingMs) };
  }
  if (s.isTrial) return { type: 'end-trial', at: dayAfter(s.trialEndDate as Date) };
  const termEnd = termEndExclusive(s);
  if (s.currentPeriodEnd.getTime() < termEnd.getTime()) return { type: 'charge-cycle', at: s.currentPeriodEnd };
  const renews = s.status === 'active' && s.autoRenewEnabled && !s.pendingCancellation;
  return { type: renews ? 'start-renewal' : 'expire-subscription', at: termEnd };
}
