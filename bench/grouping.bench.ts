// `npm run bench:grouping` (bench/README.md): the grouping layer's throughput against plain
// ungrouped BullMQ on the same work in the same run, its latency, a check of G1/G4/G5 on what it
// did, and how much a 10% share of deferred groups slows the others (G2/G3). Progress lines first,
// then one JSON line.
import './support/op-counter';
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BATCH_PUMP_QUEUE, CommandDispatcher, CommandQueue, CommandSubmitter, COMMAND_QUEUE, MAINTENANCE_QUEUE, pumpJobOptions, Submission } from '@app/command-engine';
import { COMMAND_MODEL, CommandRepository, CUSTOMER_MODEL, GroupQueueRepository, MODELS, SUBSCRIPTION_MODEL } from '@app/persistence';
import { newId } from '@app/platform';
import { Queue } from 'bullmq';
import { MongoClient } from 'mongodb';
import mongoose, { Connection, Model } from 'mongoose';
import { findOrStartMongo, findOrStartRedis, LocalServer } from '../scripts/local-servers';
import { PhaseApps, startPhaseApps, UNGROUPED_WORKER_SCRIPT } from './support/apps';
import { cpuMsOf, listenerPid } from './support/cpu';
import { OpStats, opStats } from './support/op-counter';
import { kindOf } from './support/round-trips';
import { seed, Seeded } from './support/seed';
import { UNGROUPED_QUEUE, UngroupedJob } from './support/ungrouped-queue';
import { intEnv, round, runBench, sleep } from './support/bench-kit';

const SUBSCRIPTIONS = intEnv('BENCH_SUBSCRIPTIONS', 100);
const COMMANDS_EACH = intEnv('BENCH_COMMANDS_EACH', 10);
const WORKERS = intEnv('BENCH_WORKERS', 2);
/** Submissions in flight from this process (the intake's callers). */
const SUBMIT_CONCURRENCY = intEnv('BENCH_SUBMIT_CONCURRENCY', 16);
/** Every tenth subscription (index % 10 === 0) is deferred in the deferred phase. */
const DEFERRED_EVERY = 10;
const PHASE_LIMIT_MS = intEnv('BENCH_PHASE_LIMIT_MS', 600_000);
/** The raw reference: conditional updates by _id, each in flight on a document of its own. */
const RAW_UPDATES = intEnv('BENCH_RAW_UPDATES', 2_000);
const RAW_IN_FLIGHT = intEnv('BENCH_RAW_IN_FLIGHT', 16);
const POLL_MS = 1_000;
/** RETRY_BASE_DELAY's default, for the jobs this process adds. */
const RETRY_BASE_DELAY_MS = 1_000;
const FINAL = ['succeeded', 'failed'];
/** Blocking Redis calls of idle BullMQ workers, left out of "Redis commands per command". */
const BLOCKING_REDIS = new Set(['bzpopmin', 'bzpopmax', 'brpoplpush', 'blmove', 'bclient']);

/**
 * The same settings in every phase: renewals (deferred phase only) last the whole phase and their
 * deferred commands are not retried before it ends; the time keeper ticks often enough to start them.
 */
const RENEWAL_PROCESSING_MS = 3_600_000;
const APP_ENV = {
  // Each tick of each worker reads the subscriptions twice (a scan on FerretDB); the ungrouped
  // workers do not tick, so ticks stay rare enough not to weigh on the comparison.
  TIME_TICK_INTERVAL: process.env.BENCH_TIME_TICK_INTERVAL ?? 'PT5S',
  CONFLICT_RETRY_DELAY: 'PT10M',
  RENEWAL_PROCESSING_DURATION: 'PT1H',
  // The benchmark measures the pipeline, not the per-partner rate limit.
  RATE_LIMIT: '0',
};

const say = (line: string) => console.log(`[bench:grouping] ${line}`);
const runStarted = Date.now();
const elapsed = () => `${((Date.now() - runStarted) / 1000).toFixed(1)} s`;

/** Round r submits the r-th command of every subscription, in an order of its own (the same in every phase). */
const ROUNDS: number[][] = Array.from({ length: COMMANDS_EACH }, () => shuffled(Array.from({ length: SUBSCRIPTIONS }, (_, i) => i)));
/** The bursty phase's order of subscriptions: each receives its commands one right after the other. */
const BURSTS: number[] = shuffled(Array.from({ length: SUBSCRIPTIONS }, (_, i) => i));
const isDeferredIndex = (index: number) => index % DEFERRED_EVERY === 0;

/** grouped: interleaved arrivals; bursty: each subscription's commands in quick succession; deferred: interleaved with 10% of the groups deferred. */
type Mode = 'grouped' | 'bursty' | 'deferred';

interface CommandRow {
  _id: string;
  status: string;
  seq: number | null;
  subscriptionId: string;
  result?: { subscriptionVersion?: number } | null;
  error?: { code: string } | null;
  acceptedAt: Date;
  finishedAt: Date | null;
}

interface SubscriptionRow {
  _id: string;
  version: number;
  lastAppliedSeq: number;
  queue: { lastSeq: number; pending: string[]; deferredUntil?: Date | null };
  nextDueType?: string | null;
  state: { renewalInProgress?: boolean };
}

interface Verification {
  orderViolations: number;
  /** Unordered phase only: commands not applied in the order they were accepted (expected there). */
  outOfOrder: number;
  duplicates: number;
  lost: number;
  failed: number;
  examples: string[];
}

interface Measured {
  commands: number;
  perS: number;
  /** Throughput of the commands of the non-deferred subscriptions (index % 10 !== 0), per command. */
  othersPerS: number;
  othersCommands: number;
  p50: number;
  p99: number;
}

interface Phase {
  apps: PhaseApps;
  db: Connection;
  seeded: Seeded;
  submitter: CommandSubmitter;
  queues: Queue[];
}

/** The servers' processes, for their CPU time (undefined when not found). */
const servers: { mongoPid?: number; redisPid?: number } = {};

async function main(): Promise<void> {
  const started: LocalServer[] = [];
  try {
    const mongo = await findOrStartMongo({ port: 0, log: say });
    started.push(mongo);
    const redis = await findOrStartRedis({ port: 0, log: say });
    started.push(redis);
    servers.mongoPid = listenerPid(Number(new URL(mongo.url).port || 27017));
    servers.redisPid = listenerPid(Number(new URL(redis.url).port || 6379));
    say(`MongoDB: ${mongo.description} (${mongo.url}, pid ${servers.mongoPid ?? '?'}); Redis: ${redis.description} (${redis.url}, pid ${servers.redisPid ?? '?'})`);
    say(`workload: ${SUBSCRIPTIONS} subscriptions x ${COMMANDS_EACH} friendly-name changes = ${SUBSCRIPTIONS * COMMANDS_EACH} commands per phase, ${WORKERS} worker processes, ${SUBMIT_CONCURRENCY} submissions in flight`);
    const cost = await calibrate(mongo.url);
    say(`MongoDB server cost, one client, idle: ${cost.readMs.toFixed(2)} ms per read by _id, ${cost.writeMs.toFixed(2)} ms per conditional update by _id`);

    const rawBefore = await rawUpdates(mongo.url);
    const grouped = await groupedPhase(mongo.url, redis.url, 'grouped');
    const bursty = await groupedPhase(mongo.url, redis.url, 'bursty');
    const ungrouped = await ungroupedPhase(mongo.url, redis.url);
    const deferred = await groupedPhase(mongo.url, redis.url, 'deferred');
    const rawAfter = await rawUpdates(mongo.url);
    // Before and after the phases, so that both see the machine as the phases did on average.
    const rawPerS = (rawBefore + rawAfter) / 2;
    say(`raw conditional updates: ${rawBefore.toFixed(1)}/s before the phases, ${rawAfter.toFixed(1)}/s after; ${rawPerS.toFixed(1)}/s is the reference`);

    const ratio = grouped.measured.perS / ungrouped.measured.perS;
    if (grouped.costs.cpuMs && ungrouped.costs.cpuMs) {
      say(
        `CPU per command (all the bench's processes and the servers): grouped ${grouped.costs.cpuMs.toFixed(1)} ms, ungrouped ${ungrouped.costs.cpuMs.toFixed(1)} ms; ratio of commands per CPU-second ${(ungrouped.costs.cpuMs / grouped.costs.cpuMs).toFixed(3)} (throughput ratio ${ratio.toFixed(3)})`,
      );
    }
    const othersSlowdown = 1 - deferred.measured.othersPerS / grouped.measured.othersPerS;
    say(
      `others' throughput: ${grouped.measured.othersPerS.toFixed(1)}/s in the grouped phase, ${deferred.measured.othersPerS.toFixed(1)}/s with ${deferred.deferredGroups} groups deferred (${grouped.measured.othersCommands} commands each)` +
        (grouped.costs.cpuMs && deferred.costs.cpuMs
          ? `; CPU per command of the others: ${grouped.costs.cpuMs.toFixed(1)} ms grouped, ${deferred.costs.cpuMs.toFixed(1)} ms with the deferral (all CPU of the phase over the others' commands)`
          : ''),
    );
    say(`run took ${elapsed()}`);
    console.log(
      JSON.stringify({
        commands: grouped.measured.commands,
        subscriptions: SUBSCRIPTIONS,
        workers: WORKERS,
        grouped_per_s: round(grouped.measured.perS, 1),
        ungrouped_per_s: round(ungrouped.measured.perS, 1),
        ratio: round(ratio, 3),
        p50_ms: Math.round(grouped.measured.p50),
        p99_ms: Math.round(grouped.measured.p99),
        order_violations: grouped.verification.orderViolations + bursty.verification.orderViolations + deferred.verification.orderViolations,
        duplicates: grouped.verification.duplicates + bursty.verification.duplicates + ungrouped.verification.duplicates + deferred.verification.duplicates,
        lost: grouped.verification.lost + bursty.verification.lost + ungrouped.verification.lost + deferred.verification.lost,
        deferred_groups: deferred.deferredGroups,
        others_slowdown: round(othersSlowdown, 3),
        raw_updates_per_s: round(rawPerS, 1),
        efficiency: round(grouped.measured.perS / rawPerS, 3),
        writes_per_command: figure(grouped.costs.writes, 2),
        reads_per_command: figure(grouped.costs.reads, 2),
        worker_cpu_ms_per_command: figure(grouped.costs.workerCpuMs, 2),
        intake_cpu_ms_per_command: figure(grouped.costs.intakeCpuMs, 2),
        bursty_per_s: round(bursty.measured.perS, 1),
        bursty_efficiency: round(bursty.measured.perS / rawPerS, 3),
        bursty_writes_per_command: figure(bursty.costs.writes, 2),
        bursty_reads_per_command: figure(bursty.costs.reads, 2),
        bursty_worker_cpu_ms_per_command: figure(bursty.costs.workerCpuMs, 2),
        bursty_intake_cpu_ms_per_command: figure(bursty.costs.intakeCpuMs, 2),
        bursty_p50_ms: Math.round(bursty.measured.p50),
        bursty_p99_ms: Math.round(bursty.measured.p99),
        ungrouped_writes_per_command: figure(ungrouped.costs.writes, 2),
        ungrouped_worker_cpu_ms_per_command: figure(ungrouped.costs.workerCpuMs, 2),
      }),
    );
  } finally {
    await Promise.all(started.map((server) => server.stop?.()));
  }
}

/** Grouped: submitted through CommandSubmitter into the groups' queues, applied by group pumps. */
async function groupedPhase(mongoUrl: string, redisUrl: string, mode: Mode) {
  const label = mode;
  const withDeferral = mode === 'deferred';
  const phase = await openPhase(label, mongoUrl, redisUrl);
  try {
    const commandQueue = new Queue(COMMAND_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: phase.apps.queuePrefix });
    const batchPumpQueue = new Queue(BATCH_PUMP_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: phase.apps.queuePrefix });
    phase.queues.push(commandQueue, batchPumpQueue, new Queue(MAINTENANCE_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: phase.apps.queuePrefix }));
    const repos = await repositoriesOn(phase.db);
    const queue = new CommandQueue(commandQueue as never, { retryBaseDelayMs: RETRY_BASE_DELAY_MS }, batchPumpQueue as never);
    phase.submitter = new CommandSubmitter(repos.commands, new CommandDispatcher(repos.groups, queue, repos.commands), systemClock);

    const renewing = withDeferral ? phase.seeded.subscriptions.filter((_, i) => isDeferredIndex(i)) : [];
    if (renewing.length > 0) await startRenewals(phase.db, renewing);
    const base = await subscriptionRows(phase.db, phase.seeded.subscriptions);
    const pumpsBefore = await commandQueue.getJobCounts('completed');

    const statsBefore = await phaseStats(phase);
    const submitted = await submitAll(label, phase, mode === 'bursty' ? 'bursty' : 'interleaved');
    // "Others": the subscriptions not deferred in the deferred phase (the same indexes in both grouped phases).
    const others = new Set(phase.seeded.subscriptions.filter((_, i) => !isDeferredIndex(i)));
    const othersCommands = others.size * COMMANDS_EACH;
    const awaited = withDeferral ? othersCommands : SUBSCRIPTIONS * COMMANDS_EACH;
    await waitFinished(label, phase.db, { type: 'update-subscription', ...(withDeferral ? { subscriptionId: { $nin: renewing } } : {}) }, awaited);
    await sleep(1_200); // the apps' counters are read over IPC; let the last finishes land
    const statsAfter = await phaseStats(phase);
    const pumpsAfter = await commandQueue.getJobCounts('completed');

    let rows = await commandRows(phase.db);
    const measured = measure(rows, submitted.startedAt, others);
    const which = withDeferral ? `the other ${measured.othersCommands} commands (not deferred)` : `${measured.commands} commands`;
    say(`${label}: ${which} at ${measured.perS.toFixed(1)}/s; latency p50 ${Math.round(measured.p50)} ms, p99 ${Math.round(measured.p99)} ms (acceptedAt -> finishedAt)`);
    const costs = reportOps(label, statsBefore, statsAfter, awaited);
    say(`${label}: ${(pumpsAfter.completed ?? 0) - (pumpsBefore.completed ?? 0)} pump jobs completed for ${awaited} commands`);

    let deferredGroups = 0;
    if (renewing.length > 0) {
      const waiting = await subscriptionRows(phase.db, renewing);
      deferredGroups = [...waiting.values()].filter((doc) => doc.queue.deferredUntil && doc.queue.deferredUntil.getTime() > Date.now()).length;
      const deferredCommands = rows.filter((row) => renewing.includes(row.subscriptionId) && row.status === 'deferred').length;
      say(`${label}: ${deferredGroups} of ${renewing.length} renewing groups deferred, ${deferredCommands} of their ${renewing.length * COMMANDS_EACH} commands deferred while the others ran`);
      // The renewals complete now (started an hour and a minute ago, due now): the deferred commands apply, in order.
      await phase.db
        .collection('subscriptions')
        .updateMany({ _id: { $in: renewing as never[] } }, { $set: { 'state.renewalStartedAt': new Date(Date.now() - RENEWAL_PROCESSING_MS - 60_000), nextDueAt: new Date() } });
      await waitFinished(`${label} (after the renewals)`, phase.db, { type: 'update-subscription' }, SUBSCRIPTIONS * COMMANDS_EACH);
      rows = await commandRows(phase.db);
    }
    const verification = await verify(label, phase.db, submitted.ids, rows, base, { ordered: true, renewed: new Set(renewing) });
    return { measured, verification, deferredGroups, costs };
  } finally {
    await closePhase(phase);
  }
}

/** Ungrouped: the same records, each dispatched as one plain BullMQ job, applied by the bench's ungrouped workers. */
async function ungroupedPhase(mongoUrl: string, redisUrl: string) {
  const label = 'ungrouped';
  const phase = await openPhase(label, mongoUrl, redisUrl);
  try {
    // The orders were placed through the real workers; the commands go to workers without groups.
    await phase.apps.stopWorkers();
    await Promise.all(Array.from({ length: WORKERS }, () => phase.apps.startWorker(UNGROUPED_WORKER_SCRIPT)));
    const connection = { url: redisUrl, maxRetriesPerRequest: null };
    const plainQueue = new Queue<UngroupedJob>(UNGROUPED_QUEUE, { connection, prefix: phase.apps.queuePrefix });
    phase.queues.push(plainQueue, new Queue(COMMAND_QUEUE, { connection, prefix: phase.apps.queuePrefix }), new Queue(MAINTENANCE_QUEUE, { connection, prefix: phase.apps.queuePrefix }));
    const repos = await repositoriesOn(phase.db);
    // Same submitter (same records, same inserts, one by one or together as it writes them); the
    // dispatch adds a plain job per command instead of enlisting it (in one call for those written together).
    const jobOptions = { ...pumpJobOptions(RETRY_BASE_DELAY_MS) };
    const plainDispatcher = {
      enlist: async (_group: unknown, commandId: string, label: string) => {
        await plainQueue.add(label, { commandId }, { ...jobOptions, jobId: commandId });
        return { seq: 0 };
      },
      enlistAll: async (entries: { commandId: string; label: string }[]) => {
        await plainQueue.addBulk(entries.map(({ commandId, label }) => ({ name: label, data: { commandId }, opts: { ...jobOptions, jobId: commandId } })));
        return entries.map(() => 'enlisted' as const);
      },
    };
    phase.submitter = new CommandSubmitter(repos.commands, plainDispatcher as unknown as CommandDispatcher, systemClock);

    const base = await subscriptionRows(phase.db, phase.seeded.subscriptions);
    const statsBefore = await phaseStats(phase);
    const submitted = await submitAll(label, phase, 'interleaved');
    await waitFinished(label, phase.db, { type: 'update-subscription' }, SUBSCRIPTIONS * COMMANDS_EACH);
    await sleep(1_200);
    const statsAfter = await phaseStats(phase);
    const rows = await commandRows(phase.db);
    const measured = measure(rows, submitted.startedAt, new Set(phase.seeded.subscriptions.filter((_, i) => !isDeferredIndex(i))));
    say(`${label}: ${measured.commands} commands at ${measured.perS.toFixed(1)}/s; latency p50 ${Math.round(measured.p50)} ms, p99 ${Math.round(measured.p99)} ms`);
    const costs = reportOps(label, statsBefore, statsAfter, SUBSCRIPTIONS * COMMANDS_EACH);
    const verification = await verify(label, phase.db, submitted.ids, rows, base, { ordered: false, renewed: new Set() });
    return { measured, verification, costs };
  } finally {
    await closePhase(phase);
  }
}

async function openPhase(label: string, mongoUrl: string, redisUrl: string): Promise<Phase> {
  say(`${label}: starting the API and ${WORKERS} workers (${elapsed()})`);
  const apps = await startPhaseApps(label, { mongoServerUrl: mongoUrl, redisUrl, workers: WORKERS, env: APP_ENV });
  let db: Connection | undefined;
  try {
    db = await mongoose.createConnection(apps.mongoUrl, { ignoreUndefined: true, serverSelectionTimeoutMS: 30_000 }).asPromise();
    const seeding = Date.now();
    const seeded = await seed(apps.baseUrl, SUBSCRIPTIONS);
    say(`${label}: seeded ${seeded.subscriptions.length} subscriptions through orders in ${Date.now() - seeding} ms (${elapsed()})`);
    return { apps, db, seeded, submitter: undefined as unknown as CommandSubmitter, queues: [] };
  } catch (error) {
    await db?.close();
    await apps.stop();
    throw error;
  }
}

async function closePhase(phase: Phase): Promise<void> {
  await phase.apps.stop();
  for (const queue of phase.queues) {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  await phase.db.dropDatabase().catch(() => undefined);
  await phase.db.close();
}

const systemClock = { now: async () => new Date() };

async function repositoriesOn(connection: Connection) {
  for (const { name, schema } of MODELS) if (!connection.models[name]) connection.model(name, schema);
  // The schemas ask for their indexes (the apps made them already); done before anything is measured.
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  const model = <T>(name: string) => connection.model(name) as unknown as Model<T>;
  return {
    commands: new CommandRepository(model(COMMAND_MODEL)),
    groups: new GroupQueueRepository(model(SUBSCRIPTION_MODEL), model(CUSTOMER_MODEL)),
  };
}

/** Submits the workload: round by round, a subscription's next command only after its previous one was accepted. */
async function submitAll(label: string, phase: Phase, arrival: 'interleaved' | 'bursty'): Promise<{ ids: Map<string, string[]>; startedAt: number }> {
  const { seeded, submitter } = phase;
  const ids = new Map<string, string[]>(seeded.subscriptions.map((id) => [id, []]));
  const chains = new Map<string, Promise<void>>();
  const submitOne = async (subscriptionId: string, k: number) => {
    const customerId = seeded.customerOf.get(subscriptionId) as string;
    const body = { friendlyName: `bench ${k}` };
    const submission: Submission = {
      command: { type: 'update-subscription', commandId: newId(), subscriptionId, ...body },
      actor: { userId: 'bench-user', partnerId: seeded.partnerId, roles: ['admin-agent'] },
      partnerId: seeded.partnerId,
      customerId,
      subscriptionId,
      subscriptionIds: [subscriptionId],
      group: { kind: 'subscription', id: subscriptionId },
      requestHash: createHash('sha256').update(JSON.stringify({ type: 'update-subscription', path: `/v1/customers/${customerId}/subscriptions/${subscriptionId}/`, body })).digest('hex'),
    };
    const result = await submitter.submit(submission);
    if (result.created !== true) throw new Error(`submission ${k} of ${subscriptionId}: ${String(result.created)}`);
    (ids.get(subscriptionId) as string[])[k - 1] = result.record._id;
  };
  if (arrival === 'bursty') {
    // Each of SUBMIT_CONCURRENCY submitters takes the next subscription and sends all its commands, each right after the previous was accepted.
    let next = 0;
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: Math.min(SUBMIT_CONCURRENCY, BURSTS.length) }, async () => {
        while (next < BURSTS.length) {
          const subscriptionId = seeded.subscriptions[BURSTS[next++]];
          for (let k = 1; k <= COMMANDS_EACH; k++) await submitOne(subscriptionId, k);
        }
      }),
    );
    const ms = Date.now() - startedAt;
    say(`${label}: submitted ${SUBSCRIPTIONS * COMMANDS_EACH} commands in bursts of ${COMMANDS_EACH} in ${ms} ms (${(((SUBSCRIPTIONS * COMMANDS_EACH) / ms) * 1000).toFixed(1)}/s accepted)`);
    return { ids, startedAt };
  }
  const tasks = ROUNDS.flatMap((order, round) =>
    order.map((index) => () => {
      const subscriptionId = seeded.subscriptions[index];
      const mine = (chains.get(subscriptionId) ?? Promise.resolve()).then(() => submitOne(subscriptionId, round + 1));
      chains.set(subscriptionId, mine);
      return mine;
    }),
  );
  const startedAt = Date.now();
  await inPool(tasks, SUBMIT_CONCURRENCY);
  const ms = Date.now() - startedAt;
  say(`${label}: submitted ${tasks.length} commands in ${ms} ms (${((tasks.length / ms) * 1000).toFixed(1)}/s accepted)`);
  return { ids, startedAt };
}

async function waitFinished(label: string, db: Connection, filter: Record<string, unknown>, expected: number): Promise<void> {
  const started = Date.now();
  let lastSaid = started;
  for (;;) {
    const finished = await db.collection('commands').countDocuments({ ...filter, status: { $in: FINAL } });
    if (finished >= expected) return;
    if (Date.now() - started > PHASE_LIMIT_MS) {
      say(`${label}: ${finished} of ${expected} commands finished after ${PHASE_LIMIT_MS} ms; the rest count as lost`);
      return;
    }
    if (Date.now() - lastSaid >= 5_000) {
      say(`${label}: ${finished} of ${expected} commands finished (${elapsed()})`);
      lastSaid = Date.now();
    }
    await sleep(POLL_MS);
  }
}

function measure(rows: CommandRow[], startedAt: number, others: Set<string>): Measured {
  const done = rows.filter((row) => FINAL.includes(row.status) && row.finishedAt);
  const throughput = (subset: CommandRow[]) => {
    const last = Math.max(...subset.map((row) => (row.finishedAt as Date).getTime()));
    return subset.length / ((last - startedAt) / 1000);
  };
  const othersDone = done.filter((row) => others.has(row.subscriptionId));
  // Latency of the commands that were not deferred (all of them, but for the deferred phase).
  const latencies = othersDone.map((row) => (row.finishedAt as Date).getTime() - row.acceptedAt.getTime()).sort((a, b) => a - b);
  return {
    commands: rows.length,
    perS: throughput(done.length === rows.length ? done : othersDone),
    othersPerS: throughput(othersDone),
    othersCommands: othersDone.length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

/**
 * G1: per subscription, its commands in acceptance order have seq base+1..base+n and
 * subscriptionVersion v+1..v+n (after a renewal's completion, one more); G4: one subscription.updated
 * event per command and the subscription's final version exactly that many steps on; G5: every
 * accepted command finished.
 */
async function verify(
  label: string,
  db: Connection,
  ids: Map<string, string[]>,
  rows: CommandRow[],
  base: Map<string, SubscriptionRow>,
  options: { ordered: boolean; renewed: Set<string> },
): Promise<Verification> {
  const byId = new Map(rows.map((row) => [row._id, row]));
  const events = new Map(
    (
      await db
        .collection('events')
        .aggregate<{ _id: string; n: number }>([{ $match: { type: 'subscription.updated' } }, { $group: { _id: '$commandId', n: { $sum: 1 } } }])
        .toArray()
    ).map((row) => [row._id, row.n]),
  );
  const finalDocs = await subscriptionRows(db, [...ids.keys()]);
  const result: Verification = { orderViolations: 0, outOfOrder: 0, duplicates: 0, lost: 0, failed: 0, examples: [] };
  const example = (line: string) => {
    if (result.examples.length < 5) result.examples.push(line);
  };
  for (const [subscriptionId, commandIds] of ids) {
    const start = base.get(subscriptionId);
    const startVersion = (start?.version ?? 0) + (options.renewed.has(subscriptionId) ? 1 : 0);
    const startSeq = start?.queue.lastSeq ?? 0;
    const versions: number[] = [];
    commandIds.forEach((commandId, index) => {
      const k = index + 1;
      const row = byId.get(commandId);
      if (!row || !FINAL.includes(row.status)) {
        result.lost++;
        example(`${subscriptionId} #${k}: ${row?.status ?? 'no record'}`);
        return;
      }
      if (row.status === 'failed') {
        result.failed++;
        example(`${subscriptionId} #${k}: failed ${row.error?.code}`);
      }
      const n = events.get(commandId) ?? 0;
      if (row.status === 'succeeded' && n !== 1) {
        result.duplicates++;
        example(`${subscriptionId} #${k}: ${n} subscription.updated events`);
      }
      const version = row.result?.subscriptionVersion;
      if (typeof version === 'number') versions.push(version);
      if (version !== startVersion + k) {
        if (options.ordered) {
          result.orderViolations++;
          example(`${subscriptionId} #${k}: version ${version}, expected ${startVersion + k}`);
        } else result.outOfOrder++;
      } else if (options.ordered && row.seq !== startSeq + k) {
        result.orderViolations++;
        example(`${subscriptionId} #${k}: seq ${row.seq}, expected ${startSeq + k}`);
      }
    });
    // Every version applied once: none twice (a duplicate), the final one exactly n steps on.
    const distinct = new Set(versions).size;
    const finalVersion = finalDocs.get(subscriptionId)?.version;
    if (distinct !== versions.length || finalVersion !== startVersion + commandIds.length) {
      result.duplicates++;
      example(`${subscriptionId}: final version ${finalVersion}, expected ${startVersion + commandIds.length}; ${versions.length - distinct} versions seen twice`);
    }
  }
  say(
    `${label}: checked ${rows.length} commands: order violations ${result.orderViolations}${options.ordered ? '' : ` (not checked: no ordering; ${result.outOfOrder} applied out of acceptance order)`}, duplicates ${result.duplicates}, lost ${result.lost}, failed ${result.failed}${result.examples.length ? `; e.g. ${result.examples.join('; ')}` : ''}`,
  );
  return result;
}

/** Makes each subscription's term end yesterday, then waits until the time keeper has started its renewal (R-REN-2). */
async function startRenewals(db: Connection, subscriptionIds: string[]): Promise<void> {
  const day = 24 * 3_600_000;
  const midnight = new Date(Math.floor(Date.now() / day) * day);
  await db
    .collection('subscriptions')
    .updateMany(
      { _id: { $in: subscriptionIds as never[] } },
      { $set: { 'state.termEndDate': new Date(midnight.getTime() - day), nextDueAt: new Date(), nextDueType: 'start-renewal' } },
    );
  const started = Date.now();
  for (;;) {
    const docs = await subscriptionRows(db, subscriptionIds);
    const renewing = [...docs.values()].filter((doc) => doc.state.renewalInProgress && doc.nextDueType === 'complete-renewal').length;
    if (renewing === subscriptionIds.length) {
      say(`deferred: ${renewing} subscriptions renewing (started in ${Date.now() - started} ms); their completion is due in an hour, so their commands stay deferred`);
      return;
    }
    if (Date.now() - started > 120_000) throw new Error(`only ${renewing} of ${subscriptionIds.length} renewals started within 120 s`);
    await sleep(300);
  }
}

async function commandRows(db: Connection): Promise<CommandRow[]> {
  return (await db
    .collection('commands')
    .find({ type: 'update-subscription' }, { projection: { status: 1, seq: 1, subscriptionId: 1, result: 1, error: 1, acceptedAt: 1, finishedAt: 1 } })
    .toArray()) as unknown as CommandRow[];
}

async function subscriptionRows(db: Connection, ids: string[]): Promise<Map<string, SubscriptionRow>> {
  const docs = (await db
    .collection('subscriptions')
    .find({ _id: { $in: ids as never[] } }, { projection: { version: 1, lastAppliedSeq: 1, queue: 1, nextDueType: 1, 'state.renewalInProgress': 1 } })
    .toArray()) as unknown as SubscriptionRow[];
  return new Map(docs.map((doc) => [doc._id, doc]));
}

interface CpuSnapshot {
  workers?: number;
  api?: number;
  mongo?: number;
  redis?: number;
  bench: number;
}

interface PhaseStats {
  workers: OpStats[];
  bench: OpStats;
  cpu: CpuSnapshot;
}

/** The operation counts of the phase's workers and of this process (the submissions), and the CPU time of every process involved. */
async function phaseStats(phase: Phase): Promise<PhaseStats> {
  const workers = phase.apps.workers.map((child) => cpuMsOf(child.pid));
  const usage = process.cpuUsage();
  return {
    workers: await phase.apps.workerStats(),
    bench: opStats(),
    cpu: {
      workers: workers.every((ms) => ms !== undefined) ? workers.reduce((a, b) => (a as number) + (b as number), 0) : undefined,
      api: cpuMsOf(phase.apps.api.pid),
      mongo: cpuMsOf(servers.mongoPid),
      redis: cpuMsOf(servers.redisPid),
      bench: (usage.user + usage.system) / 1000,
    },
  };
}

/** What one command cost in a phase (undefined: not measured, BENCH_COUNT_OPS=0 or no /proc). */
interface Costs {
  /** CPU of every process involved (workers, servers, intake, API), per command. */
  cpuMs?: number;
  workerCpuMs?: number;
  /** This process's CPU: the submissions (and the benchmark's polling, a read a second). */
  intakeCpuMs?: number;
  /** MongoDB write round trips per command, intake and workers together. */
  writes?: number;
  /** MongoDB read round trips per command, workers and intake (with the polling) together. */
  reads?: number;
}

/** Where the time goes: MongoDB and Redis commands per command, in the workers and at intake. */
function reportOps(label: string, before: PhaseStats, after: PhaseStats, commands: number): Costs {
  const sum = (list: OpStats[]) => {
    const mongo: Record<string, { n: number; ms: number }> = {};
    const redis: Record<string, number> = {};
    const extra: Record<string, number> = {};
    for (const stats of list) {
      for (const [key, value] of Object.entries(stats.mongo)) {
        const entry = (mongo[key] ??= { n: 0, ms: 0 });
        entry.n += value.n;
        entry.ms += value.ms;
      }
      for (const [key, n] of Object.entries(stats.redis)) redis[key] = (redis[key] ?? 0) + n;
      for (const [key, n] of Object.entries(stats.extra)) extra[key] = (extra[key] ?? 0) + n;
    }
    return { mongo, redis, extra };
  };
  const delta = (a: ReturnType<typeof sum>, b: ReturnType<typeof sum>) => {
    const mongo = Object.entries(b.mongo)
      .map(([key, value]) => ({ key, n: value.n - (a.mongo[key]?.n ?? 0), ms: value.ms - (a.mongo[key]?.ms ?? 0) }))
      .filter((entry) => entry.n > 0)
      .sort((x, y) => y.n - x.n);
    const redis = Object.entries(b.redis)
      .map(([key, n]) => ({ key, n: n - (a.redis[key] ?? 0) }))
      .filter((entry) => entry.n > 0 && !BLOCKING_REDIS.has(entry.key));
    const extra = Object.fromEntries(Object.entries(b.extra).map(([key, n]) => [key, n - (a.extra[key] ?? 0)]));
    return { mongo, redis, extra };
  };
  const perCommand = (n: number) => (n / commands).toFixed(2);
  const describe = (where: string, d: ReturnType<typeof delta>) => {
    const total = d.mongo.reduce((s, e) => s + e.n, 0);
    const ms = d.mongo.reduce((s, e) => s + e.ms, 0);
    const writes = d.mongo.filter((e) => kindOf(e.key) === 'writes').reduce((s, e) => s + e.n, 0);
    const reads = d.mongo.filter((e) => kindOf(e.key) === 'reads').reduce((s, e) => s + e.n, 0);
    const redis = d.redis.reduce((s, e) => s + e.n, 0);
    say(
      `${label} ${where}: ${perCommand(total)} MongoDB ops per command (${perCommand(writes)} writes, ${perCommand(reads)} reads), ${(ms / Math.max(1, total)).toFixed(1)} ms each on average as the client saw it, ${(ms / commands).toFixed(1)} ms of MongoDB time per command; ${perCommand(redis)} Redis commands per command${Object.keys(d.extra).length ? `; ${JSON.stringify(d.extra)}` : ''}`,
    );
    say(`${label} ${where}:   MongoDB: ${d.mongo.slice(0, 10).map((e) => `${e.key} ${perCommand(e.n)}/cmd ${(e.ms / e.n).toFixed(1)} ms`).join(', ')}`);
    say(`${label} ${where}:   Redis: ${[...d.redis].sort((x, y) => y.n - x.n).slice(0, 8).map((e) => `${e.key} ${perCommand(e.n)}/cmd`).join(', ')}`);
    return { writes, reads, total };
  };
  const atWorkers = describe('workers', delta(sum(before.workers), sum(after.workers)));
  const atIntake = describe('intake (and polling)', delta(sum([before.bench]), sum([after.bench])));
  const counted = atWorkers.total + atIntake.total > 0;

  const cpu = (key: keyof CpuSnapshot) => {
    const [a, b] = [before.cpu[key], after.cpu[key]];
    return a === undefined || b === undefined ? undefined : (b - a) / commands;
  };
  const parts = (['workers', 'mongo', 'bench', 'api', 'redis'] as const).map((key) => [key, cpu(key)] as const);
  const known = parts.filter(([, ms]) => ms !== undefined) as (readonly [string, number])[];
  const total = known.reduce((sum, [, ms]) => sum + ms, 0);
  const names: Record<string, string> = { workers: 'workers', mongo: 'MongoDB server', bench: 'this process (intake)', api: 'API (idle)', redis: 'Redis (shared)' };
  say(
    `${label} CPU per command: ${parts.map(([key, ms]) => `${names[key]} ${ms === undefined ? '?' : ms.toFixed(1)} ms`).join(', ')}; ${total.toFixed(1)} ms in all, at most ${((availableParallelism() * 1000) / Math.max(total, 0.001)).toFixed(0)} commands/s on ${availableParallelism()} idle cores`,
  );
  return {
    cpuMs: parts.every(([, ms]) => ms !== undefined) ? total : undefined,
    workerCpuMs: cpu('workers'),
    intakeCpuMs: cpu('bench'),
    writes: counted ? (atWorkers.writes + atIntake.writes) / commands : undefined,
    reads: counted ? (atWorkers.reads + atIntake.reads) / commands : undefined,
  };
}

/** The server's own cost per operation with one client and nothing else running (the bench's database write lock included). */
async function calibrate(serverUrl: string): Promise<{ readMs: number; writeMs: number }> {
  const url = new URL(serverUrl);
  url.pathname = `/bench_calibrate_${randomBytes(4).toString('hex')}`;
  const db = await mongoose.createConnection(url.toString(), { serverSelectionTimeoutMS: 30_000 }).asPromise();
  try {
    const probe = db.collection<{ _id: string; version: number; padding: string }>('probe');
    await probe.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `p${i}`, version: 0, padding: 'x'.repeat(2_000) })));
    const rounds = 100;
    let started = performance.now();
    for (let i = 0; i < rounds; i++) await probe.updateOne({ _id: `p${i % 50}`, version: Math.floor(i / 50) }, { $inc: { version: 1 } });
    const writeMs = (performance.now() - started) / rounds;
    started = performance.now();
    for (let i = 0; i < rounds; i++) await probe.findOne({ _id: `p${i % 50}` });
    const readMs = (performance.now() - started) / rounds;
    return { readMs, writeMs };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  }
}

/**
 * The server's limit for the one write a command needs: a plain driver script of conditional
 * updates by _id (on the version, as the pump's write is), RAW_IN_FLIGHT at a time, each on a
 * document of its own (update i on document i mod N, N far above the number in flight), on a
 * database of its own.
 */
async function rawUpdates(serverUrl: string): Promise<number> {
  const url = new URL(serverUrl);
  url.pathname = `/bench_raw_${randomBytes(4).toString('hex')}`;
  const client = await new MongoClient(url.toString(), { serverSelectionTimeoutMS: 30_000 }).connect();
  const db = client.db();
  try {
    const documents = Math.max(RAW_IN_FLIGHT * 50, SUBSCRIPTIONS);
    const docs = db.collection<{ _id: string; version: number; friendlyName: string; padding: string }>('docs');
    await docs.insertMany(Array.from({ length: documents }, (_, i) => ({ _id: `d${i}`, version: 0, friendlyName: '', padding: 'x'.repeat(2_000) })));
    let next = 0;
    let missed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: RAW_IN_FLIGHT }, async () => {
        while (next < RAW_UPDATES) {
          const i = next++;
          const result = await docs.updateOne({ _id: `d${i % documents}`, version: Math.floor(i / documents) }, { $inc: { version: 1 }, $set: { friendlyName: `raw ${i}` } });
          if (result.modifiedCount !== 1) missed++;
        }
      }),
    );
    const perS = RAW_UPDATES / ((performance.now() - started) / 1000);
    say(`raw: ${RAW_UPDATES} conditional updates by _id on ${documents} documents, ${RAW_IN_FLIGHT} in flight: ${perS.toFixed(1)}/s${missed ? ` (${missed} matched nothing: in flight on the same document)` : ''} (${elapsed()})`);
    return perS;
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

function figure(value: number | undefined, digits: number): number | null {
  return value === undefined ? null : round(value, digits);
}

async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

runBench('bench:grouping', main);
