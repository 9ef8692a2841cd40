import { termEndExclusive } from '../billing/billing-cycle';
import { isReducible } from '../billing/lots';
import type { DomainEventType } from '../model/event';
import type { Subscription } from '../model/subscription';
import { addDays, addHours, dayAfter } from '../time/calendar';

export interface Reminder {
  type: Extract<DomainEventType, 'subscription.renewal-upcoming' | 'subscription.trial-ending' | 'subscription.reduction-window-closing'>;
  at: Date;
  /** Tells this reminder from every other of the subscription (the id of the event it becomes derives from it). */
  key: string;
  data: Record<string, unknown>;
}

/** When each reminder of api.md falls due, as data: days (or hours) before the moment they announce. */
export const REMINDER_SCHEDULE = {
  renewalUpcomingDays: [30, 7],
  trialEndingDays: [7, 1],
  reductionWindowClosingHours: 24,
} as const;

/** Every reminder the subscription's current state announces, past ones too, in time order. */
function remindersOf(s: Subscription): Reminder[] {
  if (s.status !== 'active') return [];
  const out: Reminder[] = [];
  if (s.isTrial) {
    const end = dayAfter(s.trialEndDate as Date);
    for (const d of REMINDER_SCHEDULE.trialEndingDays) {
      out.push({ type: 'subscription.trial-ending', at: addDays(end, -d), key: `trial-ending|${end.toISOString()}|${d}`, data: { trialEndDate: s.trialEndDate, daysLeft: d } });
    }
  } else if (s.autoRenewEnabled && !s.pendingCancellation) {
    const renewal = termEndExclusive(s);
    for (const d of REMINDER_SCHEDULE.renewalUpcomingDays) {
      out.push({ type: 'subscription.renewal-upcoming', at: addDays(renewal, -d), key: `renewal-upcoming|${renewal.toISOString()}|${d}`, data: { renewalDate: renewal, daysLeft: d } });
    }
  }
  // R-TRI-3: a trial's licenses cannot be reduced, so no window of its closes (refundableQuantity shows none either).
  for (const lot of s.isTrial ? [] : s.lots) {
    if (!lot.allowedUntil) continue;
    const at = addHours(lot.allowedUntil, -REMINDER_SCHEDULE.reductionWindowClosingHours);
    if (!isReducible(lot, at)) continue;
    out.push({ type: 'subscription.reduction-window-closing', at, key: `reduction-window-closing|${lot.id}|${lot.allowedUntil.toISOString()}`, data: { quantity: lot.quantity, allowedUntil: lot.allowedUntil } });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The reminder events still ahead of `now` for a subscription, in time order. */
export function upcomingReminders(s: Subscription, now: Date): Reminder[] {
  return remindersOf(s).filter((r) => r.at.getTime() > now.getTime());
}

/** The reminders that fell due after the last ones sent (`remindedThrough`) and by `now`: the time processes send them. */
export function remindersDue(s: Subscription, now: Date): Reminder[] {
  const after = (s.remindedThrough ?? s.termStartDate).getTime();
  return remindersOf(s).filter((r) => r.at.getTime() > after && r.at.getTime() <= now.getTime());
}

/** When the next reminder not sent yet falls due, for the due-work index; undefined when none. */
export function nextReminderAt(s: Subscription): Date | undefined {
  const after = (s.remindedThrough ?? s.termStartDate).getTime();
  return remindersOf(s).find((r) => r.at.getTime() > after)?.at;
}
