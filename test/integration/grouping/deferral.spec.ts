import { join } from 'node:path';
import { Connection } from 'mongoose';
import { projectRoot } from '../../../scripts/local-servers';
import { RunningApps, startApps } from '../../support/running-apps';
import { allFinished, buy, commandsOf, customerOf, databaseOf, inPool, partnerOn, Tenant } from '../../support/scenario';

const DAY = 24 * 3_600_000;

/** Makes a subscription's term end yesterday, so the time process starts its renewal now (R-REN-2). */
async function endTermYesterday(db: Connection, subscriptionId: string): Promise<void> {
  const midnight = new Date(Math.floor(Date.now() / DAY) * DAY);
  await db.collection('subscriptions').updateOne(
    { _id: subscriptionId as never },
    { $set: { 'state.termEndDate': new Date(midnight.getTime() - DAY), nextDueAt: new Date(), nextDueType: 'start-renewal' } },
  );
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// G3 / R-REN-4: a command that meets a renewal in progress is deferred, the commands behind it in
// its subscription wait with it, other subscriptions carry on, and when the renewal completes the
// waiting commands apply at once, in order.
describe('deferral on a renewal in progress (G3, R-REN-4)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;
  let renewing: string;
  let others: string[];

  beforeAll(async () => {
    apps = await startApps('deferral', {
      workers: 2,
      env: { CONFLICT_RETRY_DELAY: 'PT60S', RENEWAL_PROCESSING_DURATION: 'PT10S', TIME_TICK_INTERVAL: 'PT0.5S' },
    });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
    [renewing, ...others] = await buy(tenant.agent, customerId, 51);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('defers the three commands of the renewing subscription, lets 50 others finish, then applies the three in order when the renewal completes', async () => {
    const path = (id: string) => `/v1/customers/${customerId}/subscriptions/${id}`;
    await endTermYesterday(db, renewing);
    const started = await until(() => tenant.agent.get(path(renewing)), (r) => r.body.renewalInProgress === true);
    expect(started.body.renewalInProgress).toBe(true);

    const waiting: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      const response = await tenant.agent.patch(path(renewing), { friendlyName: name });
      expect(response.status).toBe(202);
      waiting.push(response.body.commandId);
    }
    await inPool(others.map((id) => async () => tenant.agent.patch(path(id), { friendlyName: 'meanwhile' })), 10);
    await until(() => commandsOf(db, { subscriptionId: { $in: others }, status: 'succeeded', type: 'update-subscription' }), (rows) => rows.length === others.length);

    const deferred = await Promise.all(waiting.map(async (id) => (await tenant.agent.get(`/v1/commands/${id}`)).body));
    for (const command of deferred) {
      expect(command).toMatchObject({ status: 'deferred', deferredReason: 'RENEWAL_IN_PROGRESS' });
    }
    // nextAttemptAt = when the head met the renewal + CONFLICT_RETRY_DELAY (60 s here).
    const retryAt = new Date(deferred[0].nextAttemptAt).getTime();
    expect(retryAt - new Date(deferred[0].acceptedAt).getTime()).toBeGreaterThanOrEqual(59_000);
    expect(retryAt - Date.now()).toBeGreaterThan(30_000);
    expect(deferred.map((c) => c.nextAttemptAt)).toEqual(Array(3).fill(deferred[0].nextAttemptAt));

    // The renewal completes 10 s after it started; the deferred commands apply then, long before their retry time.
    const finished = await until(
      () => Promise.all(waiting.map(async (id) => (await tenant.agent.get(`/v1/commands/${id}`)).body)),
      (rows) => rows.every((c) => c.status === 'succeeded'),
      30_000,
    );
    expect(Date.now()).toBeLessThan(retryAt);
    const versions = finished.map((c) => c.result.subscriptionVersion);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const subscription = (await tenant.agent.get(path(renewing))).body;
    expect(subscription).toMatchObject({ renewalInProgress: false, friendlyName: 'third' });
    const history = (await tenant.agent.get(`${path(renewing)}/history`)).body.items.filter((entry: any) => waiting.includes(entry.commandId));
    expect(history.filter((entry: any) => entry.outcome === 'deferred').length).toBeGreaterThanOrEqual(1);
  });
});

describe('deferral past the maximum wait (R-REN-4, RENEWAL_CONFLICT_TIMEOUT)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;

  beforeAll(async () => {
    apps = await startApps('deferraltimeout', {
      env: { CONFLICT_RETRY_DELAY: 'PT1S', CONFLICT_MAX_WAIT: 'PT4S', RENEWAL_PROCESSING_DURATION: 'PT120S', TIME_TICK_INTERVAL: 'PT0.5S' },
    });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('fails the waiting commands with RENEWAL_CONFLICT_TIMEOUT once the maximum wait has passed, in order', async () => {
    const customerId = await customerOf(tenant.agent);
    const [renewing] = await buy(tenant.agent, customerId, 1);
    const path = `/v1/customers/${customerId}/subscriptions/${renewing}`;
    await endTermYesterday(db, renewing);
    await until(() => tenant.agent.get(path), (r) => r.body.renewalInProgress === true);

    const first = await tenant.agent.patch(path, { friendlyName: 'too late' });
    const second = await tenant.agent.patch(path, { quantity: 2 });
    await allFinished(db, 60_000);
    const results = await Promise.all([first, second].map(async (r) => (await tenant.agent.get(`/v1/commands/${r.body.commandId}`)).body));
    for (const command of results) {
      expect(command).toMatchObject({ status: 'failed', error: { code: 'RENEWAL_CONFLICT_TIMEOUT' } });
      expect(new Date(command.finishedAt).getTime() - new Date(command.acceptedAt).getTime()).toBeGreaterThanOrEqual(4_000);
    }
    expect(new Date(results[0].finishedAt).getTime()).toBeLessThanOrEqual(new Date(results[1].finishedAt).getTime());
    expect((await tenant.agent.get(path)).body).toMatchObject({ friendlyName: expect.not.stringMatching('too late'), quantity: 1 });
  });
});

const SLOW_PARK_WORKER = join(projectRoot, 'dist', 'scripts', 'slow-park-worker.js');

// The pump writes its deferral, then parks its job as a delayed one. A retry time reached (or a
// renewal completed) in between finds no delayed job to promote: the pump must find that out itself,
// or the group waits the whole real-time delay (here 5 minutes), and the sandbox clock with it.
describe('a wait that ends while the deferred pump is still parking (R-REN-4, sandbox clock)', () => {
  let apps: RunningApps;
  let tenant: Tenant;

  beforeAll(async () => {
    apps = await startApps('deferralpark', {
      workers: 0,
      env: { CLOCK_MODE: 'sandbox', CONFLICT_RETRY_DELAY: 'PT5M', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H', PARK_DELAY_MS: '5000' },
    });
    await apps.startWorker(SLOW_PARK_WORKER);
    tenant = await partnerOn(apps);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('the command is tried again at its retry time, not a real-time delay later', async () => {
    const customerId = await customerOf(tenant.agent);
    const [renewing] = await buy(tenant.agent, customerId, 1, { offerId: 'microsoft-365-business-basic', quantity: 2, termDuration: 'P1M', billingFrequency: 'monthly' });
    const path = `/v1/customers/${customerId}/subscriptions/${renewing}`;
    const { termEndDate } = (await tenant.agent.get(path)).body;
    await tenant.operator.post('/v1/clock', { setTo: new Date(new Date(termEndDate).getTime() + DAY + 60_000).toISOString() });
    await until(() => tenant.agent.get(path), (r) => r.body.renewalInProgress === true);

    const change = await tenant.agent.patch(path, { friendlyName: 'after the renewal' });
    const command = `/v1/commands/${change.body.commandId}`;
    const first = await until(() => tenant.agent.get(command), (r) => r.body.status === 'deferred', 30_000);
    // Within the pump's pause before it parks: the retry time comes.
    await tenant.operator.post('/v1/clock', { setTo: first.body.nextAttemptAt });
    const retried = await until(() => tenant.agent.get(command), (r) => r.body.status === 'deferred' && r.body.nextAttemptAt !== first.body.nextAttemptAt, 90_000);
    expect(new Date(retried.body.nextAttemptAt).getTime() - new Date(first.body.nextAttemptAt).getTime()).toBe(5 * 60_000);
  });
});
