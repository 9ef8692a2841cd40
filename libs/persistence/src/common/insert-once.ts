import { Model } from 'mongoose';
import { isDuplicateKeyError } from './mongo-errors';

/** Inserts documents whose ids are deterministic; those already there are left as they are. */
export async function insertOnce<T extends { _id: string }>(model: Model<T>, docs: T[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    const onlyDuplicates = list.length > 0 ? list.every((e) => e.code === 11000) : isDuplicateKeyError(error);
    if (!onlyDuplicates) throw error;
  }
}
