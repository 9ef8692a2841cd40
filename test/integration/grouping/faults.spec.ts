import { COMMAND_QUEUE } from '@app/command-engine';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { freePort, MongoCompatServer, projectRoot, startMongoCompat, waitForPort } from '../../../scripts/local-servers';
import { RunningApps, startApps, stopProcess } from '../../support/running-apps';
import { allFinished, buy, commandsOf, customerOf, databaseOf, inPool, partnerOn, Tenant } from '../../support/scenario';

const SUBSCRIPTIONS = 40;
const PHASE_ROUNDS = 5;

// G4 (exactly once) and G5 (nothing lost) under faults: a worker killed with SIGKILL, duplicate
// pump jobs, Redis losing all its data (FLUSHALL) or stopping, MongoDB stopped and started again. This file runs
// its own Redis and MongoDB-compatible server, so the faults touch no other test.
describe('faults: nothing lost, nothing twice, order kept (G4, G5)', () => {
  let redis: ChildProcess;
  let redisPort: number;
  let redisUrl: string;
  let mongo: MongoCompatServer;
  let mongoPort: number;
  const mongoDir = join(projectRoot, '.data', `faults-${process.pid}`);
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;
  let subscriptions: string[];
  let round = 0;
  const accepted = new Map<string, string[]>();

  beforeAll(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    mongoPort = await freePort();
    mongo = await startMongoCompat(mongoPort, mongoDir, () => undefined);
    apps = await startApps('faults', {
      workers: 2,
      mongoServerUrl: `mongodb://127.0.0.1:${mongoPort}/x`,
      env: { REDIS_URL: redisUrl, WORKER_CONCURRENCY: '8', WORKER_LOCK_DURATION: 'PT5S', RECONCILE_INTERVAL: 'PT3S' },
    });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
    subscriptions = await buy(tenant.agent, customerId, SUBSCRIPTIONS);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
    await mongo?.stop();
    if (redis) await stopProcess(redis);
    rmSync(mongoDir, { recursive: true, force: true });
  });

  async function startRedis(port: number): Promise<ChildProcess> {
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, 10_000, server);
    return server;
  }

  /** The next command of every subscription; retried (same Idempotency-Key) until accepted, unless `firstTry`. */
  async function submitRound({ firstTry = false } = {}): Promise<void> {
    round++;
    const k = round;
    await inPool(
      subscriptions.map((id) => async () => {
        const deadline = Date.now() + 120_000;
        for (;;) {
          const response = await tenant.agent
            .patch(`/v1/customers/${customerId}/subscriptions/${id}`, { friendlyName: `round ${k}` }, { 'idempotency-key': `${id}:${k}` })
            .catch((error: Error) => ({ status: 0, body: undefined, text: error.message }));
          if (response.status === 202) {
            accepted.set(id, [...(accepted.get(id) ?? []), response.body.commandId]);
            return;
          }
          if (firstTry || Date.now() > deadline) throw new Error(`round ${k} on ${id}: ${response.status} ${response.text}`);
          await new Promise((done) => setTimeout(done, 500));
        }
      }),
      10,
    );
  }

  /** Every accepted command finished once, successfully, in its subscription's order. */
  async function expectExactlyOnceInOrder(): Promise<void> {
    await allFinished(db, 600_000);
    const byId = new Map((await commandsOf(db, { type: 'update-subscription' })).map((c) => [c._id, c]));
    const problems: string[] = [];
    for (const id of subscriptions) {
      (accepted.get(id) ?? []).forEach((commandId, index) => {
        const command = byId.get(commandId);
        if (command?.status !== 'succeeded' || command.result?.subscriptionVersion !== index + 1) {
          problems.push(`${id} #${index + 1}: ${command?.status} v${command?.result?.subscriptionVersion} ${command?.error?.code ?? ''}`);
        }
      });
    }
    expect(problems).toEqual([]);
    const events = await db
      .collection('events')
      .aggregate<{ _id: string; n: number }>([{ $match: { type: 'subscription.updated' } }, { $group: { _id: '$commandId', n: { $sum: 1 } } }])
      .toArray();
    expect(events.filter((e) => e.n !== 1)).toEqual([]);
    expect(events).toHaveLength([...accepted.values()].flat().length);
    // The feed, followed page by page, shows every event stored, once (api.md "Events and webhooks").
    const stored = await db.collection('events').countDocuments({ partnerId: tenant.partnerId, type: { $ne: 'feed.gap' } });
    const followed: string[] = [];
    // A place taken by a writer killed before writing holds the feed up to FEED_GAP_TIMEOUT_MS.
    const deadline = Date.now() + 60_000;
    for (let after = ''; followed.length < stored && Date.now() < deadline; ) {
      const page = (await tenant.agent.get(`/v1/events?limit=500${after ? `&after=${after}` : ''}`)).body;
      followed.push(...page.items.map((e: { id: string }) => e.id));
      after = page.next ?? '';
      if (page.items.length === 0) await new Promise((done) => setTimeout(done, 1_000));
    }
    expect(new Set(followed).size).toBe(followed.length);
    expect(followed).toHaveLength(stored);
  }

  it('survives a worker killed with SIGKILL in the middle of a run', async () => {
    await submitRound();
    await submitRound();
    const victim = apps.workers[0];
    victim.kill('SIGKILL');
    await apps.startWorker();
    for (let i = 2; i < PHASE_ROUNDS; i++) await submitRound();
    await expectExactlyOnceInOrder();
  });

  it('applies each command once when its pump job is enqueued again and again', async () => {
    const queue = new Queue(COMMAND_QUEUE, { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix: apps.queuePrefix });
    try {
      for (let i = 0; i < PHASE_ROUNDS; i++) {
        await submitRound();
        // Plain adds, not deduplicated: several pumps run the same group at the same time.
        await queue.addBulk(subscriptions.flatMap((id) => [1, 2, 3].map(() => ({ name: 'duplicate', data: { group: `sub:${id}` } }))));
      }
    } finally {
      await queue.close();
    }
    await expectExactlyOnceInOrder();
  });

  it('loses nothing when Redis loses all its data (FLUSHALL) in the middle of a run', async () => {
    await submitRound();
    await submitRound();
    const flush = spawn('redis-cli', ['-u', redisUrl, 'FLUSHALL']);
    await new Promise((done) => flush.once('exit', done));
    for (let i = 2; i < PHASE_ROUNDS; i++) await submitRound();
    await expectExactlyOnceInOrder();
  });

  it('accepts commands at once while Redis is down, stops a worker all the same, and applies them when it is back', async () => {
    await submitRound();
    await stopProcess(redis);
    // The records and group queues are in MongoDB: every request is 202 on the first try, not held up.
    await submitRound({ firstTry: true });
    await submitRound({ firstTry: true });
    // A worker told to stop meanwhile stops all the same (its BullMQ worker cannot close cleanly).
    const stopping = apps.workers.find((worker) => worker.exitCode === null && worker.signalCode === null)!;
    const exited = new Promise((done) => stopping.once('exit', (code, signal) => done(signal ?? code)));
    stopping.kill('SIGTERM');
    expect(await exited).not.toBe('SIGKILL');
    redis = await startRedis(redisPort);
    await apps.startWorker();
    for (let i = 3; i < PHASE_ROUNDS; i++) await submitRound();
    await expectExactlyOnceInOrder();
  });

  it('loses nothing when MongoDB stops for a few seconds in the middle of a run', async () => {
    await submitRound();
    await submitRound();
    await mongo.stop();
    // Requests during the outage answer 503 and are sent again, as an upstream system would.
    const duringOutage = submitRound();
    await new Promise((done) => setTimeout(done, 4_000));
    mongo = await startMongoCompat(mongoPort, mongoDir, () => undefined);
    await duringOutage;
    for (let i = 3; i < PHASE_ROUNDS; i++) await submitRound();
    await expectExactlyOnceInOrder();
  });
});
