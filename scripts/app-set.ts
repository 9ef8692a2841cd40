// One API process and its worker processes, as the tests and the benchmarks run them: each on a
// free port, awaited until healthy, all stopped together (or all stopped if one fails to start).
import { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, projectRoot } from './local-servers';
import { AppProcess, launchNode, stopProcess, waitForReady } from './processes';

export const API_SCRIPT = join(projectRoot, 'dist', 'apps', 'api', 'src', 'main.js');
export const WORKER_SCRIPT = join(projectRoot, 'dist', 'apps', 'worker', 'src', 'main.js');

export interface AppSetOptions {
  /** The environment of every process; PORT and WORKER_HEALTH_PORT are set here. */
  env: NodeJS.ProcessEnv;
  workers: number;
  /** The worker's entry point; the built worker app unless given. */
  workerScript?: string;
  /** Print the processes' output (otherwise it is kept and shown when one fails to start). */
  echo?: boolean;
  /** Open an IPC channel to each process. */
  ipc?: boolean;
}

export interface AppSet {
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  api: ChildProcess;
  workers: ChildProcess[];
  /** Starts a worker and waits until it is ready, unless `awaitReady` is false (a worker that may kill itself before it could answer). */
  startWorker(script?: string, options?: { awaitReady?: boolean }): Promise<ChildProcess>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAppSet(options: AppSetOptions): Promise<AppSet> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...options.env, PORT: String(port) };
  const launch = (script: string, label: string, processEnv: NodeJS.ProcessEnv): AppProcess =>
    launchNode(script, label, processEnv, { echo: options.echo, ipc: options.ipc });
  const api = launch(API_SCRIPT, 'api', env);
  const workers: ChildProcess[] = [];
  const startWorker = async (script = options.workerScript ?? WORKER_SCRIPT, { awaitReady = true } = {}) => {
    const healthPort = await freePort();
    const worker = launch(script, 'worker', { ...env, WORKER_HEALTH_PORT: String(healthPort) });
    workers.push(worker);
    if (awaitReady) await waitForReady(`http://127.0.0.1:${healthPort}/health/ready`, worker);
    return worker;
  };
  const stopAll = (children: ChildProcess[]) => Promise.all(children.map((child) => stopProcess(child))).then(() => undefined);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${baseUrl}/health/ready`, api);
    await Promise.all(Array.from({ length: options.workers }, () => startWorker()));
  } catch (error) {
    await stopAll([api, ...workers]);
    throw error;
  }
  return {
    baseUrl,
    env,
    api,
    workers,
    startWorker,
    stopWorkers: () => stopAll(workers.splice(0)),
    stop: () => stopAll([api, ...workers.splice(0)]),
  };
}
