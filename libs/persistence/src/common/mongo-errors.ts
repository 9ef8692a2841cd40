/** MongoDB and FerretDB both report a duplicate key on insert or upsert as 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** A miss of a conditional update: the document moved on since it was read. */
export class ConcurrentModificationError extends Error {
  constructor(what: string) {
    super(`concurrent modification of ${what}`);
  }
}
