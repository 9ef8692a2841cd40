import { DefaultJobOptions } from 'bullmq';

/** Pump jobs: one per group with work, deduplicated by group key. */
export const COMMAND_QUEUE = 'commands';
/**
 * The batch lane: pump jobs of groups woken by batch rows, taken by a worker of their own with a
 * small concurrency, so interactive pumps never wait in line behind a batch's (see BatchPumpWorker).
 */
export const BATCH_PUMP_QUEUE = 'batch-pumps';
/** The reconciler and the time processes' ticks. */
export const MAINTENANCE_QUEUE = 'maintenance';

/** Batch runners: one job per batch that has rows to check, queue or dry-run (apps/worker/src/batches). */
export const BATCH_QUEUE = 'batches';

export interface BatchJob {
  batchId: string;
}

export interface PumpJob {
  group: string;
}

/**
 * How BullMQ retries a pump job that failed on an infrastructure error: exponential from
 * RETRY_BASE_DELAY (1 s: about 68 minutes over 12 attempts, enough to ride out a MongoDB outage).
 */
export function pumpJobOptions(retryBaseDelayMs: number): DefaultJobOptions {
  return {
    attempts: 12,
    backoff: { type: 'exponential', delay: retryBaseDelayMs },
    removeOnComplete: { age: 3_600, count: 5_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}
