import { AppConfig, bullmqQueueConnection, TaskLogger } from '@app/platform';
import { JobsOptions, Queue } from 'bullmq';

/** Webhook deliveries: one job per (webhook, event), its id the delivery's id. */
export const WEBHOOK_QUEUE = 'webhook-deliveries';

export interface DeliveryJob {
  deliveryId: string;
}

/** api.md: retried for 24 hours (real time). */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3_600_000;

/**
 * Exponential backoff from WEBHOOK_RETRY_BASE (5 s, 10 s, 20 s, …) with as many attempts as fit in
 * 24 hours: with 5 s, 15 attempts, the last about 22.8 hours after the first.
 */
export function deliveryJobOptions(retryBaseMs: number): JobsOptions {
  let retries = 0;
  while (retryBaseMs * (2 ** (retries + 1) - 1) <= WEBHOOK_RETRY_WINDOW_MS) retries++;
  return {
    attempts: retries + 1,
    backoff: { type: 'exponential', delay: retryBaseMs },
    removeOnComplete: { age: 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

/** The delivery queue as a producer sees it (the dispatcher, the requeuer); its connection errors are warnings. */
export function openDeliveryQueue(config: AppConfig, logger: TaskLogger): Queue<DeliveryJob> {
  const queue = new Queue<DeliveryJob>(WEBHOOK_QUEUE, {
    connection: bullmqQueueConnection(config.redisUrl),
    prefix: config.queuePrefix,
    defaultJobOptions: deliveryJobOptions(config.webhookRetryBaseMs),
  });
  queue.on('error', (error) => logger.warn(`webhook queue: ${error.message}`));
  return queue;
}

/**
 * The job that carries on a delivery after `attemptsMade` attempts: the attempts left of the 24
 * hours, and a backoff that goes on from where the earlier attempts left it.
 */
export function continuedJobOptions(retryBaseMs: number, attemptsMade: number, nextAttemptAt: Date | null, now: Date): JobsOptions | undefined {
  const all = deliveryJobOptions(retryBaseMs);
  const left = (all.attempts ?? 1) - attemptsMade;
  if (left <= 0) return undefined;
  return {
    ...all,
    attempts: left,
    backoff: { type: 'exponential', delay: retryBaseMs * 2 ** attemptsMade },
    delay: Math.max(0, (nextAttemptAt?.getTime() ?? 0) - now.getTime()),
  };
}
