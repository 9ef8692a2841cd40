import { Inject, Injectable } from '@nestjs/common';
import { BATCH_QUEUE, BatchJob } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Job, Worker } from 'bullmq';
import { commandWorkerOptions } from '../queue/command-worker-options';
import { QueueWorkerHost } from '../queue/queue-worker-host';
import { BatchRunner } from './batch-runner';

/** Batches a worker process runs at once (each mostly waits for its rows' commands). */
const BATCH_CONCURRENCY = 4;

/** The BullMQ worker that runs batch runners. */
@Injectable()
export class BatchWorker extends QueueWorkerHost<BatchJob> {
  protected readonly label = 'batch worker';

  constructor(
    private readonly runner: BatchRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected open(): Worker<BatchJob> {
    const worker = new Worker<BatchJob>(BATCH_QUEUE, (job: Job<BatchJob>) => this.runner.run(job.data.batchId), {
      ...commandWorkerOptions(this.config),
      concurrency: BATCH_CONCURRENCY,
    });
    worker.on('failed', (job, error) => this.logger.warn(`batch ${job?.data.batchId} runner failed (retried): ${error.message}`));
    return worker;
  }
}
