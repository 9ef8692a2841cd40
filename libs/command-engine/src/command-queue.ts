import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { DefaultJobOptions, Queue } from 'bullmq';
import { COMMAND_QUEUE, pumpJobOptions, PumpJob } from './queues';

export type WakeLane = 'interactive' | 'batch';

/** The only place that adds pump jobs. A group has at most one waiting and one running pump. */
@Injectable()
export class CommandQueue {
  private readonly options: DefaultJobOptions;

  constructor(
    @InjectQueue(COMMAND_QUEUE) readonly queue: Queue<PumpJob>,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'retryBaseDelayMs'>,
  ) {
    this.options = pumpJobOptions(config.retryBaseDelayMs);
  }

  /**
   * Makes sure a pump will look at the group; the job is named after what woke it (and its lane), for
   * the dashboard. The `batch` lane is not prioritized yet: with a BullMQ priority on batch pumps,
   * bench:batch measured them starved (74 of 300 rows in 250 s, against 224 in 84 s without).
   */
  async wake(group: string, label = 'pump', lane: WakeLane = 'interactive'): Promise<void> {
    const name = lane === 'batch' ? `batch ${label} ${group}` : `${label} ${group}`;
    await this.queue.add(name, { group }, { ...this.options, deduplication: { id: group, keepLastIfActive: true } });
  }

  /** Wakes a group now even if its pump sleeps until a later time (a deferral that ended early). */
  async wakeNow(group: string, label = 'resume'): Promise<void> {
    const jobId = await this.queue.getDeduplicationJobId(group);
    const job = jobId ? await this.queue.getJob(jobId) : undefined;
    if (job && (await job.isDelayed())) {
      await job.promote();
      return;
    }
    await this.wake(group, label);
  }
}
