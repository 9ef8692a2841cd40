import { Injectable } from '@nestjs/common';
import { nextReminderAt, remindersDue, Subscription } from '@app/domain';
import { EventLog, NewEvent, SubscriptionDocument, SubscriptionRepository, toSubscription } from '@app/persistence';
import { derivedId } from '@app/platform';
import { inParallel } from './due-work';

/**
 * Sends the reminder events that came due (api.md: renewal upcoming 30 and 7 days before the term
 * end, trial ending 7 days and 1 day before, a reduction window closing 24 hours before), found by
 * the indexed `nextReminderAt` (DueAgendaRepository). An instant's reminders are written together:
 * one append of all their events, then a write on each subscription recording how far reminders
 * were sent (`remindedThrough`) and when its next falls due. Each event's id derives from the
 * subscription and the reminder, so a tick that runs twice, two workers at once, or a worker that
 * died between the two writes, write each reminder once (the feed refuses an `_id` it holds).
 */
@Injectable()
export class ReminderSender {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: EventLog,
  ) {}

  /** Sends the reminders of these subscriptions due at `now`; answers for how many subscriptions. */
  async send(subscriptionIds: string[], now: Date): Promise<number> {
    const docs: SubscriptionDocument[] = [];
    await inParallel(subscriptionIds, async (id) => {
      const doc = await this.subscriptions.document(id);
      if (doc) docs.push(doc);
    });
    const subscriptions = docs.map((doc) => toSubscription(doc));
    await this.events.append(subscriptions.flatMap((subscription) => remindersOf(subscription, now)));
    await inParallel(subscriptions, async (subscription) => {
      await this.subscriptions.markReminded(subscription.id, subscription.version, now, nextReminderAt({ ...subscription, remindedThrough: now }));
    });
    return subscriptionIds.length;
  }
}

function remindersOf(subscription: Subscription, now: Date): NewEvent[] {
  return remindersDue(subscription, now).map((reminder) => ({
    _id: derivedId(subscription.id, reminder.key),
    type: reminder.type,
    occurredAt: reminder.at,
    partnerId: subscription.partnerId,
    customerId: subscription.customerId,
    subscriptionId: subscription.id,
    commandId: null,
    data: reminder.data,
  }));
}
