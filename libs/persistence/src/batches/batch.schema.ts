import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { counter, nullable, oneOf, required } from '../common/schema-fields';
import { Actor } from '../commands/command.schema';

export const BATCH_STATUSES = ['validating', 'running', 'completed', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
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

export const batchModel = documentModel<BatchDocument>('Batch', 'batches', {
  partnerId: required(String),
  actor: required(Schema.Types.Mixed),
  dryRun: required(Boolean),
  status: { ...oneOf(BATCH_STATUSES), index: true },
  total: required(Number),
  chunks: required(Number),
  createdAt: required(Date),
  startedAt: nullable(Date),
  finishedAt: nullable(Date),
  fedChunks: counter(),
  cancelRequested: { type: Boolean, required: true, default: false },
  counts: required(Schema.Types.Mixed),
  completedEventId: nullable(String),
});
export const BATCH_MODEL = batchModel.name;
batchModel.schema.index({ partnerId: 1, _id: -1 });
