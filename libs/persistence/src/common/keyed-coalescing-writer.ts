import { CoalescingWriter } from './coalescing-writer';

/**
 * A CoalescingWriter per key (a document): what callers ask for one key while a write of that key is
 * under way goes out together in its next write; different keys are written side by side. A key's
 * writer is forgotten when nobody waits on it.
 */
export class KeyedCoalescingWriter<T, R = void> {
  private readonly writers = new Map<string, { writer: CoalescingWriter<T, R>; waiting: number }>();

  constructor(private readonly write: (key: string, items: T[]) => Promise<R>) {}

  async add(key: string, items: T[]): Promise<R | undefined> {
    let entry = this.writers.get(key);
    if (!entry) {
      entry = { writer: new CoalescingWriter<T, R>((batch) => this.write(key, batch)), waiting: 0 };
      this.writers.set(key, entry);
    }
    entry.waiting++;
    try {
      return await entry.writer.add(items);
    } finally {
      if (--entry.waiting === 0) this.writers.delete(key);
    }
  }
}
