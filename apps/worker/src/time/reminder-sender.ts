import { Injectable } from '@nestjs/common';
import { nextReminderAt, remindersDue } from '@app/domain';
import { EventLog, NewEvent, SubscriptionRepository, toSubscription } from '@app/persistence';
import { derivedId } from '@app/platform';
import { inParallel } from './due-work';

/**
 * Sends the reminder events that came due (api.md: renewal upcoming 30 and 7 days before the term
 * end, trial ending 7 days and 1 day before, a reduction window closing 24 hours before), found by
 * the indexed `nextReminderAt` (DueAgendaRepository). Each reminder's event id derives from the subscription and the
 * reminder, so a tick that runs twice, or two workers at once, write it once; then the subscription
 * records how far reminders were sent (`remindedThrough`) and when the next falls due.
 */
@Injectable()
export class ReminderSender {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly events: EventLog,
  ) {}

  /** Sends the reminders of these subscriptions due at `now`; answers for how many subscriptions. */
  async send(subscriptionIds: string[], now: Date): Promise<number> {
    await inParallel(subscriptionIds, (id) => this.sendFor(id, now));
    return subscriptionIds.length;
  }

  private async sendFor(id: string, now: Date): Promise<void> {
    const doc = await this.subscriptions.document(id);
    if (!doc) return;
    const subscription = toSubscription(doc);
    const events: NewEvent[] = remindersDue(subscription, now).map((reminder) => ({
      _id: derivedId(subscription.id, reminder.key),
      type: reminder.type,
      occurredAt: reminder.at,
      partnerId: subscription.partnerId,
      customerId: subscription.customerId,
      subscriptionId: subscription.id,
      commandId: null,
      data: reminder.data,
    }));
    const sent = await Promise.all(events.map((event) => this.events.has(event._id)));
    await this.events.append(events.filter((_, i) => !sent[i]));
    await this.subscriptions.markReminded(doc._id, doc.version, now, nextReminderAt({ ...subscription, remindedThrough: now }));
  }
}
