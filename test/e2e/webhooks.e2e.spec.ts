import { Webhook } from 'standardwebhooks';
import { RunningApps, startApps } from '../support/running-apps';
import { buy } from '../support/scenario';
import { PartnerUsers, partnerUsers, subscriptionPath as sub } from '../support/subscription-steps';
import { WebhookReceiver } from '../support/webhook-receiver';

const TIMEOUT_MS = 1_500;

// api.md "Events and webhooks": deliveries signed per Standard Webhooks (verified with the
// `standardwebhooks` package, as a receiver would), retried with backoff on a failure or a timeout,
// secrets rotated with both signatures for a while; managed by global-admin and admin-agent (R-ROLE-1).
describe('webhooks', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    apps = await startApps('webhooks', {
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_BASE: 'PT0.2S', WEBHOOK_TIMEOUT: `PT${TIMEOUT_MS / 1000}S` },
    });
    users = await partnerUsers(apps.baseUrl);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.stop()));
    await apps?.stop();
  });

  async function receiver(answer: ConstructorParameters<typeof WebhookReceiver>[0]): Promise<{ receiver: WebhookReceiver; url: string }> {
    const created = new WebhookReceiver(answer);
    receivers.push(created);
    return { receiver: created, url: await created.start() };
  }

  const customer = async (client: typeof users.admin) => (await client.post('/v1/customers', { name: 'Hook BV', country: 'NL', segment: 'commercial' })).body.id as string;

  it('retries a failed delivery with the same webhook-id, signed before and after a secret rotation', async () => {
    const { receiver: hook, url } = await receiver((_, index) => (index === 0 ? 500 : 200));
    const created = await users.agent.post('/v1/webhooks', { url, types: ['subscription.created', 'subscription.quantity-changed'], description: 'erp' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    // The secret is shown only once.
    const read = await users.admin.get(`/v1/webhooks/${created.body.id}`);
    expect(read.body).toMatchObject({ id: created.body.id, url, types: ['subscription.created', 'subscription.quantity-changed'] });
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(6));
    expect(JSON.stringify((await users.admin.get('/v1/webhooks')).body)).not.toContain(secret.slice(6));

    const customerId = await customer(users.admin);
    const [subscriptionId] = await buy(users.admin, customerId, 1);
    await hook.until(() => hook.requests.length >= 2);
    const [first, retry] = hook.requests;
    expect(first.answered).toBe(500);
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
    for (const request of [first, retry]) {
      expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({ type: 'subscription.created', subscriptionId, customerId, partnerId: 'contoso' });
    }
    const deliveries = (await users.agent.get(`/v1/webhooks/${created.body.id}/deliveries`)).body.items;
    expect(deliveries).toEqual([
      expect.objectContaining({ eventId: first.headers['webhook-id'], status: 'succeeded', attempts: [expect.objectContaining({ statusCode: 500 }), expect.objectContaining({ statusCode: 200 })] }),
    ]);

    const rotated = await users.admin.post(`/v1/webhooks/${created.body.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const next: string = rotated.body.secret;
    expect(next).not.toBe(secret);
    expect((await users.admin.patch(sub(customerId, subscriptionId), { quantity: 3 })).status).toBe(202);
    await hook.until(() => hook.requests.some((r) => JSON.parse(r.body).type === 'subscription.quantity-changed'));
    const changed = hook.requests.find((r) => JSON.parse(r.body).type === 'subscription.quantity-changed')!;
    expect(changed.headers['webhook-signature'].split(' ')).toHaveLength(2);
    // A receiver still on the old secret and one already on the new one both accept it.
    expect(new Webhook(next).verify(changed.body, changed.headers)).toMatchObject({ data: { from: 1, to: 3 } });
    expect(new Webhook(secret).verify(changed.body, changed.headers)).toMatchObject({ data: { from: 1, to: 3 } });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(changed.body, changed.headers)).toThrow();
  });

  it('times out a receiver that never answers and retries it, while another partner\'s deliveries go on', async () => {
    const { receiver: dead, url: deadUrl } = await receiver(() => undefined);
    const { receiver: live, url: liveUrl } = await receiver(() => 204);
    expect((await users.other.post('/v1/webhooks', { url: deadUrl, types: ['subscription.created'] })).status).toBe(201);
    const liveHook = await users.admin.post('/v1/webhooks', { url: liveUrl, types: ['subscription.created'] });

    await buy(users.other, await customer(users.other), 4);
    await dead.until(() => dead.requests.length >= 2);
    const [liveId] = await buy(users.admin, await customer(users.admin), 1);
    await live.until(() => live.requests.some((r) => JSON.parse(r.body).subscriptionId === liveId));
    // Delivered while the dead receiver still holds requests it never answered.
    expect(dead.requests.some((r) => r.answered === undefined)).toBe(true);
    expect(liveHook.status).toBe(201);

    await dead.until(() => new Set(dead.requests.map((r) => r.headers['webhook-id'])).size < dead.requests.length);
    const deadHook = (await users.other.get('/v1/webhooks')).body.items[0];
    const attempts = (await users.other.get(`/v1/webhooks/${deadHook.id}/deliveries`)).body.items.flatMap((d: any) => d.attempts);
    expect(attempts.some((a: any) => a.statusCode === null && a.error === `timed out after ${TIMEOUT_MS} ms`)).toBe(true);
  });

  it('lets only global-admin and admin-agent manage webhooks, and only their own (R-ROLE-1, R-ROLE-2)', async () => {
    const { url } = await receiver(() => 200);
    const created = await users.admin.post('/v1/webhooks', { url, types: ['command.failed'] });
    for (const client of [users.billing, users.helpdesk]) {
      expect((await client.get('/v1/webhooks')).status).toBe(403);
      expect((await client.post('/v1/webhooks', { url, types: ['command.failed'] })).status).toBe(403);
    }
    expect((await users.other.get(`/v1/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await users.other.request('DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await users.admin.post('/v1/webhooks', { url, types: ['nope'] })).status).toBe(400);
    expect((await users.admin.post('/v1/webhooks', { url: 'ftp://example.com/x', types: ['command.failed'] })).status).toBe(400);
    expect((await users.agent.request('DELETE', `/v1/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await users.agent.get(`/v1/webhooks/${created.body.id}`)).status).toBe(404);
  });
});
