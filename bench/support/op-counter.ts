// Loaded first in the benchmark's processes (`node --require` in the apps it starts, an import in
// the benchmark itself): counts the MongoDB commands the process sends (by command and collection,
// with their client-side time) and its Redis commands, and answers the counts over IPC, so the
// benchmark can say how many operations one command costs in each mode.
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';

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

const counted = Symbol('bench-counted');
const connect = MongoClient.prototype.connect;
if (countingOps) MongoClient.prototype.connect = function (this: MongoClient & { [counted]?: boolean; monitorCommands: boolean }) {
  if (!this[counted]) {
    this[counted] = true;
    this.monitorCommands = true;
    const started = new Map<number, string>();
    this.on('commandStarted', (event) => {
      const target = (event.command as Record<string, unknown>)[event.commandName];
      started.set(event.requestId, typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName);
    });
    const done = (event: { requestId: number; duration: number }) => {
      const key = started.get(event.requestId);
      if (!key) return;
      started.delete(event.requestId);
      const entry = (stats.mongo[key] ??= { n: 0, ms: 0 });
      entry.n++;
      entry.ms += event.duration;
    };
    this.on('commandSucceeded', done);
    this.on('commandFailed', done);
  }
  // eslint-disable-next-line prefer-rest-params
  return connect.apply(this, arguments as never);
} as typeof connect;

/** A driver client the counting leaves alone (the plain reference scripts, whose work is not a command's). */
export function uncountedClient(url: string): MongoClient {
  const client = new MongoClient(url) as MongoClient & { [counted]?: boolean };
  client[counted] = true;
  return client;
}

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
