import { Injectable, Logger } from '@nestjs/common';
import { BatchQueue } from '@app/command-engine';
import { BatchRepository } from '@app/persistence';

/** Gives every unfinished batch a runner job (after Redis lost its data, or a job that failed for good); safe to repeat. */
@Injectable()
export class BatchReconciler {
  private readonly logger = new Logger(BatchReconciler.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly queue: BatchQueue,
  ) {}

  async run(): Promise<void> {
    const unfinished = await this.batches.unfinishedIds();
    for (const id of unfinished) await this.queue.start(id);
    if (unfinished.length > 0) this.logger.debug(`batches with a runner: ${unfinished.length}`);
  }
}
