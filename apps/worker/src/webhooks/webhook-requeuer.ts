import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { WebhookRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig } from '@app/platform';
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
  private timer?: NodeJS.Timeout;
  private running = false;
  private queue?: Queue<DeliveryJob>;

  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue = openDeliveryQueue(this.config);
    this.queue.on('error', (error) => this.logger.warn(`webhook queue: ${error.message}`));
    void this.round();
    this.timer = setInterval(() => void this.round(), REQUEUE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.queue?.close();
  }

  /** Re-queues the pending deliveries whose job is gone; answers how many. */
  async round(): Promise<number> {
    if (this.running || !this.queue) return 0;
    this.running = true;
    let requeued = 0;
    try {
      for (const delivery of await this.webhooks.pendingDeliveries(BATCH)) {
        if (await this.queue.getJob(delivery._id)) continue;
        const options = continuedJobOptions(this.config.webhookRetryBaseMs, delivery.attempts.length, delivery.nextAttemptAt, new Date());
        if (!options) {
          await this.webhooks.giveUp(delivery._id);
          continue;
        }
        await this.queue.add(delivery.eventType, { deliveryId: delivery._id }, { ...options, jobId: delivery._id });
        requeued++;
      }
      if (requeued > 0) this.logger.warn(`${requeued} pending webhook deliveries had lost their job; queued again`);
    } catch (error) {
      this.logger.warn(`webhook requeue failed, will try again: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
    return requeued;
  }
}
