import { AppConfig, bullmqConnection } from '@app/platform';
import { WorkerOptions } from 'bullmq';

/**
 * How often BullMQ looks for stalled pumps. A dead worker's pump is taken over at the second check
 * after its lock expired (the first marks it, the next moves it), so the takeover is at most
 * WORKER_LOCK_DURATION + 2 × this: 40 s at the default PT30S (docs/operations.md, measured there).
 */
export function stalledCheckIntervalMs(workerLockMs: number): number {
  return Math.max(1_000, Math.floor(workerLockMs / 6));
}

/** The options of the worker that applies commands (and of the benchmark's ungrouped baseline). */
export function commandWorkerOptions(config: AppConfig): WorkerOptions {
  return {
    connection: bullmqConnection(config.redisUrl),
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    // A pump that dies is picked up again by the stalled-job checker; its steps are idempotent.
    lockDuration: config.workerLockMs,
    stalledInterval: stalledCheckIntervalMs(config.workerLockMs),
    maxStalledCount: 100,
  };
}
