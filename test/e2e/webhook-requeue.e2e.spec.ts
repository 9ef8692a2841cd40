import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { freePort, waitForPort } from '../../scripts/local-servers';
import { RunningApps, startApps, stopProcess } from '../support/running-apps';
import { buy } from '../support/scenario';
import { PartnerUsers, partnerUsers } from '../support/subscription-steps';
import { WebhookReceiver } from '../support/webhook-receiver';

// Webhook deliveries are recorded in MongoDB and only scheduled in Redis: when Redis loses its data,
// the pending ones are queued again (WebhookRequeuer), and each is still sent once per attempt with
// the same webhook-id. Redis here is the spec's own, since it is flushed.
describe('webhook deliveries after Redis lost its data', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let apps: RunningApps;
  let users: PartnerUsers;
  let failing = true;
  const receiver = new WebhookReceiver(() => (failing ? 500 : 200));

  beforeAll(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, 10_000, redis);
    redisUrl = `redis://127.0.0.1:${port}`;
    // The retry after the first failure is 30 s away: it is a delayed job in Redis when Redis is flushed.
    apps = await startApps('webhookrequeue', { workers: 2, env: { REDIS_URL: redisUrl, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_BASE: 'PT30S' } });
    users = await partnerUsers(apps.baseUrl);
  });

  afterAll(async () => {
    await receiver.stop();
    await apps?.stop();
    if (redis) await stopProcess(redis);
  });

  it('queues pending deliveries again, each sent once per attempt with the same webhook-id', async () => {
    const url = await receiver.start();
    const created = await users.agent.post('/v1/webhooks', { url, types: ['subscription.created'] });
    expect(created.status).toBe(201);
    const customerId = (await users.admin.post('/v1/customers', { name: 'Requeue BV', country: 'NL', segment: 'commercial' })).body.id;
    const ids = await buy(users.admin, customerId, 3);
    await receiver.until(() => receiver.requests.length >= 3);
    const deliveries = async () => (await users.agent.get(`/v1/webhooks/${created.body.id}/deliveries`)).body.items;
    const deadline = Date.now() + 30_000;
    while ((await deliveries()).filter((d: any) => d.attempts.length === 1 && d.nextAttemptAt).length < 3 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
    }
    const eventIds: string[] = (await deliveries()).map((d: any) => d.eventId);
    expect(eventIds).toHaveLength(3);

    const client = new Redis(redisUrl);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
    failing = false;

    await receiver.until(() => eventIds.every((id) => receiver.of(id).some((r) => r.answered === 200)), 90_000);
    // Another round of the requeuer of each worker finds nothing left to send.
    await new Promise((done) => setTimeout(done, 20_000));
    for (const id of eventIds) {
      const requests = receiver.of(id);
      expect(requests.map((r) => r.answered)).toEqual([500, 200]);
      for (const request of requests) expect(new Webhook(created.body.secret).verify(request.body, request.headers)).toMatchObject({ id, type: 'subscription.created', customerId });
    }
    expect(receiver.requests).toHaveLength(6);
    const final = await deliveries();
    expect(final.map((d: any) => [d.status, d.attempts.map((a: any) => a.statusCode)])).toEqual(Array(3).fill(['succeeded', [500, 200]]));
    expect(new Set(final.map((d: any) => JSON.parse(receiver.of(d.eventId)[1].body).subscriptionId))).toEqual(new Set(ids));
  }, 240_000);
});
