import { DefaultJobOptions } from 'bullmq';

/** Pump jobs: one per group with work, deduplicated by group key. */
export const COMMAND_QUEUE = 'commands';
/** The reconciler and the time processes' ticks. */
export const MAINTENANCE_QUEUE = 'maintenance';

export interface PumpJob {
  group: string;
}

/** How often BullMQ retries a pump job that failed on an infrastructure error (exponential, from 1 s: ~68 min in all). */
export const PUMP_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 5_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};
