import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BATCH_PUMP_QUEUE, GroupPump, inWakeLane, PumpJob } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Job, Worker } from 'bullmq';
import { commandWorkerOptions } from '../queue/command-worker-options';

/**
 * The batch lane: the same group pumps as CommandWorker, for groups woken by batch rows, from a
 * queue of their own with BATCH_LANE_CONCURRENCY slots. Interactive pumps keep all of
 * WORKER_CONCURRENCY and never wait in line behind a batch's thousands of groups; a group woken in
 * both lanes is pumped safely by both (every step of a pump is guarded).
 */
@Injectable()
export class BatchPumpWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BatchPumpWorker.name);
  private worker?: Worker<PumpJob>;

  constructor(
    private readonly pump: GroupPump,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<PumpJob>(BATCH_PUMP_QUEUE, (job: Job<PumpJob>, token?: string) => inWakeLane('batch', () => this.pump.run(job, token)), {
      ...commandWorkerOptions(this.config),
      concurrency: this.config.batchLaneConcurrency,
    });
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.error(`batch-lane pump ${job.data.group} failed for good: ${error.message}`);
    });
    this.worker.on('error', (error) => this.logger.error(`batch-lane worker error: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
