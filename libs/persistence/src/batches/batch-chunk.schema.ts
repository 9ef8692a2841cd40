import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { required } from '../common/schema-fields';

/** One input row as uploaded; `error` when it cannot be a command at all (not a number, out of range). */
export interface BatchRow {
  rowNumber: number;
  customerId: string;
  subscriptionId: string;
  /** As given in the file, for the results. */
  quantityText: string;
  quantity: number | null;
  error?: { code: string; message: string };
}

/** A run of consecutive rows of a batch (`_id: <batchId>:<index>`), written at upload and never changed. */
export interface BatchChunkDocument {
  _id: string;
  batchId: string;
  index: number;
  rows: BatchRow[];
}

export type RowOutcome = 'succeeded' | 'failed' | 'cancelled' | 'would-succeed' | 'would-fail';

export interface RowResult {
  outcome: RowOutcome;
  code?: string;
  message?: string;
}

/**
 * What became of a chunk's rows, keyed by the row's place in the chunk: each result is written
 * once (guarded by its key not existing) together with its count, so a repeated write after a
 * crash counts nothing twice. `deferred` marks rows waiting for a renewal, cleared with the result.
 */
export interface BatchTallyDocument {
  _id: string;
  batchId: string;
  index: number;
  size: number;
  /** A runner began on the chunk's rows (from then on each row is recorded on its own). */
  claimed: boolean;
  results: Record<string, RowResult>;
  deferred: Record<string, boolean>;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export const batchChunkModel = documentModel<BatchChunkDocument>('BatchChunk', 'batch_chunks', {
  batchId: required(String),
  index: required(Number),
  rows: required(Schema.Types.Mixed),
});
export const BATCH_CHUNK_MODEL = batchChunkModel.name;

export const batchTallyModel = documentModel<BatchTallyDocument>('BatchTally', 'batch_tallies', {
  batchId: required(String),
  index: required(Number),
  size: required(Number),
  claimed: required(Boolean),
  results: required(Schema.Types.Mixed),
  deferred: required(Schema.Types.Mixed),
  succeeded: required(Number),
  failed: required(Number),
  cancelled: required(Number),
});
export const BATCH_TALLY_MODEL = batchTallyModel.name;

/** Chunk and tally documents are found by `_id` only (FerretDB pushes down nothing else). */
export function chunkId(batchId: string, index: number): string {
  return `${batchId}:${String(index).padStart(6, '0')}`;
}

/** The command a row becomes has an id fixed by the row, so queueing it again after a crash finds it. */
export function rowCommandId(batchId: string, rowNumber: number): string {
  return `${batchId}-r${rowNumber}`;
}
