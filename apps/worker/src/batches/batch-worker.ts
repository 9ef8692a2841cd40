import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BATCH_QUEUE, BatchJob } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Job, Worker } from 'bullmq';
import { commandWorkerOptions } from '../queue/command-worker-options';
import { BatchRunner } from './batch-runner';

/** Batches a worker process runs at once (each mostly waits for its rows' commands). */
const BATCH_CONCURRENCY = 4;

/** The BullMQ worker that runs batch runners. */
@Injectable()
export class BatchWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BatchWorker.name);
  private worker?: Worker<BatchJob>;

  constructor(
    private readonly runner: BatchRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<BatchJob>(BATCH_QUEUE, (job: Job<BatchJob>) => this.runner.run(job.data.batchId), {
      ...commandWorkerOptions(this.config),
      concurrency: BATCH_CONCURRENCY,
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`batch ${job?.data.batchId} runner failed (retried): ${error.message}`));
    this.worker.on('error', (error) => this.logger.error(`batch worker error: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
