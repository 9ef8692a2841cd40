// Loaded first in the benchmark's processes (`node --require` in the apps it starts, an import in
// the benchmark itself): counts the MongoDB commands the process sends (by command and collection,
// with their client-side time) and its Redis commands, and answers the counts over IPC, so the
// benchmark can say how many operations one command costs in each mode.
import Redis from 'ioredis';

export interface MongoOpCount {
  n: number;
  /** Client-side milliseconds: includes waiting for the server (and its write lock). */
  ms: number;
}

export interface OpStats {
  pid: number;
  mongo: Record<string, MongoOpCount>;
  redis: Record<string, number>;
  /** Counters other code adds (the ungrouped worker's conflicts). */
  extra: Record<string, number>;
}

export const STATS_REQUEST = 'bench-stats';

const stats: OpStats = { pid: process.pid, mongo: {}, redis: {}, extra: {} };

export function opStats(): OpStats {
  return JSON.parse(JSON.stringify(stats)) as OpStats;
}

export function countExtra(name: string, by = 1): void {
  stats.extra[name] = (stats.extra[name] ?? 0) + by;
}

/** BENCH_COUNT_OPS=0 leaves the drivers alone (to see what counting itself costs). */
export const countingOps = process.env.BENCH_COUNT_OPS !== '0';

/**
 * Wraps the driver's one method every command to the server goes through (one call, one round
 * trip), instead of its command monitoring, which deep-copies every command and reply for its events
 * and so costs more CPU than the commands themselves.
 */
type ConnectionCommand = (ns: unknown, command: Record<string, unknown>, ...rest: unknown[]) => Promise<unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const connectionPrototype = (require('mongodb/lib/cmap/connection') as { Connection: { prototype: { command: ConnectionCommand } } }).Connection.prototype;
const command = connectionPrototype.command;
if (countingOps) connectionPrototype.command = async function (this: unknown, ns: unknown, cmd: Record<string, unknown>, ...rest: unknown[]) {
  const name = Object.keys(cmd)[0] ?? '?';
  const target = cmd[name];
  const key = typeof target === 'string' ? `${name} ${target}` : name;
  const began = performance.now();
  try {
    return await command.call(this, ns, cmd, ...rest);
  } finally {
    const entry = (stats.mongo[key] ??= { n: 0, ms: 0 });
    entry.n++;
    entry.ms += performance.now() - began;
  }
};

type SendCommand = (command: { name?: string }, stream?: unknown) => unknown;
const redisPrototype = (Redis as unknown as { prototype: { sendCommand: SendCommand } }).prototype;
const sendCommand = redisPrototype.sendCommand;
if (countingOps) redisPrototype.sendCommand = function (this: unknown, command: { name?: string }, stream?: unknown) {
  const name = command?.name ?? '?';
  stats.redis[name] = (stats.redis[name] ?? 0) + 1;
  return sendCommand.call(this, command, stream);
};

if (process.send) {
  process.on('message', (message: { type?: string; id?: number }) => {
    if (message?.type === STATS_REQUEST) process.send?.({ type: STATS_REQUEST, id: message.id, stats: opStats() });
  });
  // The IPC channel must not keep a stopping app alive.
  process.channel?.unref();
}
