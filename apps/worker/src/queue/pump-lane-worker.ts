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
  /** Told how long each pump of the lane ran (from taking its job to completing or parking it). */
  onRun?: (ms: number) => void;
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
    const worker = new Worker<PumpJob>(this.lane.queue, (job: Job<PumpJob>, token?: string) => this.runPump(job, token), {
      ...commandWorkerOptions(this.config),
      concurrency: this.lane.concurrency,
    });
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.error(`${this.lane.lane} lane pump ${job.data.group} failed for good: ${error.message}`);
    });
    return worker;
  }

  private async runPump(job: Job<PumpJob>, token?: string): Promise<void> {
    const started = performance.now();
    try {
      await inWakeLane(this.lane.lane, () => this.pump.run(job, token));
    } finally {
      this.lane.onRun?.(performance.now() - started);
    }
  }
}
