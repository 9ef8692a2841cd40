import { randomBytes } from 'node:crypto';
import { AppSet, startAppSet } from '../../scripts/app-set';
import { mongoUrlFor, testDatabaseName } from './test-database';
import { TEST_JWT_SECRET } from './tokens';

export interface RunningApps extends AppSet {
  database: string;
  mongoUrl: string;
  queuePrefix: string;
}

export interface AppOptions {
  workers?: number;
  env?: Record<string, string>;
  /** A MongoDB server of the test's own (e.g. one it stops and restarts), instead of MONGO_URL's. */
  mongoServerUrl?: string;
}

/**
 * Starts the built API and worker (`npm run build` output) as real processes against the test
 * servers, with a database and queue prefix of their own, and waits until all are ready.
 */
export async function startApps(label: string, options: AppOptions = {}): Promise<RunningApps> {
  const database = testDatabaseName(label);
  const queuePrefix = `t${randomBytes(4).toString('hex')}`;
  const mongoUrl = mongoUrlFor(database, options.mongoServerUrl);
  const apps = await startAppSet({
    workers: options.workers ?? 1,
    echo: Boolean(process.env.TEST_APP_LOGS),
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_FORMAT: 'json',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      MONGO_URL: mongoUrl,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      QUEUE_PREFIX: queuePrefix,
      // Specs send bursts; test/e2e/rate-limit.e2e.spec.ts turns the limit on.
      RATE_LIMIT: '0',
      ...options.env,
    },
  });
  return { ...apps, database, mongoUrl, queuePrefix };
}

export { stopProcess } from '../../scripts/processes';
