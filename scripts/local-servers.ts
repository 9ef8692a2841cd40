// Finds MongoDB and Redis for `npm start` and the tests, or starts local ones: MONGO_URL /
// REDIS_URL when set; else whatever answers on the default port; else a server started here
// (mongod if installed, else FerretDB behind our atomic-writes proxy, built with Go; redis-server).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..').replace(/[\\/]dist$/, '');
const dataDir = join(projectRoot, '.data');
const mongoCompatSource = join(projectRoot, 'tools', 'mongo-compat');

export interface LocalServer {
  url: string;
  /** Present when this process started the server; stops it. */
  stop?: () => Promise<void>;
  description: string;
}

export interface FindOptions {
  /** Port to start a server on when none answers; 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

export async function findOrStartMongo(options: FindOptions = {}): Promise<LocalServer> {
  const log = options.log ?? ((line) => console.log(line));
  if (process.env.MONGO_URL) return { url: process.env.MONGO_URL, description: 'MONGO_URL' };
  if (await portAnswers(27017)) {
    return { url: 'mongodb://127.0.0.1:27017/subscriptions', description: 'server on 127.0.0.1:27017' };
  }
  const port = options.port === 0 ? await freePort() : (options.port ?? 27017);
  const url = `mongodb://127.0.0.1:${port}/subscriptions`;
  if (onPath('mongod')) {
    const dbPath = join(dataDir, 'mongod');
    mkdirSync(dbPath, { recursive: true });
    const child = spawnServer('mongod', ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1']);
    await waitForPort(port, 30_000, child);
    log(`local MongoDB: started mongod on 127.0.0.1:${port} (data in .data/mongod)`);
    return { url, stop: () => stopChild(child), description: 'mongod' };
  }
  if (onPath('go') || existsSync(mongoCompatBinary())) {
    const started = await startMongoCompat(port, join(dataDir, 'ferretdb'), log);
    log(`local MongoDB: started FerretDB v1.24.2 with atomic writes on 127.0.0.1:${port} (data in .data/ferretdb)`);
    return { url, stop: started.stop, description: 'FerretDB (atomic)' };
  }
  throw new Error(
    'No MongoDB found: nothing answers on 127.0.0.1:27017, MONGO_URL is not set, and neither mongod nor Go is installed. ' +
      'Install MongoDB (mongod) or Go 1.25+ (to build the local FerretDB), set MONGO_URL, or run `docker compose up`.',
  );
}

export async function findOrStartRedis(options: FindOptions = {}): Promise<LocalServer> {
  const log = options.log ?? ((line) => console.log(line));
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, description: 'REDIS_URL' };
  if (await portAnswers(6379)) return { url: 'redis://127.0.0.1:6379', description: 'server on 127.0.0.1:6379' };
  if (!onPath('redis-server')) {
    throw new Error(
      'No Redis found: nothing answers on 127.0.0.1:6379, REDIS_URL is not set, and redis-server is not installed. ' +
        'Install Redis (e.g. `apt-get install redis-server`), set REDIS_URL, or run `docker compose up`.',
    );
  }
  const port = options.port === 0 ? await freePort() : (options.port ?? 6379);
  const child = spawnServer('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitForPort(port, 10_000, child);
  log(`local Redis: started redis-server on 127.0.0.1:${port}`);
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child), description: 'redis-server' };
}

export interface MongoCompatServer {
  port: number;
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts our FerretDB build (building it first if needed); tests use it to stop and restart a server. */
export async function startMongoCompat(
  port: number,
  dir: string,
  log: (line: string) => void = (line) => console.log(line),
): Promise<MongoCompatServer> {
  const binary = buildMongoCompat(log);
  mkdirSync(dir, { recursive: true });
  const child = spawnServer(binary, [
    `-listen-addr=127.0.0.1:${port}`,
    '-handler=sqlite',
    // WAL with synchronous=normal: durable across process crashes, no fsync on every commit.
    `-sqlite-url=file:${dir}/?_pragma=synchronous(normal)`,
  ]);
  await waitForPort(port, 30_000, child);
  return { port, child, stop: () => stopChild(child) };
}

export function mongoCompatBinary(): string {
  return join(dataDir, 'bin', 'mongo-compat');
}

/** Builds tools/mongo-compat with Go unless the binary for the current sources exists. */
export function buildMongoCompat(log: (line: string) => void = (line) => console.log(line)): string {
  const binary = mongoCompatBinary();
  const stamp = `${binary}.sha256`;
  const hash = sourceHash(mongoCompatSource);
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return binary;
  if (!onPath('go')) {
    if (existsSync(binary)) return binary;
    throw new Error('Go is needed to build the local FerretDB (tools/mongo-compat); install Go 1.25+ or set MONGO_URL.');
  }
  log('building the local FerretDB (tools/mongo-compat, first time only; a few minutes)...');
  const started = Date.now();
  mkdirSync(join(dataDir, 'bin'), { recursive: true });
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: mongoCompatSource,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
  });
  writeFileSync(stamp, hash);
  log(`built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

function sourceHash(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    if (/\.(go|mod|sum)$/.test(file)) hash.update(file).update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function spawnServer(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code && code !== 0) process.stderr.write(`${command} exited with ${code}: ${stderr}\n`);
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function portAnswers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

export async function waitForPort(port: number, limitMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server for port ${port} exited with ${child.exitCode}`);
    if (await portAnswers(port)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`nothing answered on port ${port} within ${limitMs} ms`);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
