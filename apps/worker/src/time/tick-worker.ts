import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MAINTENANCE_QUEUE, TICK_JOB } from '@app/command-engine';
import { APP_CONFIG, AppConfig, bullmqConnection, RepeatingTask } from '@app/platform';
import { Worker } from 'bullmq';
import { SandboxAdvancer } from './sandbox-advancer';
import { TimeKeeper } from './time-keeper';

/**
 * Runs the time processes every TIME_TICK_INTERVAL and when asked (a tick job: the sandbox clock
 * was sent forward, POST /v1/clock). On real time a tick submits what is due; on the sandbox clock
 * it steps the clock to where it was sent, through every due instant (SandboxAdvancer).
 */
@Injectable()
export class TickWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TickWorker.name);
  private worker?: Worker;
  private readonly task = new RepeatingTask('tick', () => this.run(), this.logger);

  constructor(
    private readonly timeKeeper: TimeKeeper,
    private readonly advancer: SandboxAdvancer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.timeTickIntervalMs);
    this.worker = new Worker(
      MAINTENANCE_QUEUE,
      async (job) => {
        if (job.name === TICK_JOB) await this.run();
      },
      { connection: bullmqConnection(this.config.redisUrl), prefix: this.config.queuePrefix, concurrency: 1 },
    );
    this.worker.on('error', (error) => this.logger.error(`tick worker: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
    await this.worker?.close();
  }

  private async run(): Promise<void> {
    if (this.config.clockMode === 'sandbox') await this.advancer.advance();
    else await this.timeKeeper.tick();
  }
}
