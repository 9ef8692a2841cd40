import { Injectable } from '@nestjs/common';
import { EventLog, WebhookDeliveryDocument, WebhookDocument, WebhookRepository } from '@app/persistence';
import { RepeatingWork } from '@app/platform';
import { DeliveryQueue } from './delivery-queue';

/** How often each worker looks for events its partners' webhooks have not been given yet. */
const DISPATCH_INTERVAL_MS = 500;
/** Events handed to one webhook per round. */
const BATCH = 200;

/**
 * Follows each partner's feed for each of its webhooks, like a client following GET /v1/events
 * (so never past a place not yet written): each matching event gets a delivery record
 * (`<webhookId>_<eventId>`, made once) and a job of the same id, then the webhook's place in the
 * feed moves on. The feed is the outbox: a worker dying anywhere here leaves the place where it
 * was, and the next round makes the same records and jobs, which are then already there.
 */
@Injectable()
export class WebhookDispatcher extends RepeatingWork {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly events: EventLog,
    private readonly queue: DeliveryQueue,
  ) {
    super('webhook dispatch', { everyMs: DISPATCH_INTERVAL_MS, first: 'after-interval' });
  }

  protected async round(): Promise<void> {
    for (const webhook of await this.webhooks.all()) await this.dispatch(webhook);
  }

  private async dispatch(webhook: WebhookDocument): Promise<void> {
    const through = await this.events.visibleThrough(webhook.partnerId);
    if (through <= webhook.cursor) return;
    const events = await this.events.between(webhook.partnerId, webhook.cursor, through, { types: webhook.types, limit: BATCH });
    const now = new Date();
    const deliveries: WebhookDeliveryDocument[] = events.map((event) => ({
      _id: `${webhook._id}_${event._id}`,
      webhookId: webhook._id,
      partnerId: webhook.partnerId,
      eventId: event._id,
      eventType: event.type,
      status: 'pending',
      attempts: [],
      createdAt: now,
      nextAttemptAt: now,
    }));
    await this.webhooks.createDeliveries(deliveries);
    await this.queue.addNew(deliveries);
    await this.webhooks.advanceCursor(webhook._id, webhook.cursor, events.length === BATCH ? (events.at(-1)?.seq ?? through) : through);
  }
}
