import { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/** Inserts documents whose ids are deterministic; those already there are left as they are. */
export async function insertOnce<T extends { _id: string }>(model: Model<T>, docs: T[]): Promise<void> {
  await insertReportingExisting(model, docs);
}

/**
 * insertOnce, answering the ids that were already there: every id when the server did not say
 * which of the documents collided (then a caller treats them all as possibly there).
 */
export async function insertReportingExisting<T extends { _id: string }>(model: Model<T>, docs: T[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return new Set();
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number; index?: number }[] | { code?: number; index?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    const onlyDuplicates = list.length > 0 ? list.every((e) => e.code === 11000) : isDuplicateKeyError(error);
    if (!onlyDuplicates) throw error;
    if (list.length === 0 || list.some((e) => typeof e.index !== 'number')) return new Set(docs.map((doc) => doc._id));
    return new Set(list.map((e) => docs[e.index as number]._id));
  }
}
