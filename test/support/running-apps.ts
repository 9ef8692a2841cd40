import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, projectRoot } from '../../scripts/local-servers';
import { AppProcess, launchNode, stopProcess, waitForReady } from '../../scripts/processes';
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

function launch(app: 'api' | 'worker', env: NodeJS.ProcessEnv): AppProcess {
  return launchNode(join(projectRoot, 'dist', 'apps', app, 'src', 'main.js'), app, env, { echo: Boolean(process.env.TEST_APP_LOGS) });
}

export { stopProcess };
