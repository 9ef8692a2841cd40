// Starts the built apps for one benchmark phase, adapted from test/support/running-apps.ts (which
// is not part of the build): the API and worker processes against the given servers, with a
// database and queue prefix of their own, each counting its MongoDB and Redis commands.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../scripts/local-servers';
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

const launched = new Set<ChildProcess>();
// No app process outlives the benchmark.
process.once('exit', () => {
  for (const child of launched) child.kill('SIGKILL');
});

type Tailed = ChildProcess & { logTail?: () => string };

function launch(entry: AppEntry, env: NodeJS.ProcessEnv): ChildProcess {
  const child: Tailed = spawn(process.execPath, [ENTRIES[entry]], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
    if (process.env.BENCH_APP_LOGS) process.stderr.write(`[${entry} ${child.pid}] ${chunk.toString()}`);
  };
  launched.add(child);
  child.once('exit', () => launched.delete(child));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.logTail = () => tail.join('');
  return child;
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

async function waitForReady(url: string, child: Tailed, limitMs = 90_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}\n${child.logTail?.() ?? ''}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} not ready within ${limitMs} ms\n${child.logTail?.() ?? ''}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
