import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { insertOnce } from '../common/insert-once';
import { Page, pageOf } from '../common/page';
import { raw } from '../common/raw-collection';
import { BATCH_MODEL, BatchCounts, BatchDocument, FINAL_BATCH_STATUSES } from './batch.schema';
import { BATCH_CHUNK_MODEL, BatchChunkDocument, chunkId } from './batch-chunk.schema';

export const NO_COUNTS: BatchCounts = { succeeded: 0, failed: 0, deferred: 0, cancelled: 0 };

/** Batches and their input chunks. Every write is one conditional update, safe to repeat. */
@Injectable()
export class BatchRepository {
  constructor(
    @InjectModel(BATCH_MODEL) private readonly batches: Model<BatchDocument>,
    @InjectModel(BATCH_CHUNK_MODEL) private readonly chunks: Model<BatchChunkDocument>,
  ) {}

  /** One round trip for many chunks (bulk insert); chunks already stored are left as they are. */
  insertChunks(chunks: BatchChunkDocument[]): Promise<void> {
    return insertOnce(this.chunks, chunks);
  }

  async create(batch: BatchDocument): Promise<void> {
    await raw(this.batches).insertOne(batch);
  }

  get(id: string): Promise<BatchDocument | null> {
    return this.batches.findById(id).lean<BatchDocument>().exec();
  }

  chunk(batchId: string, index: number): Promise<BatchChunkDocument | null> {
    return this.chunks.findById(chunkId(batchId, index)).lean<BatchChunkDocument>().exec();
  }

  /** Newest first, by id (UUID v7); `cursor` is the last id of the previous page. */
  async list(partnerId: string, limit: number, cursor?: string): Promise<Page<BatchDocument>> {
    const query: Record<string, unknown> = { partnerId, ...(cursor ? { _id: { $lt: cursor } } : {}) };
    const docs = await this.batches.find(query).sort({ _id: -1 }).limit(limit + 1).lean<BatchDocument[]>().exec();
    return pageOf(docs, limit, (doc) => doc._id);
  }

  /** Batches a runner still has to work on (the reconciler gives each one a runner). */
  async unfinishedIds(): Promise<string[]> {
    const docs = await raw(this.batches)
      .find({ status: { $in: ['validating', 'running'] } }, { projection: { _id: 1 } })
      .toArray();
    return docs.map((doc) => doc._id);
  }

  /** False when the batch has ended already (nothing left to cancel). */
  async requestCancel(id: string): Promise<boolean> {
    const result = await raw(this.batches).updateOne({ _id: id, status: { $nin: FINAL_BATCH_STATUSES } }, { $set: { cancelRequested: true } });
    return result.matchedCount === 1;
  }

  async start(id: string, at: Date): Promise<void> {
    await raw(this.batches).updateOne({ _id: id, status: 'validating' }, { $set: { status: 'running', startedAt: at } });
  }

  /** Chunk `index` is fed: the runner goes on after it, also after a restart. */
  async markFed(id: string, index: number): Promise<void> {
    await raw(this.batches).updateOne({ _id: id, fedChunks: index }, { $set: { fedChunks: index + 1 } });
  }

  async saveCounts(id: string, counts: BatchCounts): Promise<void> {
    await raw(this.batches).updateOne({ _id: id, status: { $nin: FINAL_BATCH_STATUSES } }, { $set: { counts } });
  }

  /** Ends the batch once; answers the batch as it ended (also when another runner ended it first). */
  async finish(id: string, ending: { status: 'completed' | 'cancelled'; counts: BatchCounts; at: Date; eventId: string }): Promise<BatchDocument | null> {
    await raw(this.batches).updateOne(
      { _id: id, status: { $nin: FINAL_BATCH_STATUSES } },
      { $set: { status: ending.status, counts: ending.counts, finishedAt: ending.at, completedEventId: ending.eventId } },
    );
    return this.get(id);
  }
}
