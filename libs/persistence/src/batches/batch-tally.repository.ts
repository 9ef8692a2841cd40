import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '../common/insert-once';
import { KeyedCoalescingWriter } from '../common/keyed-coalescing-writer';
import { raw } from '../common/raw-collection';
import { BATCH_TALLY_MODEL, BatchTallyDocument, chunkId, RowResult } from './batch-chunk.schema';

/** Rows per chunk: the unit of bulk inserts at upload and of the runner's work. */
export const BATCH_CHUNK_ROWS = 500;

export function chunkOfRow(rowNumber: number): { index: number; key: string } {
  const offset = rowNumber - 1;
  return { index: Math.floor(offset / BATCH_CHUNK_ROWS), key: String(offset % BATCH_CHUNK_ROWS) };
}

const COUNTER: Record<RowResult['outcome'], 'succeeded' | 'failed' | 'cancelled'> = {
  succeeded: 'succeeded',
  'would-succeed': 'succeeded',
  failed: 'failed',
  'would-fail': 'failed',
  cancelled: 'cancelled',
};

/** What became of each row, per chunk; the batch's counts are sums of these, never increments of their own. */
@Injectable()
export class BatchTallyRepository {
  /** Results of one chunk's rows finished at once in a process share one write of its tally. */
  private readonly rowResults = new KeyedCoalescingWriter<{ batchId: string; rowNumber: number; result: RowResult }>((_chunk, rows) => this.recordMany(rows[0].batchId, firstOfEachRow(rows)));

  constructor(@InjectModel(BATCH_TALLY_MODEL) private readonly tallies: Model<BatchTallyDocument>) {}

  /** Empty tallies for every chunk, before any row is worked on (later writes are then by `_id`). */
  ensure(batchId: string, sizes: number[]): Promise<void> {
    return insertOnce(
      this.tallies,
      sizes.map((size, index) => ({ _id: chunkId(batchId, index), batchId, index, size, claimed: false, results: {}, deferred: {}, succeeded: 0, failed: 0, cancelled: 0 })),
    );
  }

  /** Records a row's result once (a row recorded before is not counted again). */
  async record(batchId: string, rowNumber: number, result: RowResult): Promise<void> {
    await this.rowResults.add(chunkId(batchId, chunkOfRow(rowNumber).index), [{ batchId, rowNumber, result }]);
  }

  private async recordOne(batchId: string, rowNumber: number, result: RowResult): Promise<void> {
    const { index, key } = chunkOfRow(rowNumber);
    await raw(this.tallies).updateOne(
      { _id: chunkId(batchId, index), [`results.${key}`]: { $exists: false } },
      { $set: { [`results.${key}`]: result }, $unset: { [`deferred.${key}`]: '' }, $inc: { [COUNTER[result.outcome]]: 1 } },
    );
  }

  /** The row waits for a renewal in progress (R-REN-4) until its result is recorded. */
  async markDeferred(batchId: string, rowNumber: number): Promise<void> {
    const { index, key } = chunkOfRow(rowNumber);
    await raw(this.tallies).updateOne({ _id: chunkId(batchId, index), [`results.${key}`]: { $exists: false } }, { $set: { [`deferred.${key}`]: true } });
  }

  /** A runner begins on the chunk: from now on its rows are recorded one by one. */
  async claim(batchId: string, index: number): Promise<void> {
    await raw(this.tallies).updateOne({ _id: chunkId(batchId, index), claimed: false }, { $set: { claimed: true } });
  }

  /**
   * Records the results of a whole chunk in one write, if no runner began on it (a dry run's
   * chunk, or a chunk cancelled before it was fed); false when one did, and nothing is written.
   */
  async recordUnclaimed(batchId: string, index: number, results: Record<string, RowResult>): Promise<boolean> {
    const counts = { succeeded: 0, failed: 0, cancelled: 0 };
    for (const result of Object.values(results)) counts[COUNTER[result.outcome]]++;
    const outcome = await raw(this.tallies).updateOne({ _id: chunkId(batchId, index), claimed: false }, { $set: { claimed: true, results, ...counts } });
    return outcome.modifiedCount === 1;
  }

  /** Records several rows of one chunk in one write when none of them is recorded yet, else one by one. */
  async recordMany(batchId: string, entries: { rowNumber: number; result: RowResult }[]): Promise<void> {
    if (entries.length === 0) return;
    const { index } = chunkOfRow(entries[0].rowNumber);
    const filter: Record<string, unknown> = { _id: chunkId(batchId, index) };
    const set: Record<string, RowResult> = {};
    const unset: Record<string, ''> = {};
    const inc: Record<string, number> = {};
    for (const { rowNumber, result } of entries) {
      const { key } = chunkOfRow(rowNumber);
      filter[`results.${key}`] = { $exists: false };
      set[`results.${key}`] = result;
      unset[`deferred.${key}`] = '';
      inc[COUNTER[result.outcome]] = (inc[COUNTER[result.outcome]] ?? 0) + 1;
    }
    const outcome = await raw(this.tallies).updateOne(filter, { $set: set, $unset: unset, $inc: inc });
    if (outcome.modifiedCount === 1) return;
    for (const { rowNumber, result } of entries) await this.recordOne(batchId, rowNumber, result);
  }

  /** A chunk's counts and deferred rows without its results (what progress needs, read often). */
  progress(batchId: string, index: number): Promise<Omit<BatchTallyDocument, 'results'> | null> {
    return this.tallies.findById(chunkId(batchId, index), { results: 0 }).lean<Omit<BatchTallyDocument, 'results'>>().exec();
  }

  get(batchId: string, index: number): Promise<BatchTallyDocument | null> {
    return this.tallies.findById(chunkId(batchId, index)).lean<BatchTallyDocument>().exec();
  }
}

/** One entry per row (a row finished twice at once is counted once). */
function firstOfEachRow<T extends { rowNumber: number }>(entries: T[]): T[] {
  const seen = new Set<number>();
  return entries.filter((entry) => !seen.has(entry.rowNumber) && seen.add(entry.rowNumber));
}
