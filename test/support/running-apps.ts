import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../scripts/local-servers';
import { mongoUrlFor, testDatabaseName } from './test-database';
import { TEST_JWT_SECRET } from './tokens';

export interface RunningApps {
  baseUrl: string;
  database: string;
  mongoUrl: string;
  queuePrefix: string;
  env: NodeJS.ProcessEnv;
  workers: ChildProcess[];
  api: ChildProcess;
  startWorker(): Promise<ChildProcess>;
  stop(): Promise<void>;
}

/**
 * Starts the built API and worker (`npm run build` output) as real processes against the test
 * servers, with a database and queue prefix of their own, and waits until both are ready.
 */
export interface AppOptions {
  workers?: number;
  env?: Record<string, string>;
  /** A MongoDB server of the test's own (e.g. one it stops and restarts), instead of MONGO_URL's. */
  mongoServerUrl?: string;
}

export async function startApps(label: string, options: AppOptions = {}): Promise<RunningApps> {
  const database = testDatabaseName(label);
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_FORMAT: 'json',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    MONGO_URL: mongoUrlFor(database, options.mongoServerUrl),
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    ...options.env,
  };
  const api = launch('api', env);
  const workers: ChildProcess[] = [];
  const startWorker = async () => {
    const healthPort = await freePort();
    const worker = launch('worker', { ...env, WORKER_HEALTH_PORT: String(healthPort) });
    workers.push(worker);
    await waitForReady(`http://127.0.0.1:${healthPort}/health/ready`, worker);
    return worker;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${baseUrl}/health/ready`, api);
    for (let i = 0; i < (options.workers ?? 1); i++) await startWorker();
  } catch (error) {
    await Promise.all([api, ...workers].map((child) => stopProcess(child)));
    throw error;
  }
  return {
    baseUrl,
    database,
    mongoUrl: env.MONGO_URL as string,
    queuePrefix,
    env,
    api,
    workers,
    startWorker,
    stop: async () => {
      await Promise.all([api, ...workers].map((child) => stopProcess(child)));
    },
  };
}

const launched = new Set<ChildProcess>();
// Whatever happens to the test file, no app process outlives it.
process.once('exit', () => {
  for (const child of launched) child.kill('SIGKILL');
});

function launch(app: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'apps', app, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
    if (process.env.TEST_APP_LOGS) process.stderr.write(`[${app}] ${chunk.toString()}`);
  };
  launched.add(child);
  child.once('exit', () => launched.delete(child));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  (child as ChildProcess & { logTail?: () => string }).logTail = () => tail.join('');
  return child;
}

async function waitForReady(url: string, child: ChildProcess, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${url}: process exited with ${child.exitCode}\n${(child as ChildProcess & { logTail?: () => string }).logTail?.() ?? ''}`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} not ready within ${limitMs} ms\n${(child as ChildProcess & { logTail?: () => string }).logTail?.() ?? ''}`);
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
