import { COMMAND_QUEUE } from '@app/command-engine';
import { Queue } from 'bullmq';
import { Connection } from 'mongoose';
import { RunningApps, startApps } from '../../support/running-apps';
import { allFinished, buy, customerOf, databaseOf, partnerOn, Tenant } from '../../support/scenario';

// Failures are honest: a rule's refusal fails the command with its code at once (no retry); an
// infrastructure error is retried with backoff, then the command fails with INTERNAL_ERROR, its
// pump job is in BullMQ's failed list, and the subscription's later commands go on.
describe('failures (domain refusal vs. infrastructure error)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;

  beforeAll(async () => {
    apps = await startApps('failures', { env: { RETRY_BASE_DELAY: 'PT0.02S' } });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('fails a refused command with the rulebook code after one attempt (R-QTY-2)', async () => {
    const [id] = await buy(tenant.agent, customerId, 1, { offerId: 'microsoft-365-e3', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' });
    await db.collection('subscriptions').updateOne({ _id: id as never }, { $set: { 'state.lots.0.allowedUntil': new Date(Date.now() - 1000) } });
    const response = await tenant.agent.patch(`/v1/customers/${customerId}/subscriptions/${id}`, { quantity: 5 }, { prefer: 'wait=20' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'REDUCTION_WINDOW_CLOSED' } });
  });

  it('retries an infrastructure error, then fails with INTERNAL_ERROR, keeps the failed job, and goes on with the group', async () => {
    const [id] = await buy(tenant.agent, customerId, 1);
    const path = `/v1/customers/${customerId}/subscriptions/${id}`;
    // A subscription whose customer document is gone cannot be decided: every attempt throws.
    const customer = await db.collection('customers').findOne({ _id: customerId as never });
    await db.collection('customers').deleteOne({ _id: customerId as never });
    const broken = await tenant.agent.patch(path, { friendlyName: 'never' });
    await allFinished(db, 120_000);
    await db.collection('customers').insertOne(customer as never);

    const command = (await tenant.agent.get(`/v1/commands/${broken.body.commandId}`)).body;
    expect(command).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
    expect(command.attempts).toBeGreaterThanOrEqual(10);

    const queue = new Queue(COMMAND_QUEUE, { connection: { url: apps.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: apps.queuePrefix });
    try {
      const failed = await queue.getFailed();
      expect(failed.map((job) => job.data.group)).toContain(`sub:${id}`);
    } finally {
      await queue.close();
    }

    const after = await tenant.agent.patch(path, { friendlyName: 'later' }, { prefer: 'wait=20' });
    expect(after.body).toMatchObject({ status: 'succeeded' });
    expect((await tenant.agent.get(path)).body.friendlyName).toBe('later');
  });

  it.each([
    ['an unknown type', 'no-such-command', {}],
    ['a payload that is not its type\'s', 'update-subscription', { quantity: 'many' }],
  ])('fails a stored record with %s with INTERNAL_ERROR at once, and goes on with the group', async (_, type, payload) => {
    const [id] = await buy(tenant.agent, customerId, 1);
    const path = `/v1/customers/${customerId}/subscriptions/${id}`;
    // A record written by other code (or by hand): put in the subscription's queue as intake would.
    const badId = `bad-${type}-${Date.now()}`;
    await db.collection('commands').insertOne({
      _id: badId, type, status: 'queued', partnerId: tenant.partnerId, customerId, subscriptionId: id, subscriptionIds: [id],
      groupKey: `sub:${id}`, seq: null, payload: { subscriptionId: id, ...payload }, actor: { userId: 'u', partnerId: tenant.partnerId, roles: [] },
      idempotencyKey: badId, requestHash: 'x', acceptedAt: new Date(), startedAt: null, finishedAt: null, attempts: 0, nextAttemptAt: null,
      deferredReason: null, deferrals: [], result: null, error: null, plan: null, batchId: null, rowNumber: null,
    } as never);
    await db.collection('subscriptions').updateOne({ _id: id as never }, { $inc: { 'queue.lastSeq': 1 }, $push: { 'queue.pending': badId } } as never);

    const after = await tenant.agent.patch(path, { friendlyName: 'after the bad one' }, { prefer: 'wait=20' });
    expect(after.body).toMatchObject({ status: 'succeeded' });
    const bad = (await tenant.agent.get(`/v1/commands/${badId}`)).body;
    expect(bad).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INTERNAL_ERROR' } });
  });
});

