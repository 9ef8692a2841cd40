// `npm start`: finds or starts MongoDB and Redis, then runs the API and the worker until Ctrl-C.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_JWT_SECRET } from './dev-defaults';
import { findOrStartMongo, findOrStartRedis, LocalServer, projectRoot } from './local-servers';
import { APP_NODE_FLAGS, stopProcess } from './processes';

const say = (line: string) => console.log(`[start] ${line}`);

async function main(): Promise<void> {
  const servers: LocalServer[] = [];
  let mongo: LocalServer;
  let redis: LocalServer;
  try {
    mongo = await findOrStartMongo({ log: say });
    servers.push(mongo);
    redis = await findOrStartRedis({ log: say });
    servers.push(redis);
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await Promise.all(servers.map((server) => server.stop?.()));
    process.exit(1);
  }
  if (!process.env.AUTH_JWT_SECRET) say('AUTH_JWT_SECRET is not set: using the local development secret (`npm run token` signs with it)');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGO_URL: mongo.url,
    REDIS_URL: redis.url,
    AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? LOCAL_JWT_SECRET,
  };
  const apps: ChildProcess[] = [
    spawn(process.execPath, [...APP_NODE_FLAGS, join(projectRoot, 'dist/apps/api/src/main.js')], { env, stdio: 'inherit' }),
    spawn(process.execPath, [...APP_NODE_FLAGS, join(projectRoot, 'dist/apps/worker/src/main.js')], { env, stdio: 'inherit' }),
  ];
  say(`API on http://127.0.0.1:${env.PORT ?? 3000} (docs at /docs), worker health on port ${env.WORKER_HEALTH_PORT ?? 3001}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(apps.map((app) => stopProcess(app)));
    await Promise.all(servers.map((server) => server.stop?.()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  for (const app of apps) app.on('exit', (code) => void stop(code ?? 1));
}

void main();
