import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { eventPayload, EventLog, WebhookRepository } from '@app/persistence';
import { APP_CONFIG, AppConfig, bullmqConnection, webhookSignature } from '@app/platform';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { DeliveryJob, WEBHOOK_QUEUE } from './webhook-queue';
import { WebhookTransport } from './webhook-transport';

/** Deliveries a worker process runs at once, and to one webhook at once: a slow or dead receiver holds at most this many. */
const CONCURRENCY = 32;
const PER_WEBHOOK = 2;
/** A delivery waiting for its webhook's turn looks again after this long. */
const TURN_WAIT_MS = 500;

/**
 * Sends webhook deliveries (api.md, Standard Webhooks): the event as JSON with `webhook-id` (the
 * event id, the same on every retry), `webhook-timestamp` (this attempt, real time) and
 * `webhook-signature` (one `v1,` signature per secret in force). A non-2xx answer, an error or a
 * timeout fails the attempt, and BullMQ retries it with exponential backoff on real time.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private worker?: Worker<DeliveryJob>;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly events: EventLog,
    private readonly transport: WebhookTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<DeliveryJob>(WEBHOOK_QUEUE, (job, token) => this.deliver(job, token), {
      connection: bullmqConnection(this.config.redisUrl),
      prefix: this.config.queuePrefix,
      concurrency: CONCURRENCY,
    });
    this.worker.on('error', (error) => this.logger.error(`webhook worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async deliver(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const delivery = await this.webhooks.delivery(job.data.deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const [webhook, event] = await Promise.all([this.webhooks.get(delivery.webhookId), this.events.get(delivery.eventId)]);
    if (!webhook || !event) return this.webhooks.giveUp(delivery._id); // deleted webhook: nothing more to send
    const busy = this.inFlight.get(webhook._id) ?? 0;
    if (busy >= PER_WEBHOOK) {
      await job.moveToDelayed(Date.now() + TURN_WAIT_MS, token);
      throw new DelayedError();
    }
    this.inFlight.set(webhook._id, busy + 1);
    const started = new Date();
    const body = JSON.stringify(eventPayload(event));
    const timestamp = Math.floor(started.getTime() / 1000);
    const secrets = webhook.secrets.filter((s) => !s.retiresAt || s.retiresAt > started).map((s) => s.secret);
    let statusCode: number | null = null;
    let failure: Error | undefined;
    try {
      const result = await this.transport.post(
        webhook.url,
        body,
        { 'webhook-id': event._id, 'webhook-timestamp': String(timestamp), 'webhook-signature': webhookSignature(secrets, event._id, timestamp, body) },
        { timeoutMs: this.config.webhookTimeoutMs, allowPrivate: this.config.webhookAllowPrivateTargets },
      );
      statusCode = result.statusCode;
      if (statusCode < 200 || statusCode >= 300) failure = new Error(`answered ${statusCode}`);
    } catch (error) {
      failure = error as Error;
    } finally {
      this.inFlight.set(webhook._id, (this.inFlight.get(webhook._id) ?? 1) - 1);
    }
    const attempt = { at: started, statusCode, error: failure?.message ?? null, durationMs: Date.now() - started.getTime() };
    if (!failure) return this.webhooks.recordAttempt(delivery._id, attempt, 'succeeded', null);
    const attempts = job.opts.attempts ?? 1;
    const last = job.attemptsMade + 1 >= attempts;
    const retryIn = (job.opts.backoff && typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 0) : 0) * 2 ** job.attemptsMade;
    await this.webhooks.recordAttempt(delivery._id, attempt, last ? 'failed' : 'pending', last ? null : new Date(Date.now() + retryIn));
    if (last) throw new UnrecoverableError(`delivery ${delivery._id} failed for 24 hours: ${failure.message}`);
    throw failure;
  }
}
