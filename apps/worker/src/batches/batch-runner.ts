import { Injectable, Logger } from '@nestjs/common';
import {
  BATCH_CHUNK_ROWS,
  BatchCounts,
  BatchDocument,
  BatchRepository,
  BatchTallyRepository,
  CommandRepository,
  FINAL_BATCH_STATUSES,
  OutcomeRecorder,
  RowResult,
  rowCommandId,
} from '@app/persistence';
import { newId, ServiceClock } from '@app/platform';
import { BatchDryRun } from './batch-dry-run';
import { BatchFeeder } from './batch-feeder';

/** How often the runner sums the tallies into the batch's counts while rows are being applied. */
const TALLY_INTERVAL_MS = 500;

const CANCELLED: RowResult = { outcome: 'cancelled', code: 'BATCH_CANCELLED', message: 'The batch was cancelled before this row was applied.' };

/**
 * Runs one batch (any worker; one at a time per batch, and safe when two run it): queues its rows
 * (or dry-runs them), keeps its counts, ends it when every row has its result, and says so with a
 * `batch.completed` event. Restarted from MongoDB after a crash or a Redis flush (BatchReconciler).
 */
@Injectable()
export class BatchRunner {
  private readonly logger = new Logger(BatchRunner.name);

  constructor(
    private readonly batches: BatchRepository,
    private readonly tallies: BatchTallyRepository,
    private readonly commands: CommandRepository,
    private readonly feeder: BatchFeeder,
    private readonly dryRun: BatchDryRun,
    private readonly outcomes: OutcomeRecorder,
    private readonly clock: ServiceClock,
  ) {}

  async run(batchId: string): Promise<void> {
    const batch = await this.batches.get(batchId);
    if (!batch || FINAL_BATCH_STATUSES.includes(batch.status)) return this.emitCompleted(batch);
    await this.tallies.ensure(batch._id, chunkSizes(batch));
    await this.batches.start(batch._id, await this.clock.now());
    const cancelRequested = async () => (await this.batches.get(batch._id))?.cancelRequested ?? true;
    // The counts are kept while the rows are still being queued, so progress shows from the first row.
    let failed = false;
    const queueing = this.queueRows(batch, cancelRequested).catch((error: unknown) => {
      failed = true;
      throw error;
    });
    // A failure fails the job (BullMQ runs it again, carrying on where it stopped) and ends the count loop.
    await Promise.all([queueing, this.awaitResults(batch, () => failed)]);
  }

  private async queueRows(batch: BatchDocument, cancelRequested: () => Promise<boolean>): Promise<void> {
    if (batch.dryRun) {
      await this.cancelFrom(batch, await this.dryRun.run(batch, cancelRequested));
      return;
    }
    await this.feeder.feed(batch, cancelRequested);
    await this.cancelFrom(batch, (await this.batches.get(batch._id))?.fedChunks ?? batch.chunks);
  }

  /** Chunks not begun when a cancel came: their rows are recorded cancelled (one write per chunk where possible). */
  private async cancelFrom(batch: BatchDocument, firstUnfed: number): Promise<void> {
    if (firstUnfed >= batch.chunks) return;
    const sizes = chunkSizes(batch);
    for (let index = firstUnfed; index < batch.chunks; index++) {
      const all = Object.fromEntries(Array.from({ length: sizes[index] }, (_, i) => [String(i), CANCELLED]));
      if (await this.tallies.recordUnclaimed(batch._id, index, all)) continue;
      await this.cancelClaimedChunk(batch, index);
    }
  }

  /** A chunk a runner began before it stopped: rows already commands are left to the engine (refused as cancelled). */
  private async cancelClaimedChunk(batch: BatchDocument, index: number): Promise<void> {
    const [chunk, tally] = await Promise.all([this.batches.chunk(batch._id, index), this.tallies.get(batch._id, index)]);
    for (const [i, row] of (chunk?.rows ?? []).entries()) {
      if (tally?.results[String(i)]) continue;
      const isCommand = !batch.dryRun && (await this.commands.get(rowCommandId(batch._id, row.rowNumber)));
      if (!isCommand) await this.tallies.record(batch._id, row.rowNumber, CANCELLED);
    }
  }

  /**
   * Sums the tallies into the batch's counts until every row has its result, then ends the batch.
   * Chunks are begun in file order (fed, dry-run or cancelled), so the first one no runner began
   * ends the sum: a large batch costs a read per chunk under way, not per chunk of the file.
   */
  private async awaitResults(batch: BatchDocument, stopped: () => boolean): Promise<void> {
    const done = new Map<number, BatchCounts>();
    for (;;) {
      const counts: BatchCounts = { succeeded: 0, failed: 0, deferred: 0, cancelled: 0 };
      for (let index = 0; index < batch.chunks; index++) {
        const finished = done.get(index);
        const tally = finished ? undefined : await this.tallies.progress(batch._id, index);
        if (tally && !tally.claimed) break;
        const chunk = finished ?? (tally ? { succeeded: tally.succeeded, failed: tally.failed, cancelled: tally.cancelled, deferred: Object.keys(tally.deferred).length } : undefined);
        if (!chunk) continue;
        if (tally && tally.succeeded + tally.failed + tally.cancelled === tally.size) done.set(index, chunk);
        counts.succeeded += chunk.succeeded;
        counts.failed += chunk.failed;
        counts.cancelled += chunk.cancelled;
        counts.deferred += chunk.deferred;
      }
      if (counts.succeeded + counts.failed + counts.cancelled >= batch.total) return this.finish(batch, counts);
      await this.batches.saveCounts(batch._id, counts);
      if (stopped()) return;
      await new Promise((resolve) => setTimeout(resolve, TALLY_INTERVAL_MS));
    }
  }

  private async finish(batch: BatchDocument, counts: BatchCounts): Promise<void> {
    const status = counts.cancelled > 0 ? 'cancelled' : 'completed';
    const ended = await this.batches.finish(batch._id, { status, counts, at: await this.clock.now(), eventId: newId() });
    this.logger.log(`batch ${batch._id} ${ended?.status}: ${JSON.stringify(ended?.counts)}`);
    await this.emitCompleted(ended);
  }

  /** `batch.completed` (api.md, "Events"), written once with the id fixed when the batch ended. */
  private async emitCompleted(batch: BatchDocument | null): Promise<void> {
    if (!batch?.completedEventId || !batch.finishedAt) return;
    await this.outcomes.recordEvents([
      {
        _id: batch.completedEventId,
        type: 'batch.completed',
        occurredAt: batch.finishedAt,
        partnerId: batch.partnerId,
        customerId: '',
        subscriptionId: null,
        commandId: null,
        data: { batchId: batch._id, status: batch.status, dryRun: batch.dryRun, total: batch.total, ...batch.counts },
      },
    ]);
  }
}

function chunkSizes(batch: BatchDocument): number[] {
  return Array.from({ length: batch.chunks }, (_, index) => Math.min(BATCH_CHUNK_ROWS, batch.total - index * BATCH_CHUNK_ROWS));
}
