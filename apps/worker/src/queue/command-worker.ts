import { Inject, Injectable } from '@nestjs/common';
import { COMMAND_QUEUE, GroupPump } from '@app/command-engine';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { PumpLaneWorker } from './pump-lane-worker';

/** The BullMQ worker that runs group pumps, WORKER_CONCURRENCY groups at a time. */
@Injectable()
export class CommandWorker extends PumpLaneWorker {
  constructor(pump: GroupPump, @Inject(APP_CONFIG) config: AppConfig) {
    super(pump, config, { lane: 'interactive', queue: COMMAND_QUEUE, concurrency: config.workerConcurrency });
  }
}
