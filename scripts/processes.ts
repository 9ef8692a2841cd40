// Child Node.js processes of the built apps, for the tests and the benchmarks: started with their
// recent output kept (shown when one fails to start), waited for until healthy, stopped politely.
import { ChildProcess, spawn } from 'node:child_process';

export type AppProcess = ChildProcess & { logTail: () => string };

/**
 * V8's flags for the API and worker processes (the Dockerfile sets the same in NODE_OPTIONS). Without
 * a bound V8 lets collectable garbage grow with the machine's memory (a 1,000,000-row batch took a
 * worker to 334 MB RSS); live data of either app stays far below it (docs/operations.md, "Memory").
 */
export const APP_NODE_FLAGS = ['--max-old-space-size=192'];

const launched = new Set<ChildProcess>();
// No app process outlives the process that started it.
process.once('exit', () => {
  for (const child of launched) child.kill('SIGKILL');
});

/** Runs `node <script>`; its output is printed, prefixed with `label`, when `echo` is set. */
export function launchNode(script: string, label: string, env: NodeJS.ProcessEnv, options: { echo?: boolean; ipc?: boolean } = {}): AppProcess {
  const child = spawn(process.execPath, [...APP_NODE_FLAGS, script], { env, stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])] }) as AppProcess;
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 50) tail.shift();
    if (options.echo) process.stderr.write(`[${label} ${child.pid}] ${chunk.toString()}`);
  };
  launched.add(child);
  child.once('exit', () => launched.delete(child));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.logTail = () => tail.join('');
  return child;
}

/** Waits until `url` answers 200; fails with the process's last output if it exits or takes too long. */
export async function waitForReady(url: string, child: AppProcess, limitMs = 90_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${url}: process exited with ${child.exitCode ?? child.signalCode}\n${child.logTail()}`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${url} not ready within ${limitMs} ms\n${child.logTail()}`);
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
