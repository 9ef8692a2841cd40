import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { projectRoot } from '../../../scripts/local-servers';
import { RunningApps, startApps } from '../../support/running-apps';
import { buy, customerOf, databaseOf, partnerOn, Tenant } from '../../support/scenario';

const CRASH_WORKER = join(projectRoot, 'dist', 'scripts', 'crash-after-run-write-worker.js');
const RESERVE_CRASH_WORKER = join(projectRoot, 'dist', 'scripts', 'crash-after-run-reserve-worker.js');
const COUNTING_WORKER = join(projectRoot, 'dist', 'scripts', 'write-counting-worker.js');
const BASIC = 'microsoft-365-business-basic';

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
  function feedStopped(subscriptionId: string): Promise<Fed> {
    return feedCommands(customerId, subscriptionId, COMMANDS);
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
  // Counted commands (customer-wide counters, R-ADD-CP, R-ADD-RATIO): a business-basic base and a
  // Copilot add-on over it (at most 100% of the base's licenses). Each run is decided on the
  // customer's holdings plus the deltas of the run's earlier accepted commands, so the base run
  // leaves 11 base licenses, and in the Copilot run 12 is refused (12 > 11) although it would pass
  // were the earlier increase to 10 ignored (8 + 2 = 10); 20 000 is refused in the middle (R-QTY-1).
  const BASE_RUN: Record<string, unknown>[] = [{ quantity: 12 }, { quantity: 20_000 }, { quantity: 7 }, { friendlyName: 'base' }, { quantity: 11 }];
  const COPILOT_RUN: Record<string, unknown>[] = [{ quantity: 10 }, { quantity: 12 }, { friendlyName: 'copilot' }, { quantity: 11 }];

  interface Counted {
    customerId: string;
    base: Fed;
    copilot: Fed;
  }

  let countedOneAtATime: unknown;

  /** Orders are applied by a worker: one is started when an earlier case left none running. */
  async function aWorkerRunning(): Promise<void> {
    if (apps.workers.every((worker) => worker.exitCode !== null || worker.signalCode !== null)) await apps.startWorker();
  }

  async function countedCustomer(): Promise<{ customerId: string; base: string; copilot: string }> {
    await aWorkerRunning();
    const id = await customerOf(tenant.agent);
    const [base] = await buy(tenant.agent, id, 1, { offerId: BASIC, quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' });
    const [copilot] = await buy(tenant.agent, id, 1, { offerId: 'microsoft-365-copilot', quantity: 8, termDuration: 'P1Y', billingFrequency: 'monthly' });
    return { customerId: id, base, copilot };
  }

  /** Queues the commands on a customer's subscription while no worker runs. */
  async function feedCommands(customer: string, subscriptionId: string, bodies: Record<string, unknown>[]): Promise<Fed> {
    await apps.stopWorkers();
    const commandIds: string[] = [];
    for (const body of bodies) {
      const response = await tenant.agent.patch(`/v1/customers/${customer}/subscriptions/${subscriptionId}`, body);
      expect(response.status).toBe(202);
      commandIds.push(response.body.commandId);
    }
    return { subscriptionId, commandIds };
  }

  /** Both runs, one after the other (the Copilot run reads what the base run left); `start` starts the worker of each. */
  async function countedRuns(start: (run: 'base' | 'copilot', fed: Fed) => Promise<void>): Promise<Counted> {
    const { customerId: id, base, copilot } = await countedCustomer();
    const baseFed = await feedCommands(id, base, BASE_RUN);
    await start('base', baseFed);
    await finishedAll(baseFed);
    const copilotFed = await feedCommands(id, copilot, COPILOT_RUN);
    await start('copilot', copilotFed);
    await finishedAll(copilotFed);
    return { customerId: id, base: baseFed, copilot: copilotFed };
  }

  /** What the customer went through (both subscriptions, its holdings), with its own ids replaced by placeholders. */
  async function observedCounted(counted: Counted): Promise<any> {
    const commandIds = [...counted.base.commandIds, ...counted.copilot.commandIds];
    const commands = await Promise.all(commandIds.map((id) => tenant.agent.finished(id, 120_000)));
    const subscriptions = await Promise.all(
      [counted.base, counted.copilot].map(async (fed) => (await tenant.agent.get(`/v1/customers/${counted.customerId}/subscriptions/${fed.subscriptionId}`)).body),
    );
    const events = await db
      .collection('events')
      .find({ commandId: { $in: commandIds } })
      .sort({ seq: 1 })
      .project({ _id: 0, seq: 0, recordedAt: 0 })
      .toArray();
    const charges = await db.collection('charges').find({ commandId: { $in: commandIds } }).sort({ _id: 1 }).toArray();
    const customer = await db.collection<{ _id: string }>('customers').findOne({ _id: counted.customerId }, { projection: { holdings: 1, reservations: 1 } });
    const outcomes = commands.map((c: any) => ({ status: c.status, attempts: c.attempts, seq: c.seq, result: c.result, error: c.error }));
    let text = JSON.stringify({ outcomes, subscriptions, events, charges, customer });
    text = text.split(counted.customerId).join('<customer>');
    text = text.split(counted.base.subscriptionId).join('<base>');
    text = text.split(counted.copilot.subscriptionId).join('<copilot>');
    commandIds.forEach((id, i) => (text = text.split(id).join(`<command ${i}>`)));
    return JSON.parse(text);
  }

  it('decides a run of counted commands on the holdings its earlier commands left, as one at a time would (R-ADD-CP, R-QTY-1)', async () => {
    const single = await countedRuns(async () => {
      apps.env.GROUP_COMMIT_MAX = '1';
      await apps.startWorker();
      delete apps.env.GROUP_COMMIT_MAX;
    });
    countedOneAtATime = await observedCounted(single);
    const expected = countedOneAtATime as any;
    expect(expected.outcomes.map((o: any) => o.error?.code ?? o.status)).toEqual([
      'succeeded',
      'QUANTITY_OUT_OF_RANGE',
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
      'COPILOT_EXCEEDS_BASE',
      'succeeded',
      'succeeded',
    ]);
    expect(expected.customer.holdings).toEqual(
      expect.arrayContaining([
        { offerId: BASIC, licenses: 11, subscriptions: 1 },
        { offerId: 'microsoft-365-copilot', licenses: 11, subscriptions: 1 },
      ]),
    );
    expect(expected.customer.reservations).toEqual([]);

    const batched = await countedRuns(() => apps.startWorker().then(() => undefined));
    // Each went in one run: one write took the group past all of its commands.
    expect((await runOf(batched.base.subscriptionId))?.lastRun?.ids).toEqual(batched.base.commandIds);
    expect((await runOf(batched.copilot.subscriptionId))?.lastRun?.ids).toEqual(batched.copilot.commandIds);
    expect(await observedCounted(batched)).toEqual(expected);
  });

  it('finishes a counted run whose worker was killed right after its write, as one at a time would have', async () => {
    const counted = await countedRuns(async (run, fed) => {
      if (run === 'base') {
        await apps.startWorker();
        return;
      }
      apps.env.CRASH_AFTER_RUN_OF = fed.subscriptionId;
      const faulty = await apps.startWorker(CRASH_WORKER, { awaitReady: false });
      delete apps.env.CRASH_AFTER_RUN_OF;
      expect(await new Promise((done) => faulty.once('exit', (code, signal) => done(signal ?? code)))).toBe('SIGKILL');
      // The run was written with its reservation on the customer, none of its records finished.
      expect((await runOf(fed.subscriptionId))?.lastRun?.ids).toEqual(fed.commandIds);
      const customer = await db.collection<{ _id: string; reservations: { commandId: string }[] }>('customers').findOne({ _id: (await fedCustomer(fed)) });
      expect(customer?.reservations.map((r) => r.commandId)).toEqual([fed.commandIds[0]]);
      await apps.startWorker();
    });
    expect(await observedCounted(counted)).toEqual(countedOneAtATime);
  });

  it('drops the reservation of a counted run whose worker was killed right after reserving, and applies the run afresh', async () => {
    const counted = await countedRuns(async (run, fed) => {
      if (run === 'base') {
        await apps.startWorker();
        return;
      }
      const before = await runOf(fed.subscriptionId);
      apps.env.CRASH_AFTER_RESERVE_OF = fed.commandIds[0];
      const faulty = await apps.startWorker(RESERVE_CRASH_WORKER, { awaitReady: false });
      delete apps.env.CRASH_AFTER_RESERVE_OF;
      expect(await new Promise((done) => faulty.once('exit', (code, signal) => done(signal ?? code)))).toBe('SIGKILL');
      // Reserved for the whole run (10, then 11: +3 Copilot licenses), keyed by its head; nothing written on the subscription.
      const customer = await db
        .collection<{ _id: string; reservations: { commandId: string; deltas: { offerId: string; licenses: number }[] }[] }>('customers')
        .findOne({ _id: await fedCustomer(fed) });
      expect(customer?.reservations.map((r) => [r.commandId, r.deltas.map((d) => [d.offerId, d.licenses])])).toEqual([
        [fed.commandIds[0], [['microsoft-365-copilot', 3]]],
      ]);
      expect(await runOf(fed.subscriptionId)).toEqual(before);
      await apps.startWorker();
    });
    expect(await observedCounted(counted)).toEqual(countedOneAtATime);
  });

  async function fedCustomer(fed: Fed): Promise<string> {
    const doc = await db.collection<{ _id: string; customerId: string }>('subscriptions').findOne({ _id: fed.subscriptionId });
    if (!doc) throw new Error(`no subscription ${fed.subscriptionId}`);
    return doc.customerId;
  }

  /** The worker's MongoDB writes while it applies the commands queued on the subscription. */
  async function writesApplying(fed: Fed, env: Record<string, string> = {}): Promise<number> {
    const file = join(tmpdir(), `group-commit-writes-${process.pid}-${fed.subscriptionId}.json`);
    Object.assign(apps.env, env, { COUNT_WRITES_TO: file });
    await apps.startWorker(COUNTING_WORKER);
    for (const key of [...Object.keys(env), 'COUNT_WRITES_TO']) delete apps.env[key];
    await finishedAll(fed);
    await apps.stopWorkers();
    const counts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
    console.log(`writes applying ${fed.commandIds.length} commands${env.GROUP_COMMIT_MAX ? ` (GROUP_COMMIT_MAX=${env.GROUP_COMMIT_MAX})` : ''}: ${JSON.stringify(counts)}`);
    return Object.values(counts).reduce((n, c) => n + c, 0);
  }

  it('applies 10 business-basic quantity changes queued on one subscription with far fewer MongoDB writes as one run than one at a time', async () => {
    const quantities = Array.from({ length: 10 }, (_, i) => ({ quantity: 2 + i }));
    await aWorkerRunning();
    const id = await customerOf(tenant.agent);
    const [single, batched] = await buy(tenant.agent, id, 2, { offerId: BASIC, quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' });
    const oneAtATimeWrites = await writesApplying(await feedCommands(id, single, quantities), { GROUP_COMMIT_MAX: '1' });
    const fed = await feedCommands(id, batched, quantities);
    const runWrites = await writesApplying(fed);
    expect((await runOf(batched))?.lastRun?.ids).toEqual(fed.commandIds);
    // One at a time, each counted command reserves, writes, commits, records and finishes on its own (about 7 writes).
    expect(oneAtATimeWrites).toBeGreaterThanOrEqual(50);
    expect(runWrites * 3).toBeLessThan(oneAtATimeWrites);
    await apps.startWorker();
  });
});
