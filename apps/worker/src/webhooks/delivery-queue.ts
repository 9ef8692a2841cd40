import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { WebhookDeliveryDocument } from '@app/persistence';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { continuedJobOptions, openDeliveryQueue } from './webhook-queue';

type Delivery = Pick<WebhookDeliveryDocument, '_id' | 'eventType' | 'attempts' | 'nextAttemptAt'>;

/** The delivery jobs as their producers in a worker see them (the dispatcher, the requeuer): one queue, one connection. */
@Injectable()
export class DeliveryQueue implements OnApplicationShutdown {
  private readonly queue;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.queue = openDeliveryQueue(config, new Logger(DeliveryQueue.name));
  }

  /** A first job for each new delivery, of the delivery's id (so making it twice makes one). */
  async addNew(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length > 0) await this.queue.addBulk(deliveries.map((d) => ({ name: d.eventType, data: { deliveryId: d._id }, opts: { jobId: d._id } })));
  }

  async hasJob(deliveryId: string): Promise<boolean> {
    return (await this.queue.getJob(deliveryId)) !== undefined;
  }

  /**
   * A job again for a delivery whose job was lost, with the attempts it has left, due when its next
   * attempt was; false when its 24 hours are over.
   */
  async continueLost(delivery: Delivery, now: Date): Promise<boolean> {
    const options = continuedJobOptions(this.config.webhookRetryBaseMs, delivery.attempts.length, delivery.nextAttemptAt, now);
    if (!options) return false;
    await this.queue.add(delivery.eventType, { deliveryId: delivery._id }, { ...options, jobId: delivery._id });
    return true;
  }

  onApplicationShutdown(): Promise<void> {
    return this.queue.close();
  }
}
