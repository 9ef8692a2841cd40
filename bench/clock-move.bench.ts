// npm run bench:clock-move: where the time of one long sandbox clock move goes. SUBSCRIPTIONS
// (default 500) annual subscriptions bought in GROUPS (5) purchase groups a few days apart (so their
// term ends are spread), then one move of 13 months. The workers log each instant (read, set going,
// finished; LOG_LEVEL=debug of SandboxAdvancer); this prints a summary of those lines and one JSON line.
import mongoose from 'mongoose';
import { HttpClient, signToken } from '../scripts/api-client';
import { findOrStartMongo, findOrStartRedis, LocalServer } from '../scripts/local-servers';
import { BENCH_JWT_SECRET, startPhaseApps } from './support/apps';

const SUBSCRIPTIONS = Number(process.env.SUBSCRIPTIONS ?? 500);
const GROUPS = Number(process.env.GROUPS ?? 5);
const PER_ORDER = 100;
const DAY = 86_400_000;
const say = (line: string) => console.log(`[bench:clock-move] ${line}`);

interface Instant {
  due: number;
  readMs: number;
  setGoingMs: number;
  finishedMs: number;
}

async function main(): Promise<void> {
  const servers: LocalServer[] = [];
  const mongo = await findOrStartMongo({ port: 0, log: say });
  servers.push(mongo);
  const redis = await findOrStartRedis({ port: 0, log: say });
  servers.push(redis);
  const instants: Instant[] = [];
  const apps = await startPhaseApps('clockmove', {
    mongoServerUrl: mongo.url,
    redisUrl: redis.url,
    workers: 2,
    env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H', LOG_LEVEL: 'debug' },
  });
  for (const worker of apps.workers) {
    worker.stdout?.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/instant \S+: (\d+) due; read (\d+) ms, set going (\d+) ms, finished (\d+) ms/g)) {
        instants.push({ due: Number(m[1]), readMs: Number(m[2]), setGoingMs: Number(m[3]), finishedMs: Number(m[4]) });
      }
      for (const m of chunk.toString().matchAll(/instant \S+: read (\d+) ms; the clock steps on/g)) instants.push({ due: 0, readMs: Number(m[1]), setGoingMs: 0, finishedMs: 0 });
    });
  }
  const db = await mongoose.createConnection(apps.mongoUrl).asPromise();
  try {
    const operator = new HttpClient(apps.baseUrl, await signToken(BENCH_JWT_SECRET, { roles: ['operator'] }, '4h'));
    const agent = new HttpClient(apps.baseUrl, await signToken(BENCH_JWT_SECRET, { partnerId: 'bench', roles: ['admin-agent'] }, '4h'));
    await operator.put('/v1/partners/bench', { name: 'bench', type: 'direct-bill', country: 'NL', mpaSigned: true });
    const perGroup = Math.ceil(SUBSCRIPTIONS / GROUPS);
    for (let g = 0; g < GROUPS; g++) {
      if (g > 0) await moveBy(operator, 9 * DAY);
      const size = Math.min(perGroup, SUBSCRIPTIONS - g * perGroup);
      say(`group ${g}: buying ${size}`);
      for (let start = 0; start < size; start += PER_ORDER) {
        const customer = await agent.post('/v1/customers', { name: `c${g}-${start}`, country: 'NL', segment: 'commercial' });
        const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'annual' };
        const order = await agent.post(`/v1/customers/${customer.body.id}/orders`, { lines: Array(Math.min(PER_ORDER, size - start)).fill(line), attestationAccepted: true }, { prefer: 'wait=30' });
        const command = order.status === 200 ? order.body : await agent.finished(order.body.commandId, 600_000);
        if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
      }
    }
    instants.length = 0;
    say('moving the clock 13 months in one move');
    const started = Date.now();
    const progress = setInterval(() => {
      const recent = instants.slice(-20).map((i) => i.readMs).sort((a, b) => a - b);
      void operator.get('/v1/clock').then((clock) => say(`${((Date.now() - started) / 1000).toFixed(0)} s: clock ${clock.body.now}, ${instants.length} instants, recent read ms median ${recent[recent.length >> 1] ?? '-'}, last ${JSON.stringify(instants.at(-1) ?? null)}`));
    }, 20_000);
    await moveBy(operator, 395 * DAY);
    clearInterval(progress);
    const seconds = (Date.now() - started) / 1000;
    const withWork = instants.filter((i) => i.due > 0);
    const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
    const reads = instants.map((i) => i.readMs).sort((a, b) => a - b);
    const renewed = await db.collection('events').countDocuments({ type: 'subscription.renewed' });
    console.log(
      JSON.stringify({
        subscriptions: SUBSCRIPTIONS,
        seconds: Number(seconds.toFixed(1)),
        instants_logged: instants.length,
        read_ms_median: reads[Math.floor(reads.length / 2)] ?? null,
        read_ms_max: reads[reads.length - 1] ?? null,
        read_ms_total: sum(reads),
        set_going_ms_total: sum(withWork.map((i) => i.setGoingMs)),
        finished_ms_total: sum(withWork.map((i) => i.finishedMs)),
        renewed,
      }),
    );
  } finally {
    await db.close();
    await apps.stop();
    for (const server of servers.reverse()) await server.stop?.();
  }
}

async function moveBy(operator: HttpClient, ms: number): Promise<void> {
  const now = new Date((await operator.get('/v1/clock')).body.now).getTime();
  const moved = await operator.post('/v1/clock', { setTo: new Date(now + ms).toISOString() });
  if (moved.status !== 200 && moved.status !== 202) throw new Error(`clock: ${moved.status} ${moved.text}`);
  while ((await operator.get('/v1/clock')).body.status !== 'ready') await new Promise((done) => setTimeout(done, 500));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
