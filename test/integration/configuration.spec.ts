import { execSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/local-servers';
import { TEST_JWT_SECRET } from '../support/tokens';

const MAINS = {
  api: join(projectRoot, 'dist/apps/api/src/main.js'),
  worker: join(projectRoot, 'dist/apps/worker/src/main.js'),
};

// Every variable the apps read, cleared so the host's environment cannot make a case pass or fail.
const CONFIG_VARIABLES = [
  'PORT', 'WORKER_HEALTH_PORT', 'MONGO_URL', 'REDIS_URL', 'AUTH_JWT_SECRET', 'AUTH_MAX_TOKEN_LIFETIME', 'CLOCK_MODE', 'CONFLICT_RETRY_DELAY', 'CONFLICT_MAX_WAIT',
  'RENEWAL_PROCESSING_DURATION', 'WORKER_CONCURRENCY', 'BATCH_LANE_CONCURRENCY', 'WORKER_LOCK_DURATION', 'RECONCILE_INTERVAL', 'TIME_TICK_INTERVAL', 'QUEUE_PREFIX',
  'LOG_LEVEL', 'LOG_FORMAT', 'METRICS_PORT', 'METRICS_TOKEN', 'METRICS_REFRESH_INTERVAL', 'RATE_LIMIT', 'RATE_LIMIT_WINDOW',
];

/** A valid configuration; each case spoils one variable. Nothing listens on these ports: the app must not get that far. */
function environment(change: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'test',
    MONGO_URL: 'mongodb://127.0.0.1:9/config_spec',
    REDIS_URL: 'redis://127.0.0.1:9',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_FORMAT: 'json',
  });
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

interface Case {
  variable: string;
  label: string;
  change: Record<string, string | undefined>;
}

/** Both apps validate with the same loadConfig: the API gets every case, the worker the ones named in the brief. */
const CASES: (Case & { worker?: true })[] = [
  { variable: 'CONFLICT_RETRY_DELAY', label: '= abc', change: { CONFLICT_RETRY_DELAY: 'abc' }, worker: true },
  { variable: 'CONFLICT_MAX_WAIT', label: '= P1M', change: { CONFLICT_MAX_WAIT: 'P1M' } },
  { variable: 'RENEWAL_PROCESSING_DURATION', label: '= -PT1H', change: { RENEWAL_PROCESSING_DURATION: '-PT1H' } },
  { variable: 'PORT', label: '= 99999', change: { PORT: '99999' }, worker: true },
  { variable: 'PORT', label: '= 3000abc', change: { PORT: '3000abc' } },
  { variable: 'CLOCK_MODE', label: '= fast', change: { CLOCK_MODE: 'fast' }, worker: true },
  { variable: 'MONGO_URL', label: '= http://x', change: { MONGO_URL: 'http://x' }, worker: true },
  { variable: 'REDIS_URL', label: '= not a url', change: { REDIS_URL: 'not a url' } },
  { variable: 'AUTH_JWT_SECRET', label: 'unset', change: { AUTH_JWT_SECRET: undefined }, worker: true },
  { variable: 'AUTH_JWT_SECRET', label: '= short', change: { AUTH_JWT_SECRET: 'short' } },
  { variable: 'AUTH_MAX_TOKEN_LIFETIME', label: '= 24h', change: { AUTH_MAX_TOKEN_LIFETIME: '24h' } },
  { variable: 'METRICS_PORT', label: '= 0', change: { METRICS_PORT: '0' }, worker: true },
  { variable: 'METRICS_TOKEN', label: '= short', change: { METRICS_TOKEN: 'short' } },
  { variable: 'METRICS_REFRESH_INTERVAL', label: '= 15s', change: { METRICS_REFRESH_INTERVAL: '15s' } },
  { variable: 'WORKER_CONCURRENCY', label: '= 0', change: { WORKER_CONCURRENCY: '0' } },
  { variable: 'RATE_LIMIT', label: '= -1', change: { RATE_LIMIT: '-1' } },
  { variable: 'RATE_LIMIT_WINDOW', label: '= 1m', change: { RATE_LIMIT_WINDOW: '1m' } },
];

interface Exit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts a built app and waits for it to exit by itself (killed after 30 s: it must never get as far as serving). */
function start(main: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

const runs = Object.entries(MAINS).flatMap(([app, main]) =>
  CASES.filter((c) => app === 'api' || c.worker).map((c) => ({ app, main, ...c, key: `${app} ${c.variable} ${c.label}` })),
);

// api.md "Configuration": bad configuration stops the process at start with a message naming the variable.
describe('bad configuration stops the built apps at start with one line naming the variable', () => {
  const exits = new Map<string, Exit>();

  beforeAll(async () => {
    // `npm test` builds first; a lone `jest` run builds when the apps were never built.
    if (!existsSync(MAINS.api) || !existsSync(MAINS.worker)) execSync('npm run build', { cwd: projectRoot, stdio: 'inherit' });
    // Each start loads the whole app (seconds): run a few at a time.
    const todo = [...runs];
    const lanes = Array.from({ length: Math.min(4, Math.max(2, availableParallelism())) }, async () => {
      for (let run = todo.shift(); run; run = todo.shift()) exits.set(run.key, await start(run.main, environment(run.change)));
    });
    await Promise.all(lanes);
  }, 300_000);

  it.each(runs.map((run) => [run.app, run.variable, run.label, run] as const))('%s, %s %s: exits non-zero with one line naming it, no stack trace', (_app, variable, _label, run) => {
    const exit = exits.get(run.key)!;
    expect(exit.signal).toBeNull(); // it exited by itself
    expect(exit.status).not.toBe(0);
    const lines = exit.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(exit.stderr).not.toMatch(/^\s*at /m);
    if (variable === 'AUTH_JWT_SECRET') expect(exit.stderr).not.toContain('short'); // a secret is never echoed
  });
});
