// `npm run bench:intake` (bench/README.md): HTTP command intake through the real built API, with a
// worker draining the queue: `PATCH /v1/customers/{c}/subscriptions/{s}` by autocannon as fast as
// it answers, then at a fixed rate, against a plain driver + BullMQ script doing the same record
// insert and queue wake-up. Progress lines first, then one JSON line.
import './support/op-counter';
import { randomBytes } from 'node:crypto';
import { BATCH_QUEUE, COMMAND_QUEUE, MAINTENANCE_QUEUE, pumpJobOptions } from '@app/command-engine';
import { groupKey } from '@app/persistence';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Db, Document, MongoClient } from 'mongodb';
import { signToken } from '../scripts/api-client';
import { findOrStartMongo, findOrStartRedis, LocalServer } from '../scripts/local-servers';
import { BENCH_JWT_SECRET, PhaseApps, startPhaseApps } from './support/apps';
import { cpuMsOf } from './support/cpu';
import { OpStats } from './support/op-counter';
import { roundTripsBetween } from './support/round-trips';
import { seed, Seeded } from './support/seed';
import { intEnv, round, runBench, sleep } from './support/bench-kit';

const SUBSCRIPTIONS = intEnv('BENCH_INTAKE_SUBSCRIPTIONS', 200);
const REQUESTS = intEnv('BENCH_INTAKE_REQUESTS', 3_000);
const CONNECTIONS = intEnv('BENCH_INTAKE_CONNECTIONS', 16);
const RATE = intEnv('BENCH_INTAKE_RATE', 200);
const RATE_SECONDS = intEnv('BENCH_INTAKE_RATE_SECONDS', 15);
/** Enough connections that a fixed rate is not held back by one slow answer per connection. */
const RATE_CONNECTIONS = intEnv('BENCH_INTAKE_RATE_CONNECTIONS', 64);
const WARMUP = intEnv('BENCH_INTAKE_WARMUP', 300);
const WORKERS = intEnv('BENCH_WORKERS', 1);
const DRAIN_LIMIT_MS = intEnv('BENCH_PHASE_LIMIT_MS', 600_000);
const FINAL = ['succeeded', 'failed'];

const say = (line: string) => console.log(`[bench:intake] ${line}`);
const runStarted = Date.now();
const elapsed = () => `${((Date.now() - runStarted) / 1000).toFixed(1)} s`;

interface Target {
  path: string;
  groupKey: string;
}

interface Run {
  label: string;
  accepted: number;
  refused: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  apiCpuMs?: number;
  writes: number;
  reads: number;
}

async function main(): Promise<void> {
  const started: LocalServer[] = [];
  let apps: PhaseApps | undefined;
  let db: Db | undefined;
  let closeDriver = async () => undefined as unknown;
  try {
    const mongo = await findOrStartMongo({ port: 0, log: say });
    started.push(mongo);
    const redis = await findOrStartRedis({ port: 0, log: say });
    started.push(redis);
    say(`MongoDB: ${mongo.description} (${mongo.url}); Redis: ${redis.description} (${redis.url})`);
    say(`workload: ${SUBSCRIPTIONS} subscriptions; ${REQUESTS} PATCH requests, ${CONNECTIONS} in flight; then ${RATE}/s for ${RATE_SECONDS} s over ${RATE_CONNECTIONS} connections; ${WORKERS} worker process(es)`);

    apps = await startPhaseApps('intake', {
      mongoServerUrl: mongo.url,
      redisUrl: redis.url,
      workers: WORKERS,
      env: { TIME_TICK_INTERVAL: process.env.BENCH_TIME_TICK_INTERVAL ?? 'PT5S', RATE_LIMIT: '0' },
    });
    const driver = await new MongoClient(apps.mongoUrl).connect();
    closeDriver = () => driver.close();
    db = driver.db();
    const phaseDb = db;
    const seeding = Date.now();
    const seeded = await seed(apps.baseUrl, SUBSCRIPTIONS);
    say(`seeded ${seeded.subscriptions.length} subscriptions through orders in ${Date.now() - seeding} ms (${elapsed()})`);
    const token = await signToken(BENCH_JWT_SECRET, { partnerId: seeded.partnerId, roles: ['admin-agent'], sub: 'bench-user' }, '2h');
    const targets = targetsOf(seeded);

    let sent = 0;
    const drained = async (label: string) => waitDrained(label, phaseDb, sent);
    const warmup = await cannon(apps, 'warm-up', token, targets, { amount: WARMUP, connections: CONNECTIONS });
    sent += warmup.accepted;
    await drained('warm-up');

    const fastest = await cannon(apps, 'as fast as answered', token, targets, { amount: REQUESTS, connections: CONNECTIONS });
    sent += fastest.accepted;
    await drained('as fast as answered');

    const paced = await cannon(apps, `${RATE}/s`, token, targets, { amount: RATE * RATE_SECONDS, connections: RATE_CONNECTIONS, overallRate: RATE });
    sent += paced.accepted;
    const lost = await drained(`${RATE}/s`);

    const raw = await rawIntake(phaseDb, redis.url, targets, REQUESTS, CONNECTIONS);
    const ratio = fastest.rps / raw.rps;
    say(`run took ${elapsed()}`);
    console.log(
      JSON.stringify({
        rps: round(fastest.rps, 1),
        p50_ms: round(fastest.p50, 1),
        p99_ms: round(fastest.p99, 1),
        raw_rps: round(raw.rps, 1),
        ratio: round(ratio, 3),
        [`p99_ms_at_${RATE}`]: round(paced.p99, 1),
        rate_achieved_rps: round(paced.rps, 1),
        connections: CONNECTIONS,
        requests: fastest.accepted,
        api_cpu_ms_per_request: fastest.apiCpuMs === undefined ? null : round(fastest.apiCpuMs, 2),
        writes_per_request: round(fastest.writes, 2),
        reads_per_request: round(fastest.reads, 2),
        raw_p99_ms: round(raw.p99, 1),
        non_2xx: warmup.refused + fastest.refused + paced.refused,
        errors: warmup.errors + fastest.errors + paced.errors,
        lost,
      }),
    );
  } finally {
    await apps?.stop();
    if (apps) await obliterateQueues(apps);
    await db?.dropDatabase().catch(() => undefined);
    await closeDriver();
    await Promise.all(started.map((server) => server.stop?.()));
  }
}

function targetsOf(seeded: Seeded): Target[] {
  return seeded.subscriptions.map((id) => ({
    path: `/v1/customers/${seeded.customerOf.get(id)}/subscriptions/${id}`,
    groupKey: groupKey({ kind: 'subscription', id }),
  }));
}

/** One autocannon run, requests spread round-robin over the subscriptions; the API's CPU and MongoDB round trips per accepted request. */
async function cannon(apps: PhaseApps, label: string, token: string, targets: Target[], options: { amount: number; connections: number; overallRate?: number }): Promise<Run> {
  let next = 0;
  const cpuBefore = cpuMsOf(apps.api.pid);
  const opsBefore: OpStats = await apps.apiStats();
  const result = await autocannon({
    url: apps.baseUrl,
    amount: options.amount,
    connections: options.connections,
    overallRate: options.overallRate,
    timeout: 30,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: 'PATCH',
        setupRequest: (request) => {
          const n = next++;
          return { ...request, path: targets[n % targets.length].path, body: JSON.stringify({ friendlyName: `intake ${n}` }) };
        },
      },
    ],
  });
  const cpuAfter = cpuMsOf(apps.api.pid);
  const opsAfter: OpStats = await apps.apiStats();
  const accepted = result['2xx'];
  const trips = roundTripsBetween([opsBefore], [opsAfter]);
  const run: Run = {
    label,
    accepted,
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    rps: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    apiCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / Math.max(1, accepted),
    writes: trips.writes / Math.max(1, accepted),
    reads: trips.reads / Math.max(1, accepted),
  };
  const codes = Object.entries(result.statusCodeStats ?? {})
    .map(([code, stats]) => `${code}: ${(stats as { count: number }).count}`)
    .join(', ');
  say(
    `${label}: ${accepted} accepted in ${run.seconds.toFixed(1)} s = ${run.rps.toFixed(1)}/s; latency p50 ${run.p50} ms, p99 ${run.p99} ms, max ${result.latency.max} ms; status ${codes || 'none'}; ${run.errors} errors; API ${run.apiCpuMs?.toFixed(2) ?? '?'} ms CPU, ${run.writes.toFixed(2)} MongoDB writes and ${run.reads.toFixed(2)} reads per request (${elapsed()})`,
  );
  return run;
}

/** Waits until every accepted command is finished by the worker; answers how many were not (lost). */
async function waitDrained(label: string, db: Db, accepted: number): Promise<number> {
  const started = Date.now();
  let lastSaid = started;
  for (;;) {
    const finished = await db.collection('commands').countDocuments({ type: 'update-subscription', status: { $in: FINAL } });
    if (finished >= accepted) {
      say(`${label}: all ${accepted} accepted commands so far finished (drained in ${Date.now() - started} ms)`);
      return 0;
    }
    if (Date.now() - started > DRAIN_LIMIT_MS) {
      say(`${label}: ${finished} of ${accepted} commands finished after ${DRAIN_LIMIT_MS} ms; the rest count as lost`);
      return accepted - finished;
    }
    if (Date.now() - lastSaid >= 5_000) {
      say(`${label}: ${finished} of ${accepted} commands finished, draining (${elapsed()})`);
      lastSaid = Date.now();
    }
    await sleep(500);
  }
}

/**
 * The reference: what intake cannot go below on this server. The same record (a copy of one the API
 * wrote, into a collection with the same indexes) inserted with the plain driver, then the group
 * woken with BullMQ as the API does (a deduplicated job per group), `inFlight` at a time. Its queue
 * has no worker, so a wake-up finds the group's job waiting (the cheap case): raw_rps is an upper bound.
 */
async function rawIntake(db: Db, redisUrl: string, targets: Target[], requests: number, inFlight: number): Promise<{ rps: number; p99: number }> {
  const template = await db.collection('commands').findOne({ type: 'update-subscription' });
  if (!template) throw new Error('no command record to copy for the raw intake');
  const raw = db.collection<Document>(`raw_commands_${randomBytes(3).toString('hex')}`);
  for (const index of await db.collection('commands').indexes()) {
    if (index.name === '_id_') continue;
    const { key, name, v: _v, ns: _ns, ...options } = index as Document;
    await raw.createIndex(key, { ...options, name });
  }
  const queue = new Queue(COMMAND_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: `braw${randomBytes(4).toString('hex')}` });
  const jobOptions = pumpJobOptions(1_000);
  try {
    await queue.waitUntilReady();
    const latencies: number[] = [];
    let next = 0;
    const one = async () => {
      const n = next++;
      const target = targets[n % targets.length];
      const id = `raw-${randomBytes(8).toString('hex')}`;
      const began = performance.now();
      await raw.insertOne({ ...template, _id: id as never, idempotencyKey: id, acceptedAt: new Date(), payload: { ...template.payload, friendlyName: `raw ${n}` } });
      await queue.add(`update-subscription ${target.groupKey}`, { group: target.groupKey }, { ...jobOptions, deduplication: { id: target.groupKey, keepLastIfActive: true } });
      latencies.push(performance.now() - began);
    };
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < requests) await one();
      }),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    latencies.sort((a, b) => a - b);
    const rps = latencies.length / seconds;
    const p99 = latencies[Math.min(latencies.length - 1, Math.ceil(0.99 * latencies.length) - 1)];
    say(`raw (driver insertOne + BullMQ add, ${inFlight} in flight): ${latencies.length} in ${seconds.toFixed(1)} s = ${rps.toFixed(1)}/s; p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    return { rps, p99 };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await raw.drop().catch(() => undefined);
  }
}

async function obliterateQueues(apps: PhaseApps): Promise<void> {
  for (const name of [COMMAND_QUEUE, MAINTENANCE_QUEUE, BATCH_QUEUE]) {
    const queue = new Queue(name, { connection: { url: apps.env.REDIS_URL as string, maxRetriesPerRequest: null }, prefix: apps.queuePrefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

runBench('bench:intake', main);
