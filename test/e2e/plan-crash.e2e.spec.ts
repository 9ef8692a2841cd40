import { join } from 'node:path';
import { Connection } from 'mongoose';
import { projectRoot } from '../../scripts/local-servers';
import { RunningApps, startApps } from '../support/running-apps';
import { databaseOf } from '../support/scenario';
import { PartnerUsers, partnerUsers, SubscriptionSteps, subscriptionPath as sub } from '../support/subscription-steps';

const BASIC = 'microsoft-365-business-basic';
const STANDARD = 'microsoft-365-business-standard';
const PREMIUM = 'microsoft-365-business-premium';
const E3 = 'microsoft-365-e3';
const COPILOT = 'microsoft-365-copilot';
const CRASH_WORKER = join(projectRoot, 'dist', 'scripts', 'crash-after-cross-write-worker.js');

interface StoredSubscription {
  _id: string;
  offerId: string;
  status: string;
  state: { quantity: number; lots: { id: string; quantity: number }[] };
}

// Issue 15 item 12: a command touching several subscriptions, its worker killed between the
// writes of its plan while another command changes one of the plan's subscriptions, is carried
// out whole, once; no license is made or lost (docs/architecture.md, "Commands touching several
// subscriptions").
describe('a plan interrupted between its writes (G4, R-UPG-6)', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let steps: SubscriptionSteps;
  let db: Connection;

  beforeAll(async () => {
    // A short lock so the killed worker's pump is taken over within seconds; a short backoff so a
    // command that keeps failing reaches INTERNAL_ERROR within the test.
    apps = await startApps('plan-crash', { env: { WORKER_LOCK_DURATION: 'PT10S', RECONCILE_INTERVAL: 'PT3S', RETRY_BASE_DELAY: 'PT0.05S' } });
    users = await partnerUsers(apps.baseUrl);
    steps = new SubscriptionSteps(users.admin);
    db = await databaseOf(apps);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  const subscriptionsOf = (customerId: string) => db.collection<StoredSubscription>('subscriptions').find({ customerId } as never).toArray();

  /** Submits a command to a worker that is killed right after the command's write onto `crashAfterWriteTo`; a sound worker is started after. */
  async function killedBetweenWrites(crashAfterWriteTo: string, submit: () => Promise<{ status: number; body: { commandId: string } }>): Promise<string> {
    await apps.stopWorkers();
    apps.env.CRASH_AFTER_CROSS_WRITE_TO = crashAfterWriteTo;
    const faulty = await apps.startWorker(CRASH_WORKER);
    delete apps.env.CRASH_AFTER_CROSS_WRITE_TO;
    const exited = new Promise((done) => faulty.once('exit', (code, signal) => done(signal ?? code)));
    const accepted = await submit();
    expect(accepted.status).toBe(202);
    expect(await exited).toBe('SIGKILL');
    return accepted.body.commandId;
  }

  it('finishes an upgrade into an existing target whose source another upgrade filled meanwhile: licenses conserved, each applied once', async () => {
    const customerId = await steps.customer('Plan crash BV');
    const [a, b, c] = await steps.order(customerId, { offerId: BASIC, quantity: 5 }, { offerId: STANDARD, quantity: 4 }, { offerId: PREMIUM, quantity: 3 });
    // Past their cancellation windows, so B and C can receive licenses (R-UPG-3).
    await db.collection('subscriptions').updateMany({ _id: { $in: [b, c] } } as never, { $unset: { 'state.cancellableUntil': '' } });
    const quantities = async () => Object.fromEntries((await subscriptionsOf(customerId)).map((s) => [s._id === a ? 'a' : s._id === b ? 'b' : 'c', s.state.quantity]));

    // B → C: the worker dies right after its first write (C receives the licenses), before B gives them up.
    const first = await killedBetweenWrites(c, () => users.admin.post(sub(customerId, b, '/upgrades'), { targetSubscriptionId: c, quantity: 2 }));
    expect(await quantities()).toEqual({ a: 5, b: 4, c: 5 });

    // Meanwhile A → B changes the plan's other subscription, B, before the first command is taken over.
    await apps.startWorker();
    const second = await users.admin.post(sub(customerId, a, '/upgrades'), { targetSubscriptionId: b, quantity: 1 });
    expect(second.status).toBe(202);
    const [one, two] = await Promise.all([first, second.body.commandId].map((id) => users.admin.finished(id, 150_000)));

    expect([one.status, one.error?.code ?? null]).toEqual(['succeeded', null]);
    expect([two.status, two.error?.code ?? null]).toEqual(['succeeded', null]);
    // The second waited for the plan holding B, and was decided on B as the plan left it.
    expect(new Date(two.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(one.finishedAt).getTime());
    expect(await quantities()).toEqual({ a: 4, b: 3, c: 5 });
    const all = await subscriptionsOf(customerId);
    const lotsOf = (id: string, commandId: string) => all.find((s) => s._id === id)!.state.lots.filter((lot) => lot.id === commandId).map((lot) => lot.quantity);
    expect(lotsOf(c, one.id)).toEqual([2]);
    expect(lotsOf(b, two.id)).toEqual([1]);
    // The customer's counters say what the subscriptions hold.
    const customer = await db.collection('customers').findOne({ _id: customerId } as never);
    const held = Object.fromEntries((customer!.holdings as { offerId: string; licenses: number }[]).filter((h) => h.licenses !== 0).map((h) => [h.offerId, h.licenses]));
    expect(held).toEqual({ [BASIC]: 4, [STANDARD]: 3, [PREMIUM]: 5 });
    expect(customer!.reservations).toEqual([]);
    const upgraded = await db.collection('events').find({ type: 'subscription.upgraded', commandId: { $in: [one.id, two.id] } } as never).toArray();
    expect(upgraded.map((e) => e.commandId).sort()).toEqual([one.id, two.id].sort());
  }, 240_000);

  it('finishes suspending a base with its add-ons (R-ADD-2) when an add-on not yet suspended is changed meanwhile', async () => {
    const customerId = await steps.customer('Plan crash add-ons BV');
    const [base] = await steps.order(customerId, { offerId: E3, quantity: 10 });
    const addOns = (await steps.order(customerId, { offerId: COPILOT, quantity: 2, baseSubscriptionId: base }, { offerId: COPILOT, quantity: 2, baseSubscriptionId: base })).sort();
    // The plan writes the add-ons in id order: killed after the first, before the second.
    const suspend = await killedBetweenWrites(addOns[0], () => users.admin.post(sub(customerId, base, '/suspend')));
    const statuses = async () => Object.fromEntries((await subscriptionsOf(customerId)).map((s) => [s._id, s.status]));
    expect(await statuses()).toEqual({ [base]: 'active', [addOns[0]]: 'suspended', [addOns[1]]: 'active' });

    await apps.startWorker();
    const change = await users.admin.patch(sub(customerId, addOns[1]), { quantity: 3 });
    expect(change.status).toBe(202);
    const [suspended, changed] = await Promise.all([suspend, change.body.commandId].map((id) => users.admin.finished(id, 150_000)));

    expect([suspended.status, suspended.error?.code ?? null]).toEqual(['succeeded', null]);
    expect(await statuses()).toEqual({ [base]: 'suspended', [addOns[0]]: 'suspended', [addOns[1]]: 'suspended' });
    expect(new Date(changed.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(suspended.finishedAt).getTime());
    const quantity = (await subscriptionsOf(customerId)).find((s) => s._id === addOns[1])!.state.quantity;
    // Decided once the plan let go: on a suspended add-on, refused with nothing changed.
    expect([changed.status, changed.error?.code ?? null, quantity]).toEqual(['failed', 'SUBSCRIPTION_NOT_ACTIVE', 2]);
    const events = await db.collection('events').find({ type: 'subscription.suspended', commandId: suspend } as never).toArray();
    expect(events.map((e) => e.subscriptionId).sort()).toEqual([base, ...addOns].sort());
  }, 240_000);
});
