import { termEndExclusive } from '../billing/billing-cycle';
import { isReducible } from '../billing/lots';
import type { DomainEventType } from '../model/event';
import type { Subscription } from '../model/subscription';
import { addDays, addHours, dayAfter } from '../time/calendar';

export interface Reminder {
  type: Extract<DomainEventType, 'subscription.renewal-upcoming' | 'subscription.trial-ending' | 'subscription.reduction-window-closing'>;
  at: Date;
  data: Record<string, unknown>;
}

/** When each reminder of api.md falls due, as data: days (or hours) before the moment they announce. */
export const REMINDER_SCHEDULE = {
  renewalUpcomingDays: [30, 7],
  trialEndingDays: [7, 1],
  reductionWindowClosingHours: 24,
} as const;

/** The reminder events still ahead of `now` for a subscription, in time order (for the worker's due-work index). */
export function upcomingReminders(s: Subscription, now: Date): Reminder[] {
  if (s.status !== 'active') return [];
  const out: Reminder[] = [];
  if (s.isTrial) {
    const end = dayAfter(s.trialEndDate as Date);
    for (const d of REMINDER_SCHEDULE.trialEndingDays) out.push({ type: 'subscription.trial-ending', at: addDays(end, -d), data: { trialEndDate: s.trialEndDate, daysLeft: d } });
  } else if (s.autoRenewEnabled && !s.pendingCancellation) {
    const renewal = termEndExclusive(s);
    for (const d of REMINDER_SCHEDULE.renewalUpcomingDays) out.push({ type: 'subscription.renewal-upcoming', at: addDays(renewal, -d), data: { renewalDate: renewal, daysLeft: d } });
  }
  for (const lot of s.lots.filter((l) => isReducible(l, now))) {
    out.push({ type: 'subscription.reduction-window-closing', at: addHours(lot.allowedUntil as Date, -REMINDER_SCHEDULE.reductionWindowClosingHours), data: { quantity: lot.quantity, allowedUntil: lot.allowedUntil } });
  }
  return out.filter((r) => r.at.getTime() > now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}
