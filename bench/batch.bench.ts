// `npm run bench:batch`: a bulk license-adjustment batch through the real API and worker processes,
// with single quantity changes sent at a steady rate meanwhile (how long they take is the
// interactive latency). Last line: {"rows":…,"seconds":…,"rows_per_s":…,"api_peak_rss_mb":…,
// "worker_peak_rss_mb":…,"interactive_p99_ms":…,"lost":0,"duplicates":0}.
// Knobs: BENCH_BATCH_ROWS (100000), BENCH_BATCH_SUBSCRIPTIONS (10000), BENCH_WORKERS (2),
// BENCH_INTERACTIVE_PER_S (4), BENCH_BATCH_OFFER (microsoft-365-business-basic), BENCH_BATCH_PER_CUSTOMER
// (100), BENCH_BATCH_LANE_CONCURRENCY (the apps' default), BENCH_BATCH_DRY_RUN=1 (decide every row, apply none: shows memory
// with a file of any size, e.g. BENCH_BATCH_ROWS=1000000); BENCH_APP_NODE_OPTIONS: NODE_OPTIONS of the
// API and workers (e.g. --heapsnapshot-signal=SIGUSR2 to see where their memory goes).
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { HttpClient, signToken } from '../scripts/api-client';
import { findOrStartMongo, findOrStartRedis } from '../scripts/local-servers';
import { BENCH_JWT_SECRET, startPhaseApps } from './support/apps';
import { seed } from './support/seed';

const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 100_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_BATCH_SUBSCRIPTIONS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const INTERACTIVE_PER_S = Number(process.env.BENCH_INTERACTIVE_PER_S ?? 4);
const DRY_RUN = process.env.BENCH_BATCH_DRY_RUN === '1';
/** A counted offer (a base of an add-on) makes every row also reserve on its customer's counters. */
const OFFER = process.env.BENCH_BATCH_OFFER ?? 'microsoft-365-business-basic';
const PER_CUSTOMER = Number(process.env.BENCH_BATCH_PER_CUSTOMER ?? 100);
const LANE_CONCURRENCY = process.env.BENCH_BATCH_LANE_CONCURRENCY;
/** Subscriptions outside the batch that receive the interactive changes. */
const INTERACTIVE_SUBSCRIPTIONS = 20;

const say = (line: string) => process.stderr.write(`[bench:batch] ${line}\n`);

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * A change the API's 30 s wait did not see finish, followed every half second up to 2 minutes: a
 * client polling every 100 ms (HttpClient.finished) would, on a loaded machine with hundreds of
 * changes under way, send more requests than the batch itself and measure its own load.
 */
async function finishedSoon(agent: HttpClient, commandId: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; ; ) {
    const { body } = await agent.get(`/v1/commands/${commandId}`);
    if (body?.status === 'succeeded' || body?.status === 'failed') return;
    if (Date.now() > deadline) throw new Error(`command ${commandId} not finished`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
}

/** Row i changes subscription i mod N; each subscription's rows count up, so each is an increase. */
async function writeFile(path: string, subscriptions: string[], customerOf: Map<string, string>): Promise<void> {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('customerId,subscriptionId,quantity\r\n');
  for (let i = 0; i < ROWS; i++) {
    const id = subscriptions[i % subscriptions.length];
    await write(`${customerOf.get(id)},${id},${2 + Math.floor(i / subscriptions.length) % 290}\r\n`);
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const mongo = await findOrStartMongo({ port: 0, log: say });
  const redis = await findOrStartRedis({ port: 0, log: say });
  const apps = await startPhaseApps('batch', {
    mongoServerUrl: mongo.url,
    redisUrl: redis.url,
    workers: WORKERS,
    // A 1,000,000-row file is about 80 MB: above the default BATCH_MAX_BYTES.
    env: {
      RATE_LIMIT: '0',
      TIME_TICK_INTERVAL: 'PT1H',
      BATCH_MAX_BYTES: String(2 ** 30),
      NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS ?? '',
      ...(LANE_CONCURRENCY ? { BATCH_LANE_CONCURRENCY: LANE_CONCURRENCY } : {}),
    },
  });
  const peak = { api: 0, worker: 0 };
  const sampler = setInterval(() => {
    peak.api = Math.max(peak.api, rssMb(apps.api.pid));
    for (const worker of apps.workers) peak.worker = Math.max(peak.worker, rssMb(worker.pid));
  }, 250);
  try {
    say(`seeding ${SUBSCRIPTIONS} subscriptions of ${OFFER}, ${PER_CUSTOMER} per customer, and ${INTERACTIVE_SUBSCRIPTIONS} of customers of their own`);
    const seeded = await seed(apps.baseUrl, SUBSCRIPTIONS, PER_CUSTOMER, OFFER);
    // Interactive changes come from other customers: on the batch's customers (or on one customer) a
    // counted offer would serialise them with the batch's rows on the customer's counters.
    const others = await seed(apps.baseUrl, INTERACTIVE_SUBSCRIPTIONS, 1, OFFER);
    for (const [id, customerId] of others.customerOf) seeded.customerOf.set(id, customerId);
    const batchSubs = seeded.subscriptions;
    const interactiveSubs = others.subscriptions;
    const file = join(tmpdir(), `bench-batch-${process.pid}.csv`);
    await writeFile(file, batchSubs, seeded.customerOf);
    say(`file: ${ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB${DRY_RUN ? ' (dry run)' : ''}`);
    peak.api = 0;
    peak.worker = 0;

    const token = await signToken(BENCH_JWT_SECRET, { partnerId: seeded.partnerId, roles: ['admin-agent'] }, '4h');
    const agent = new HttpClient(apps.baseUrl, token);
    const started = Date.now();
    const upload = await fetch(`${apps.baseUrl}/v1/batches${DRY_RUN ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(statSync(file).size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const accepted = (await upload.json()) as { id: string; total: number };
    if (upload.status !== 202) throw new Error(`upload: ${upload.status} ${JSON.stringify(accepted)}`);
    const uploadSeconds = (Date.now() - started) / 1000;
    say(`accepted ${accepted.total} rows in ${uploadSeconds.toFixed(1)} s (api peak RSS ${peak.api.toFixed(0)} MB)`);

    // Interactive work meanwhile: one quantity change at a time per subscription, at a steady rate.
    const latencies: number[] = [];
    const quantities = new Map(interactiveSubs.map((id) => [id, 1]));
    let stop = false;
    const interactive = (async () => {
      let n = 0;
      const inFlight = new Set<Promise<void>>();
      while (!stop) {
        const id = interactiveSubs[n++ % interactiveSubs.length];
        const next = (quantities.get(id) ?? 1) + 1;
        quantities.set(id, next > 250 ? 1 : next);
        const sent = Date.now();
        const p = agent
          .patch(`/v1/customers/${seeded.customerOf.get(id)}/subscriptions/${id}`, { quantity: quantities.get(id) }, { prefer: 'wait=30' })
          .then(async (response) => {
            if (response.status === 202) await finishedSoon(agent, response.body.commandId);
            latencies.push(Date.now() - sent);
          })
          .catch(() => {
            latencies.push(120_000);
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        await new Promise((resolve) => setTimeout(resolve, 1000 / INTERACTIVE_PER_S));
      }
      await Promise.all(inFlight);
    })();

    let batch: any;
    for (let last = 0; ; ) {
      batch = (await agent.get(`/v1/batches/${accepted.id}`)).body;
      const done = batch.succeeded + batch.failed + batch.cancelled;
      if (Date.now() - last > 10_000) {
        last = Date.now();
        const seconds = (Date.now() - started) / 1000;
        say(`${seconds.toFixed(0)} s: ${done}/${batch.total} (${(done / seconds).toFixed(0)} rows/s) deferred ${batch.deferred}; rss api ${peak.api.toFixed(0)} worker ${peak.worker.toFixed(0)} MB; interactive ${latencies.length} done, p99 so far ${percentile(latencies, 0.99)} ms`);
      }
      if (batch.status === 'completed' || batch.status === 'cancelled') break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const seconds = (new Date(batch.finishedAt).getTime() - new Date(batch.createdAt).getTime()) / 1000 + uploadSeconds;
    stop = true;
    await interactive;

    const db = await mongoose.createConnection(apps.mongoUrl).asPromise();
    const open = await db.collection('commands').countDocuments({ batchId: accepted.id, status: { $nin: ['succeeded', 'failed'] } });
    let duplicates = 0;
    if (!DRY_RUN) {
      // Each batch subscription's updateCount is its rows, once each; its quantity is its last row's.
      const rowsEach = (i: number) => Math.floor(ROWS / SUBSCRIPTIONS) + (i < ROWS % SUBSCRIPTIONS ? 1 : 0);
      const docs = await db.collection('subscriptions').find({ _id: { $in: batchSubs } as never }, { projection: { 'state.updateCount': 1, 'state.quantity': 1 } }).toArray();
      const byId = new Map(docs.map((doc) => [String(doc._id), doc.state as { updateCount: number; quantity: number }]));
      batchSubs.forEach((id, i) => {
        const state = byId.get(id);
        const expected = 2 + ((rowsEach(i) - 1) % 290);
        if (!state || state.updateCount !== rowsEach(i) || state.quantity !== expected) duplicates++;
      });
    }
    await db.close();
    const p99 = percentile(latencies, 0.99);
    say(`counts ${JSON.stringify({ succeeded: batch.succeeded, failed: batch.failed, cancelled: batch.cancelled })}; interactive p50 ${percentile(latencies, 0.5)} ms of ${latencies.length}`);
    console.log(
      JSON.stringify({
        rows: ROWS,
        seconds: Number(seconds.toFixed(1)),
        rows_per_s: Number((ROWS / seconds).toFixed(1)),
        api_peak_rss_mb: Math.round(peak.api),
        worker_peak_rss_mb: Math.round(peak.worker),
        interactive_p99_ms: p99,
        lost: ROWS - (batch.succeeded + batch.failed + batch.cancelled) + open,
        duplicates,
        ...(DRY_RUN ? { dry_run: true } : {}),
      }),
    );
  } finally {
    clearInterval(sampler);
    await apps.stop();
    await mongo.stop?.();
    await redis.stop?.();
  }
}

// Stopped from outside: exiting kills the app processes (scripts/processes.ts).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
