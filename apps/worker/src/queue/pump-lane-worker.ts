import { GroupPump, inWakeLane, PumpJob, WakeLane } from '@app/command-engine';
import { AppConfig } from '@app/platform';
import { Job, Worker } from 'bullmq';
import { commandWorkerOptions } from './command-worker-options';
import { QueueWorkerHost } from './queue-worker-host';

/** One wake lane's queue of group pumps and how many of them a worker runs at once. */
export interface PumpLane {
  lane: WakeLane;
  queue: string;
  concurrency: number;
}

/** Runs group pumps from one lane's queue; a group the pump wakes again stays in that lane. */
export abstract class PumpLaneWorker extends QueueWorkerHost<PumpJob> {
  protected readonly label: string;

  protected constructor(
    private readonly pump: GroupPump,
    private readonly config: AppConfig,
    private readonly lane: PumpLane,
  ) {
    super();
    this.label = `${lane.lane} lane worker`;
  }

  protected open(): Worker<PumpJob> {
    const worker = new Worker<PumpJob>(this.lane.queue, (job: Job<PumpJob>, token?: string) => inWakeLane(this.lane.lane, () => this.pump.run(job, token)), {
      ...commandWorkerOptions(this.config),
      concurrency: this.lane.concurrency,
    });
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.error(`${this.lane.lane} lane pump ${job.data.group} failed for good: ${error.message}`);
    });
    return worker;
  }
}
