// `npm run bench:takeover`: how long a group waits after `kill -9` of the worker applying it (issue
// 15 item 10). A stream of commands keeps one subscription's pump busy on the only worker; it is
// killed mid-pump, a new worker starts at once, and the time from the kill to the next command
// applied is the takeover. Runs BENCH_TAKEOVER_RUNS kills (each ~20-40 s at WORKER_LOCK_DURATION
// PT30S); progress lines first, then one JSON line.
import { randomBytes } from 'node:crypto';
import { HttpClient, signToken } from '../scripts/api-client';
import { startAppSet } from '../scripts/app-set';
import { findOrStartMongo, findOrStartRedis } from '../scripts/local-servers';

const RUNS = Number(process.env.BENCH_TAKEOVER_RUNS ?? 3);
const LOCK = process.env.WORKER_LOCK_DURATION ?? 'PT30S';
const SECRET = 'bench-secret-of-at-least-16-chars';
const say = (line: string) => console.log(`[bench:takeover] ${line}`);

async function main(): Promise<void> {
  const [mongo, redis] = await Promise.all([findOrStartMongo(), findOrStartRedis()]);
  const url = new URL(mongo.url);
  url.pathname = `/bench_takeover_${randomBytes(4).toString('hex')}`;
  const apps = await startAppSet({
    workers: 1,
    env: { ...process.env, NODE_ENV: 'production', LOG_FORMAT: 'json', LOG_LEVEL: 'warn', MONGO_URL: url.toString(), REDIS_URL: redis.url, AUTH_JWT_SECRET: SECRET, QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}`, WORKER_LOCK_DURATION: LOCK },
  });
  const takeovers: number[] = [];
  try {
    const anonymous = new HttpClient(apps.baseUrl);
    const operator = anonymous.as(await signToken(SECRET, { roles: ['operator'] }, '1h'));
    await operator.put('/v1/partners/contoso', { name: 'Contoso', type: 'direct-bill', country: 'NL', mpaSigned: true });
    const admin = anonymous.as(await signToken(SECRET, { partnerId: 'contoso', roles: ['global-admin'] }, '1h'));
    const customer = (await admin.post('/v1/customers', { name: 'Takeover BV', country: 'NL', segment: 'commercial' })).body.id;
    const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' };
    const order = await admin.finished((await admin.post(`/v1/customers/${customer}/orders`, { lines: [line], attestationAccepted: true })).body.commandId);
    const path = `/v1/customers/${customer}/subscriptions/${order.result.subscriptionIds[0]}`;
    for (let run = 1; run <= RUNS; run += 1) {
      // Enough commands that the pump is still applying them when its worker dies.
      const ids: string[] = [];
      for (let i = 0; i < 100; i += 1) ids.push((await admin.patch(path, { friendlyName: `run ${run} name ${i}` })).body.commandId);
      await admin.finished(ids[5], 60_000);
      const worker = apps.workers[apps.workers.length - 1];
      const killedAt = Date.now();
      worker.kill('SIGKILL');
      await new Promise((exited) => worker.once('exit', exited));
      // Each applied command moves the subscription's version on.
      const applied = async () => (await admin.get(path)).body.version as number;
      const before = await applied();
      await apps.startWorker();
      while ((await applied()) === before) await new Promise((done) => setTimeout(done, 100));
      takeovers.push((Date.now() - killedAt) / 1000);
      say(`run ${run}: next command applied ${takeovers[takeovers.length - 1].toFixed(1)} s after kill -9`);
      await admin.finished(ids[ids.length - 1], 600_000);
    }
  } finally {
    await apps.stop();
    await Promise.all([mongo.stop?.(), redis.stop?.()]);
  }
  console.log(JSON.stringify({ bench: 'takeover', workerLockDuration: LOCK, runs: takeovers.length, takeoverSeconds: takeovers.map((s) => Number(s.toFixed(1))), max: Math.max(...takeovers) }));
}

void main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
