import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { DefaultJobOptions, Queue } from 'bullmq';
import { BATCH_PUMP_QUEUE, COMMAND_QUEUE, pumpJobOptions, PumpJob } from './queues';
import { currentWakeLane, WakeLane } from './wake-lane';

/**
 * The only place that adds pump jobs. A group has at most one waiting and one running pump per
 * lane; two pumps of one group (one per lane) are safe, every step a pump takes being guarded.
 */
@Injectable()
export class CommandQueue {
  private readonly options: DefaultJobOptions;

  constructor(
    @InjectQueue(COMMAND_QUEUE) readonly queue: Queue<PumpJob>,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'retryBaseDelayMs'>,
    @InjectQueue(BATCH_PUMP_QUEUE) readonly batchQueue: Queue<PumpJob>,
  ) {
    this.options = pumpJobOptions(config.retryBaseDelayMs);
  }

  /**
   * Makes sure a pump will look at the group; the job is named after what woke it, for the
   * dashboard. A group woken in the `batch` lane is pumped from BATCH_PUMP_QUEUE by a worker of its
   * own (a BullMQ priority starved batch pumps, see bench/README.md); without a lane given, the lane
   * of the pump running now.
   */
  async wake(group: string, label = 'pump', lane: WakeLane = currentWakeLane()): Promise<void> {
    const queue = lane === 'batch' ? this.batchQueue : this.queue;
    await queue.add(`${label} ${group}`, { group }, { ...this.options, deduplication: { id: group, keepLastIfActive: true } });
  }

  /**
   * Wakes a group that may have lost its wake-up (the reconciler): one whose pump is waiting or
   * running in the batch lane is left there, so a minute's reconcile never moves a batch's groups
   * in front of interactive work; any other is woken in the interactive lane.
   */
  async wakeIfLost(group: string, label: string): Promise<void> {
    const batchJobId = await this.batchQueue.getDeduplicationJobId(group);
    if (batchJobId && (await this.batchQueue.getJob(batchJobId))) return;
    await this.wake(group, label, 'interactive');
  }

  /** Wakes a group now even if its pump sleeps until a later time (a deferral that ended early). */
  async wakeNow(group: string, label = 'resume'): Promise<void> {
    for (const queue of [this.queue, this.batchQueue]) {
      const jobId = await queue.getDeduplicationJobId(group);
      const job = jobId ? await queue.getJob(jobId) : undefined;
      if (job && (await job.isDelayed())) {
        await job.promote();
        return;
      }
    }
    await this.wake(group, label, 'interactive');
  }
}
