import { Injectable } from '@nestjs/common';
import { WebhookRepository } from '@app/persistence';
import { RepeatingWork } from '@app/platform';
import { DeliveryQueue } from './delivery-queue';

/** How often each worker checks that every pending delivery still has its job. */
export const REQUEUE_INTERVAL_MS = 15_000;
const BATCH = 1_000;

/**
 * The deliveries are recorded in MongoDB; their jobs live in Redis, which may lose them (a restart
 * without persistence, a flush, a failover). At start-up and every REQUEUE_INTERVAL_MS, a pending
 * delivery whose job is gone gets a job again, of the same id (so two workers doing this at once
 * make one), due when its next attempt was, with the attempts it has left. The webhook-id is the
 * event's, so a receiver sees the same id on the attempt that follows.
 */
@Injectable()
export class WebhookRequeuer extends RepeatingWork {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly queue: DeliveryQueue,
  ) {
    super('webhook requeue', { everyMs: REQUEUE_INTERVAL_MS, first: 'at-start' });
  }

  /** Re-queues the pending deliveries whose job is gone; gives up on those whose 24 hours are over. */
  protected async round(): Promise<void> {
    let requeued = 0;
    for (const delivery of await this.webhooks.pendingDeliveries(BATCH)) {
      if (await this.queue.hasJob(delivery._id)) continue;
      if (await this.queue.continueLost(delivery, new Date())) requeued++;
      else await this.webhooks.giveUp(delivery._id);
    }
    if (requeued > 0) this.logger.warn(`${requeued} pending webhook deliveries had lost their job; queued again`);
  }
}
