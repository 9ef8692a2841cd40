import { parse } from 'csv-parse/sync';
import { ChildProcess, spawn } from 'node:child_process';
import { Connection } from 'mongoose';
import { freePort, waitForPort } from '../../scripts/local-servers';
import { RunningApps, startApps, stopProcess } from '../support/running-apps';
import { buy, customerOf, databaseOf, partnerOn, Tenant } from '../support/scenario';

const ROWS_EACH = 20;
/** A few thousand rows; BATCH_RESTART_ROWS runs fewer on a machine too loaded to apply them in time. */
const SUBSCRIPTIONS = Math.max(1, Math.floor(Number(process.env.BATCH_RESTART_ROWS ?? 2_000) / ROWS_EACH));
const ROWS = SUBSCRIPTIONS * ROWS_EACH;

// Issue 11, restart safety: a batch of a few thousand rows survives its worker killed with kill -9
// and Redis losing all its data in the middle: every row finishes exactly once, in file order on
// its subscription, and the batch's counts are true. The spec runs a Redis of its own, so the
// flush touches no other test.
describe('a batch through kill -9 of its worker and Redis losing its data', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;
  let subscriptions: string[];

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, 10_000, redis);
    redisUrl = `redis://127.0.0.1:${port}`;
    apps = await startApps('batchrestart', {
      workers: 1,
      env: { REDIS_URL: redisUrl, WORKER_LOCK_DURATION: 'PT5S', RECONCILE_INTERVAL: 'PT3S' },
    });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
    subscriptions = await buy(tenant.agent, customerId, SUBSCRIPTIONS);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
    if (redis) await stopProcess(redis);
  });

  const progress = async (id: string) => (await tenant.agent.get(`/v1/batches/${id}`)).body;

  async function until(id: string, done: (batch: any) => boolean, limitMs: number): Promise<any> {
    for (const deadline = Date.now() + limitMs; ; ) {
      const batch = await progress(id).catch(() => undefined);
      if (batch && done(batch)) return batch;
      if (Date.now() > deadline) throw new Error(`batch ${id} not there after ${limitMs} ms: ${JSON.stringify(batch)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  it('finishes every row exactly once, in file order, with true counts', async () => {
    // Row i raises subscription i mod N: each subscription's rows are 20 increases, spread over the file.
    const lines = ['customerId,subscriptionId,quantity'];
    for (let i = 0; i < ROWS; i++) lines.push(`${customerId},${subscriptions[i % SUBSCRIPTIONS]},${2 + Math.floor(i / SUBSCRIPTIONS)}`);
    const accepted = await tenant.agent.request('POST', '/v1/batches', lines.join('\r\n'), { 'content-type': 'text/csv' });
    expect(accepted.status).toBe(202);
    const id = accepted.body.id;

    // In the middle: some rows applied, most not.
    const before = await until(id, (batch) => batch.succeeded >= ROWS / 10, 1_200_000);
    expect(before.succeeded).toBeLessThan(ROWS);
    apps.workers[0].kill('SIGKILL');
    const flush = spawn('redis-cli', ['-u', redisUrl, 'FLUSHALL']);
    expect(await new Promise((done) => flush.once('exit', done))).toBe(0);
    await apps.startWorker();

    const done = await until(id, (batch) => batch.status !== 'running' && batch.status !== 'validating', 2_400_000);

    // The results file: one line per row, each succeeded (a row that did not says why).
    const results = parse((await tenant.agent.get(`/v1/batches/${id}/results.csv`)).text, { columns: true }) as Record<string, string>[];
    expect(results.filter((row) => row.outcome !== 'succeeded')).toEqual([]);
    expect(results.map((row) => Number(row.rowNumber))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(done).toMatchObject({ status: 'completed', total: ROWS, succeeded: ROWS, failed: 0, cancelled: 0, deferred: 0, pending: 0 });

    // Each row's command applied once, and a subscription's rows in file order (its versions count up with the rows).
    const commands = await db
      .collection<{ _id: string; rowNumber: number; subscriptionId: string; status: string; result: { subscriptionVersion?: number } | null }>('commands')
      .find({ batchId: id })
      .toArray();
    expect(commands).toHaveLength(ROWS);
    expect(commands.filter((command) => command.status !== 'succeeded')).toEqual([]);
    const problems: string[] = [];
    for (const subscriptionId of subscriptions) {
      const versions = commands
        .filter((command) => command.subscriptionId === subscriptionId)
        .sort((a, b) => a.rowNumber - b.rowNumber)
        .map((command) => command.result?.subscriptionVersion ?? 0);
      if (versions.some((version, i) => i > 0 && version <= versions[i - 1])) problems.push(`${subscriptionId}: versions ${versions.join(',')}`);
    }
    expect(problems).toEqual([]);

    // Each subscription was updated exactly once per row, and holds its last row's quantity.
    const states = await db.collection<{ _id: string; state: { updateCount: number; quantity: number } }>('subscriptions').find({ _id: { $in: subscriptions } }).toArray();
    expect(states.filter((doc) => doc.state.updateCount !== ROWS_EACH || doc.state.quantity !== 1 + ROWS_EACH).map((doc) => `${doc._id}: ${JSON.stringify(doc.state)}`)).toEqual([]);
    const events = await db
      .collection('events')
      .aggregate<{ _id: string; n: number }>([{ $match: { type: 'subscription.quantity-changed', commandId: { $in: commands.map((command) => command._id) } } }, { $group: { _id: '$commandId', n: { $sum: 1 } } }])
      .toArray();
    expect(events).toHaveLength(ROWS);
    expect(events.filter((event) => event.n !== 1)).toEqual([]);
    expect(await db.collection('events').countDocuments({ type: 'batch.completed', 'data.batchId': id })).toBe(1);
  }, 3_600_000);
});
