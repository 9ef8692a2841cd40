import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { WebhookRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig, RepeatingTask } from '@app/platform';
import { Queue } from 'bullmq';
import { continuedJobOptions, DeliveryJob, openDeliveryQueue } from './webhook-queue';

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
export class WebhookRequeuer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRequeuer.name);
  private readonly task = new RepeatingTask('webhook requeue', () => this.round(), this.logger);
  private queue?: Queue<DeliveryJob>;

  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue = openDeliveryQueue(this.config, this.logger);
    void this.task.runOnce();
    this.task.start(REQUEUE_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.queue?.close();
  }

  /** Re-queues the pending deliveries whose job is gone. */
  private async round(): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    let requeued = 0;
    for (const delivery of await this.webhooks.pendingDeliveries(BATCH)) {
      if (await queue.getJob(delivery._id)) continue;
      const options = continuedJobOptions(this.config.webhookRetryBaseMs, delivery.attempts.length, delivery.nextAttemptAt, new Date());
      if (!options) {
        await this.webhooks.giveUp(delivery._id);
        continue;
      }
      await queue.add(delivery.eventType, { deliveryId: delivery._id }, { ...options, jobId: delivery._id });
      requeued++;
    }
    if (requeued > 0) this.logger.warn(`${requeued} pending webhook deliveries had lost their job; queued again`);
  }
}
