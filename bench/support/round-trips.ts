// MongoDB round trips by kind, from the driver's command monitoring (op-counter.ts): each command the
// driver sends is one round trip, so an insertMany or a bulkWrite of one kind of write is one write,
// and a mixed bulkWrite is as many as the driver sends (one per run of the same kind).
import { OpStats } from './op-counter';

export interface RoundTrips {
  writes: number;
  reads: number;
  /** Index builds, pings, session ends and the like. */
  other: number;
}

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'bulkWrite']);
const READS = new Set(['find', 'getMore', 'aggregate', 'count', 'distinct']);

export function kindOf(key: string): keyof RoundTrips {
  const name = key.split(' ')[0];
  if (WRITES.has(name)) return 'writes';
  if (READS.has(name)) return 'reads';
  return 'other';
}

/** Round trips made between two snapshots of the same processes' counts. */
export function roundTripsBetween(before: OpStats[], after: OpStats[]): RoundTrips {
  const total: RoundTrips = { writes: 0, reads: 0, other: 0 };
  const earlier = new Map(before.map((stats) => [stats.pid, stats]));
  for (const stats of after) {
    const base = earlier.get(stats.pid)?.mongo ?? {};
    for (const [key, count] of Object.entries(stats.mongo)) total[kindOf(key)] += count.n - (base[key]?.n ?? 0);
  }
  return total;
}

/** The MongoDB commands made between two snapshots, by command and collection, most frequent first. */
export function opsBetween(before: OpStats[], after: OpStats[]): { key: string; n: number; ms: number }[] {
  const earlier = new Map(before.map((stats) => [stats.pid, stats]));
  const total = new Map<string, { n: number; ms: number }>();
  for (const stats of after) {
    const base = earlier.get(stats.pid)?.mongo ?? {};
    for (const [key, count] of Object.entries(stats.mongo)) {
      const entry = total.get(key) ?? { n: 0, ms: 0 };
      total.set(key, { n: entry.n + count.n - (base[key]?.n ?? 0), ms: entry.ms + count.ms - (base[key]?.ms ?? 0) });
    }
  }
  return [...total].map(([key, count]) => ({ key, ...count })).filter((entry) => entry.n > 0).sort((a, b) => b.n - a.n);
}
