// Starts the built apps for one benchmark phase: the API and worker processes against the given
// servers, with a database and queue prefix of their own, each counting its MongoDB and Redis commands.
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppSet, startAppSet } from '../../scripts/app-set';
import { projectRoot } from '../../scripts/local-servers';
import { OpStats, STATS_REQUEST } from './op-counter';

export const BENCH_JWT_SECRET = 'bench-secret-of-at-least-16-chars';
export const UNGROUPED_WORKER_SCRIPT = join(projectRoot, 'dist', 'bench', 'ungrouped-worker.js');
const OP_COUNTER = join(projectRoot, 'dist', 'bench', 'support', 'op-counter.js');

export interface PhaseApps extends AppSet {
  database: string;
  mongoUrl: string;
  queuePrefix: string;
  /** The operation counts of the running workers. */
  workerStats(): Promise<OpStats[]>;
  /** The operation counts of the API process. */
  apiStats(): Promise<OpStats>;
}

export interface PhaseOptions {
  mongoServerUrl: string;
  redisUrl: string;
  workers: number;
  env?: Record<string, string>;
}

export async function startPhaseApps(label: string, options: PhaseOptions): Promise<PhaseApps> {
  const database = `bench_${label}_${randomBytes(4).toString('hex')}`;
  const queuePrefix = `b${randomBytes(4).toString('hex')}`;
  const mongo = new URL(options.mongoServerUrl);
  mongo.pathname = `/${database}`;
  const apps = await startAppSet({
    workers: options.workers,
    echo: Boolean(process.env.BENCH_APP_LOGS),
    ipc: true,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      MONGO_URL: mongo.toString(),
      REDIS_URL: options.redisUrl,
      AUTH_JWT_SECRET: BENCH_JWT_SECRET,
      QUEUE_PREFIX: queuePrefix,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${OP_COUNTER}`.trim(),
      ...options.env,
    },
  });
  return {
    ...apps,
    database,
    mongoUrl: mongo.toString(),
    queuePrefix,
    workerStats: () => Promise.all(apps.workers.map((child) => statsOf(child))),
    apiStats: () => statsOf(apps.api),
  };
}

let requestId = 0;

function statsOf(child: ChildProcess): Promise<OpStats> {
  const id = ++requestId;
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      fail(new Error(`process ${child.pid} did not answer its operation counts`));
    }, 10_000);
    const onMessage = (message: { type?: string; id?: number; stats?: OpStats }) => {
      if (message?.type !== STATS_REQUEST || message.id !== id || !message.stats) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      done(message.stats);
    };
    child.on('message', onMessage);
    child.send({ type: STATS_REQUEST, id });
  });
}
