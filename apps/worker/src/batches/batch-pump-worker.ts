import { Inject, Injectable } from '@nestjs/common';
import { BATCH_PUMP_QUEUE, GroupPump } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { PumpLaneWorker } from '../queue/pump-lane-worker';
import { BatchLaneThrottle, THROTTLE_INTERVAL_MS } from './batch-lane-throttle';

/**
 * The batch lane: the same group pumps as CommandWorker, for groups woken by batch rows, from a
 * queue of their own with up to BATCH_LANE_CONCURRENCY slots (fewer while interactive pumps are
 * slow: BatchLaneThrottle). Interactive pumps keep all of WORKER_CONCURRENCY and never wait in line
 * behind a batch's thousands of groups; a group woken in both lanes is pumped safely by both (every
 * step of a pump is guarded).
 */
@Injectable()
export class BatchPumpWorker extends PumpLaneWorker {
  private timer?: NodeJS.Timeout;

  constructor(
    pump: GroupPump,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly throttle: BatchLaneThrottle,
  ) {
    super(pump, config, { lane: 'batch', queue: BATCH_PUMP_QUEUE, concurrency: config.batchLaneConcurrency });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.timer = setInterval(() => {
      if (this.worker) this.worker.concurrency = this.throttle.nextWidth();
    }, THROTTLE_INTERVAL_MS);
    this.timer.unref();
  }

  override async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await super.onApplicationShutdown();
  }
}
