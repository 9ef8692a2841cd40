// npm run bench:renewals: N subscriptions (RENEWALS, default 20,000) whose terms end on one day;
// the sandbox clock is moved over their renewal in one move (start on the day after the term end,
// completion RENEWAL_PROCESSING_DURATION later), and the renewals are counted from the event feed.
// Prints progress lines, then one JSON line.
import mongoose from 'mongoose';
import { HttpClient, signToken } from '../scripts/api-client';
import { findOrStartMongo, findOrStartRedis, LocalServer } from '../scripts/local-servers';
import { BENCH_JWT_SECRET, startPhaseApps } from './support/apps';
import { opsBetween, roundTripsBetween } from './support/round-trips';

const RENEWALS = Number(process.env.RENEWALS ?? 20_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const PER_ORDER = 100;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const say = (line: string) => console.log(`[bench:renewals] ${line}`);

async function main(): Promise<void> {
  const servers: LocalServer[] = [];
  const mongo = await findOrStartMongo({ port: 0, log: say });
  servers.push(mongo);
  const redis = await findOrStartRedis({ port: 0, log: say });
  servers.push(redis);
  const apps = await startPhaseApps('renewals', {
    mongoServerUrl: mongo.url,
    redisUrl: redis.url,
    workers: WORKERS,
    env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H', WORKER_CONCURRENCY: '32' },
  });
  const db = await mongoose.createConnection(apps.mongoUrl).asPromise();
  try {
    const operator = new HttpClient(apps.baseUrl, await signToken(BENCH_JWT_SECRET, { roles: ['operator'] }, '4h'));
    const agent = new HttpClient(apps.baseUrl, await signToken(BENCH_JWT_SECRET, { partnerId: 'bench', roles: ['admin-agent'] }, '4h'));
    await operator.put('/v1/partners/bench', { name: 'bench', type: 'direct-bill', country: 'NL', mpaSigned: true });
    say(`buying ${RENEWALS} subscriptions (annual term billed annually), all at one sandbox instant`);
    const orders = Math.ceil(RENEWALS / PER_ORDER);
    for (let start = 0; start < orders; start += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, orders - start) }, async (_, i) => {
          const size = Math.min(PER_ORDER, RENEWALS - (start + i) * PER_ORDER);
          const customer = await agent.post('/v1/customers', { name: `c${start + i}`, country: 'NL', segment: 'commercial' });
          const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'annual' };
          const order = await agent.post(`/v1/customers/${customer.body.id}/orders`, { lines: Array(size).fill(line), attestationAccepted: true }, { prefer: 'wait=30' });
          const command = order.status === 200 ? order.body : await agent.finished(order.body.commandId, 600_000);
          if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
        }),
      );
    }
    const subs = db.collection('subscriptions');
    const one = await subs.findOne({});
    const renewalDay = new Date((one!.state as { termEndDate: Date }).termEndDate).getTime() + DAY;
    say(`moving the clock to an hour before the renewal day (reminders on the way)`);
    await moveTo(operator, renewalDay - HOUR);
    const eventsBefore = await db.collection('events').countDocuments({});

    say(`moving the clock over the renewals and their completion`);
    const statsBefore = [...(await apps.workerStats()), await apps.apiStats()];
    const started = Date.now();
    await moveTo(operator, renewalDay + 2 * HOUR);
    const seconds = (Date.now() - started) / 1000;
    const statsAfter = [...(await apps.workerStats()), await apps.apiStats()];
    const trips = roundTripsBetween(statsBefore, statsAfter);
    const perRenewal = (n: number) => Number((n / RENEWALS).toFixed(2));
    say(`MongoDB per renewal (workers and API): ${opsBetween(statsBefore, statsAfter).slice(0, 12).map((op) => `${op.key} ${perRenewal(op.n)} (${(op.ms / op.n).toFixed(1)} ms)`).join(', ')}`);

    const events = (await db.collection('events').countDocuments({})) - eventsBefore;
    const renewed = await db
      .collection('events')
      .aggregate<{ _id: string; n: number }>([{ $match: { type: 'subscription.renewed' } }, { $group: { _id: '$subscriptionId', n: { $sum: 1 } } }])
      .toArray();
    const duplicates = renewed.reduce((n, r) => n + r.n - 1, 0);
    const missed = RENEWALS - renewed.length;
    console.log(JSON.stringify({ subscriptions: RENEWALS, seconds: Number(seconds.toFixed(1)), renewals_per_s: Number((renewed.length / seconds).toFixed(1)), events, duplicates, missed, writes_per_renewal: perRenewal(trips.writes), reads_per_renewal: perRenewal(trips.reads) }));
  } finally {
    await db.close();
    await apps.stop();
    for (const server of servers.reverse()) await server.stop?.();
  }
}

async function moveTo(operator: HttpClient, to: number): Promise<void> {
  const moved = await operator.post('/v1/clock', { setTo: new Date(to).toISOString() });
  if (moved.status !== 200 && moved.status !== 202) throw new Error(`clock: ${moved.status} ${moved.text}`);
  while ((await operator.get('/v1/clock')).body.status !== 'ready') await new Promise((done) => setTimeout(done, 500));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
