import { AppConfig, bullmqConnection } from '@app/platform';
import { WorkerOptions } from 'bullmq';

/** The options of the worker that applies commands (and of the benchmark's ungrouped baseline). */
export function commandWorkerOptions(config: AppConfig): WorkerOptions {
  return {
    connection: bullmqConnection(config.redisUrl),
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    // A pump that dies is picked up again by the stalled-job checker; its steps are idempotent.
    lockDuration: config.workerLockMs,
    stalledInterval: config.workerLockMs,
    maxStalledCount: 100,
  };
}
