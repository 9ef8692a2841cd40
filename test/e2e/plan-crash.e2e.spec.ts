import { join } from 'node:path';
import { Connection } from 'mongoose';
import { projectRoot } from '../../scripts/local-servers';
import { RunningApps, startApps } from '../support/running-apps';
import { databaseOf } from '../support/scenario';
import { PartnerUsers, partnerUsers, SubscriptionSteps, subscriptionPath as sub } from '../support/subscription-steps';

const BASIC = 'microsoft-365-business-basic';
const STANDARD = 'microsoft-365-business-standard';
const PREMIUM = 'microsoft-365-business-premium';
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

  it('finishes an upgrade into an existing target whose source another upgrade filled meanwhile: licenses conserved, each applied once', async () => {
    const customerId = await steps.customer('Plan crash BV');
    const [a, b, c] = await steps.order(customerId, { offerId: BASIC, quantity: 5 }, { offerId: STANDARD, quantity: 4 }, { offerId: PREMIUM, quantity: 3 });
    // Past their cancellation windows, so B and C can receive licenses (R-UPG-3).
    await db.collection('subscriptions').updateMany({ _id: { $in: [b, c] } } as never, { $unset: { 'state.cancellableUntil': '' } });
    const quantities = async () => Object.fromEntries((await subscriptionsOf(customerId)).map((s) => [s._id === a ? 'a' : s._id === b ? 'b' : 'c', s.state.quantity]));

    // B → C: the worker dies right after its first write (C receives the licenses), before B gives them up.
    await apps.stopWorkers();
    apps.env.CRASH_AFTER_CROSS_WRITE_TO = c;
    const faulty = await apps.startWorker(CRASH_WORKER);
    delete apps.env.CRASH_AFTER_CROSS_WRITE_TO;
    const exited = new Promise((done) => faulty.once('exit', (code, signal) => done(signal ?? code)));
    const first = await users.admin.post(sub(customerId, b, '/upgrades'), { targetSubscriptionId: c, quantity: 2 });
    expect(first.status).toBe(202);
    expect(await exited).toBe('SIGKILL');
    expect(await quantities()).toEqual({ a: 5, b: 4, c: 5 });

    // Meanwhile A → B changes the plan's other subscription, B, before the first command is taken over.
    await apps.startWorker();
    const second = await users.admin.post(sub(customerId, a, '/upgrades'), { targetSubscriptionId: b, quantity: 1 });
    expect(second.status).toBe(202);
    const [one, two] = await Promise.all([first, second].map((accepted) => users.admin.finished(accepted.body.commandId, 150_000)));

    expect([one.status, one.error?.code ?? null]).toEqual(['succeeded', null]);
    expect([two.status, two.error?.code ?? null]).toEqual(['succeeded', null]);
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
});
