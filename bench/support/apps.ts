// Starts the built apps for one benchmark phase: the API and worker processes against the given
// servers, with a database and queue prefix of their own, each counting its MongoDB and Redis commands.
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../scripts/local-servers';
import { AppProcess, launchNode, stopProcess, waitForReady } from '../../scripts/processes';
import { OpStats, STATS_REQUEST } from './op-counter';

export const BENCH_JWT_SECRET = 'bench-secret-of-at-least-16-chars';

export type AppEntry = 'api' | 'worker' | 'ungrouped-worker';

const ENTRIES: Record<AppEntry, string> = {
  api: join(projectRoot, 'dist', 'apps', 'api', 'src', 'main.js'),
  worker: join(projectRoot, 'dist', 'apps', 'worker', 'src', 'main.js'),
  'ungrouped-worker': join(projectRoot, 'dist', 'bench', 'ungrouped-worker.js'),
};
const OP_COUNTER = join(projectRoot, 'dist', 'bench', 'support', 'op-counter.js');

export interface PhaseApps {
  baseUrl: string;
  database: string;
  mongoUrl: string;
  queuePrefix: string;
  api: ChildProcess;
  workers: ChildProcess[];
  startWorker(entry?: AppEntry): Promise<ChildProcess>;
  stopWorkers(): Promise<void>;
  /** The operation counts of the running workers. */
  workerStats(): Promise<OpStats[]>;
  stop(): Promise<void>;
}

export interface PhaseOptions {
  mongoServerUrl: string;
  redisUrl: string;
  workers: number;
  workerEntry?: AppEntry;
  env?: Record<string, string>;
}

export async function startPhaseApps(label: string, options: PhaseOptions): Promise<PhaseApps> {
  const database = `bench_${label}_${randomBytes(4).toString('hex')}`;
  const queuePrefix = `b${randomBytes(4).toString('hex')}`;
  const mongo = new URL(options.mongoServerUrl);
  mongo.pathname = `/${database}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MONGO_URL: mongo.toString(),
    REDIS_URL: options.redisUrl,
    AUTH_JWT_SECRET: BENCH_JWT_SECRET,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${OP_COUNTER}`.trim(),
    ...options.env,
  };
  const api = launch('api', env);
  const workers: ChildProcess[] = [];
  const startWorker = async (entry: AppEntry = options.workerEntry ?? 'worker') => {
    const healthPort = await freePort();
    const worker = launch(entry, { ...env, WORKER_HEALTH_PORT: String(healthPort) });
    workers.push(worker);
    await waitForReady(`http://127.0.0.1:${healthPort}/health/ready`, worker);
    return worker;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${baseUrl}/health/ready`, api);
    await Promise.all(Array.from({ length: options.workers }, () => startWorker()));
  } catch (error) {
    await Promise.all([api, ...workers].map((child) => stopProcess(child)));
    throw error;
  }
  return {
    baseUrl,
    database,
    mongoUrl: env.MONGO_URL as string,
    queuePrefix,
    api,
    workers,
    startWorker,
    stopWorkers: async () => {
      await Promise.all(workers.splice(0).map((child) => stopProcess(child)));
    },
    workerStats: () => Promise.all(workers.map((child) => statsOf(child))),
    stop: async () => {
      await Promise.all([api, ...workers.splice(0)].map((child) => stopProcess(child)));
    },
  };
}

function launch(entry: AppEntry, env: NodeJS.ProcessEnv): AppProcess {
  return launchNode(ENTRIES[entry], entry, env, { echo: Boolean(process.env.BENCH_APP_LOGS), ipc: true });
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
