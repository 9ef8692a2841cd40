import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';
import { Actor } from '../commands/command.schema';

export type BatchStatus = 'validating' | 'running' | 'completed' | 'cancelled';
export const FINAL_BATCH_STATUSES: BatchStatus[] = ['completed', 'cancelled'];

/** Row counts of a batch, summed from its tallies (rows finished) by the batch's runner. */
export interface BatchCounts {
  succeeded: number;
  failed: number;
  deferred: number;
  cancelled: number;
}

/**
 * A bulk license-adjustment run (api.md, "Bulk license adjustments"). Written once every row is
 * stored in its chunks, so a batch that exists is complete; a worker's runner then checks and
 * queues its rows, chunk by chunk.
 */
export interface BatchDocument {
  _id: string;
  partnerId: string;
  actor: Actor;
  dryRun: boolean;
  status: BatchStatus;
  total: number;
  /** How many chunk documents hold the rows (`<batchId>:<index>`). */
  chunks: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Chunks whose rows are all queued as commands (or failed at once); the runner resumes after them. */
  fedChunks: number;
  cancelRequested: boolean;
  counts: BatchCounts;
  /** The id of its `batch.completed` event, fixed when the batch ends so the event is written once. */
  completedEventId: string | null;
}

export const BATCH_MODEL = 'Batch';

export const batchSchema = new Schema<BatchDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    dryRun: { type: Boolean, required: true },
    status: { type: String, required: true, enum: ['validating', 'running', 'completed', 'cancelled'], index: true },
    total: { type: Number, required: true },
    chunks: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    fedChunks: { type: Number, required: true, default: 0 },
    cancelRequested: { type: Boolean, required: true, default: false },
    counts: { type: Schema.Types.Mixed, required: true },
    completedEventId: { type: String, default: null },
  },
  { ...baseSchemaOptions, collection: 'batches' },
);
batchSchema.index({ partnerId: 1, _id: -1 });
