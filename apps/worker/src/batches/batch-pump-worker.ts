import { Inject, Injectable } from '@nestjs/common';
import { BATCH_PUMP_QUEUE, GroupPump } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { PumpLaneWorker } from '../queue/pump-lane-worker';

/**
 * The batch lane: the same group pumps as CommandWorker, for groups woken by batch rows, from a
 * queue of their own with BATCH_LANE_CONCURRENCY slots. Interactive pumps keep all of
 * WORKER_CONCURRENCY and never wait in line behind a batch's thousands of groups; a group woken in
 * both lanes is pumped safely by both (every step of a pump is guarded).
 */
@Injectable()
export class BatchPumpWorker extends PumpLaneWorker {
  constructor(pump: GroupPump, @Inject(APP_CONFIG) config: AppConfig) {
    super(pump, config, { lane: 'batch', queue: BATCH_PUMP_QUEUE, concurrency: config.batchLaneConcurrency });
  }
}
