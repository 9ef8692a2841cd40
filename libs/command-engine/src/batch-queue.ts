import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BATCH_QUEUE, BatchJob } from './queues';

/**
 * The only place that adds batch-runner jobs: one per unfinished batch (deduplicated by its id).
 * The batch document in MongoDB is what was accepted; a lost job is given again by the reconciler.
 */
@Injectable()
export class BatchQueue {
  constructor(@InjectQueue(BATCH_QUEUE) readonly queue: Queue<BatchJob>) {}

  async start(batchId: string): Promise<void> {
    await this.queue.add(`batch ${batchId}`, { batchId }, {
      deduplication: { id: batchId },
      attempts: 12,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3_600 },
    });
  }
}
