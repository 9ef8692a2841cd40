interface Waiting<T, R> {
  items: T[];
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/** Items one write takes at the most; the rest wait for the next. */
const MAX_ITEMS = 2_000;

/**
 * Group commit inside one process: what callers ask to write while a write is under way goes out
 * together in the next one, in the order asked. Under load many callers cost one round trip;
 * a caller alone waits for nothing. Each caller's promise settles with the write holding its items
 * (with what that write answered, for all of its items), so a caller that goes on after it knows its
 * items are written.
 */
export class CoalescingWriter<T, R = void> {
  private waiting: Waiting<T, R>[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<R>) {}

  /** Settles once the items are written; undefined for no items (nothing is asked of the server). */
  add(items: T[]): Promise<R | undefined> {
    if (items.length === 0) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.takeBatch();
      try {
        const result = await this.write(batch.flatMap((waiting) => waiting.items));
        for (const waiting of batch) waiting.resolve(result);
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.writing = false;
  }

  /** The callers waiting, oldest first, up to MAX_ITEMS items (always at least one caller). */
  private takeBatch(): Waiting<T, R>[] {
    let items = 0;
    let count = 0;
    while (count < this.waiting.length && (count === 0 || items + this.waiting[count].items.length <= MAX_ITEMS)) items += this.waiting[count++].items.length;
    return this.waiting.splice(0, count);
  }
}
