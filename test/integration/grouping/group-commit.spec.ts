import { join } from 'node:path';
import { Connection } from 'mongoose';
import { projectRoot } from '../../../scripts/local-servers';
import { RunningApps, startApps } from '../../support/running-apps';
import { buy, customerOf, databaseOf, partnerOn, Tenant } from '../../support/scenario';

const CRASH_WORKER = join(projectRoot, 'dist', 'scripts', 'crash-after-run-write-worker.js');

/** The same commands for every subscription: changes with charges, a refusal in the middle (R-QTY-1: above the offer's maximum), more changes after it. */
const COMMANDS: Record<string, unknown>[] = [
  { quantity: 12 },
  { friendlyName: 'first' },
  { quantity: 20_000 },
  { quantity: 15, friendlyName: 'second' },
  { autoRenewEnabled: false },
  { quantity: 14 },
];

interface Fed {
  subscriptionId: string;
  commandIds: string[];
}

// Group commit (docs/architecture.md, "Group commit"): a subscription's queued commands decided one
// after the other in memory and applied with one write give exactly what one at a time gives (G1,
// G4): the same final state, outcomes, events and charges, a refusal in the middle changing nothing
// for the others; also when the worker is killed right after the run's write. The sandbox clock
// stands still, so both ways decide at the same instant.
describe('group commit: a run applies as one at a time would (G1, G4)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;
  let oneAtATime: Fed;

  beforeAll(async () => {
    apps = await startApps('groupcommit', { env: { CLOCK_MODE: 'sandbox', WORKER_LOCK_DURATION: 'PT5S', RECONCILE_INTERVAL: 'PT3S' } });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  const line = { offerId: 'ems-e3', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' };

  /** Queues every command while no worker runs, so the next worker finds them all waiting. */
  async function feedStopped(subscriptionId: string): Promise<Fed> {
    await apps.stopWorkers();
    const commandIds: string[] = [];
    for (const body of COMMANDS) {
      const response = await tenant.agent.patch(`/v1/customers/${customerId}/subscriptions/${subscriptionId}`, body);
      expect(response.status).toBe(202);
      commandIds.push(response.body.commandId);
    }
    return { subscriptionId, commandIds };
  }

  async function finishedAll(fed: Fed): Promise<unknown[]> {
    return Promise.all(fed.commandIds.map((id) => tenant.agent.finished(id, 120_000)));
  }

  /** What one subscription went through, with its own ids replaced by placeholders. */
  async function observed(fed: Fed): Promise<unknown> {
    const commands = await finishedAll(fed);
    const subscription = (await tenant.agent.get(`/v1/customers/${customerId}/subscriptions/${fed.subscriptionId}`)).body;
    const events = await db
      .collection('events')
      .find({ subscriptionId: fed.subscriptionId, commandId: { $in: fed.commandIds } })
      .sort({ seq: 1 })
      .project({ _id: 0, seq: 0, recordedAt: 0 })
      .toArray();
    const charges = await db.collection('charges').find({ commandId: { $in: fed.commandIds } }).sort({ _id: 1 }).toArray();
    const outcomes = commands.map((c: any) => ({ status: c.status, attempts: c.attempts, seq: c.seq, result: c.result, error: c.error }));
    let text = JSON.stringify({ outcomes, subscription, events, charges });
    text = text.split(fed.subscriptionId).join('<subscription>');
    fed.commandIds.forEach((id, i) => (text = text.split(id).join(`<command ${i}>`)));
    return JSON.parse(text);
  }

  function runOf(subscriptionId: string): Promise<{ lastRun?: { ids: string[] } | null } | null> {
    return db.collection<{ _id: string; lastRun?: { ids: string[] } | null }>('subscriptions').findOne({ _id: subscriptionId });
  }

  it('gives the same state, outcomes, events and charges as one at a time, with a refusal in the middle', async () => {
    const [single, batched] = await buy(tenant.agent, customerId, 2, line);
    oneAtATime = await feedStopped(single);
    apps.env.GROUP_COMMIT_MAX = '1';
    await apps.startWorker();
    delete apps.env.GROUP_COMMIT_MAX;
    const expected = await observed(oneAtATime);
    expect((await runOf(single))?.lastRun ?? null).toBeNull();
    expect((expected as any).outcomes.map((o: any) => o.error?.code ?? o.status)).toEqual([
      'succeeded',
      'succeeded',
      'QUANTITY_OUT_OF_RANGE',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    // Something to compare: the quantity changes charged, every change announced.
    expect((expected as any).charges.length).toBeGreaterThanOrEqual(3);
    expect((expected as any).events.length).toBeGreaterThanOrEqual(COMMANDS.length);

    const fed = await feedStopped(batched);
    await apps.startWorker();
    const actual = await observed(fed);
    // All six went in one run: one write took the group past them.
    expect((await runOf(batched))?.lastRun?.ids).toEqual(fed.commandIds);
    expect(actual).toEqual(expected);
  });

  it('finishes a run whose worker was killed right after its write, as one at a time would have', async () => {
    const [victim] = await buy(tenant.agent, customerId, 1, line);
    const fed = await feedStopped(victim);
    apps.env.CRASH_AFTER_RUN_OF = victim;
    // The queued run starts at once, so the worker may kill itself before it could answer as ready.
    const faulty = await apps.startWorker(CRASH_WORKER, { awaitReady: false });
    delete apps.env.CRASH_AFTER_RUN_OF;
    const exited = new Promise((done) => faulty.once('exit', (code, signal) => done(signal ?? code)));
    expect(await exited).toBe('SIGKILL');
    // The run was written, and none of its records finished.
    expect((await runOf(victim))?.lastRun?.ids).toEqual(fed.commandIds);
    const open = await db.collection('commands').countDocuments({ _id: { $in: fed.commandIds } as never, status: { $nin: ['succeeded', 'failed'] } });
    expect(open).toBe(fed.commandIds.length);

    await apps.startWorker();
    expect(await observed(fed)).toEqual(await observed(oneAtATime));
  });
});
