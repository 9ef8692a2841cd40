import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { COMMAND_QUEUE, GroupPump, PumpJob } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { Job, Worker } from 'bullmq';
import { commandWorkerOptions } from './command-worker-options';

/** The BullMQ worker that runs group pumps, WORKER_CONCURRENCY groups at a time. */
@Injectable()
export class CommandWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CommandWorker.name);
  private worker?: Worker<PumpJob>;

  constructor(
    private readonly pump: GroupPump,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<PumpJob>(COMMAND_QUEUE, (job: Job<PumpJob>, token?: string) => this.pump.run(job, token), commandWorkerOptions(this.config));
    this.worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.logger.error(`pump ${job.data.group} failed for good: ${error.message}`);
    });
    this.worker.on('error', (error) => this.logger.error(`worker error: ${error.message}`));
  }

  isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
