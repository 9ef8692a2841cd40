import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MAINTENANCE_QUEUE, TICK_JOB } from '@app/command-engine';
import { APP_CONFIG, AppConfig, bullmqConnection } from '@app/platform';
import { Worker } from 'bullmq';
import { TimeKeeper } from './time-keeper';

/**
 * Runs the time processes when asked (the sandbox clock moved, POST /v1/clock): one tick after
 * another while they find due work, since applying some (a renewal starting) can make more due.
 */
@Injectable()
export class TickWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TickWorker.name);
  private worker?: Worker;

  constructor(
    private readonly timeKeeper: TimeKeeper,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(
      MAINTENANCE_QUEUE,
      async (job) => {
        if (job.name !== TICK_JOB) return;
        for (let round = 0; round < 50 && (await this.timeKeeper.tick()) > 0; round++) {
          await new Promise((done) => setTimeout(done, 200));
        }
      },
      { connection: bullmqConnection(this.config.redisUrl), prefix: this.config.queuePrefix, concurrency: 1 },
    );
    this.worker.on('error', (error) => this.logger.error(`tick worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
