import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { tokenFor } from '../support/tokens';

// The foundation slice through both apps over HTTP: partner → customer → catalog → order (202)
// → the worker creates the subscriptions → they can be read. R-ORD-1, R-ROLE-1, R-ROLE-2.
describe('an order end to end (API and worker processes, MongoDB, Redis)', () => {
  let apps: RunningApps;
  let operator: HttpClient;
  let agent: HttpClient;
  let other: HttpClient;
  let anonymous: HttpClient;

  beforeAll(async () => {
    apps = await startApps('orderslice');
    anonymous = new HttpClient(apps.baseUrl);
    operator = anonymous.as(await tokenFor({ roles: ['operator'] }));
    agent = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] }));
    other = anonymous.as(await tokenFor({ partnerId: 'northwind', roles: ['admin-agent'] }));
    for (const id of ['contoso', 'northwind']) {
      const put = await operator.put(`/v1/partners/${id}`, { name: id, type: 'direct-bill', country: 'NL', mpaSigned: true });
      expect(put.status).toBe(200);
    }
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('accepts an order with 202, applies it in the worker, and shows the subscriptions (R-ORD-1)', async () => {
    const customer = await agent.post('/v1/customers', { name: 'Fabrikam BV', country: 'NL', segment: 'commercial' });
    expect(customer.status).toBe(201);

    const offers = await agent.get(`/v1/offers?customerId=${customer.body.id}`);
    expect(offers.status).toBe(200);
    const premium = offers.body.items.find((o: any) => o.name === 'Microsoft 365 Business Premium');
    expect(premium.availability).toEqual({ purchasable: true });

    const order = await agent.post(`/v1/customers/${customer.body.id}/orders`, {
      lines: [
        { offerId: premium.id, quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' },
        { offerId: premium.id, quantity: 3, termDuration: 'P1M', billingFrequency: 'monthly' },
      ],
      attestationAccepted: true,
    });
    expect(order.status).toBe(202);
    expect(order.body).toEqual({ commandId: expect.any(String), status: 'queued' });
    expect(order.headers.get('location')).toBe(`/v1/commands/${order.body.commandId}`);

    const command = await agent.finished(order.body.commandId);
    expect(command).toMatchObject({ type: 'place-order', status: 'succeeded', customerId: customer.body.id, attempts: 1, startedAt: expect.any(String), finishedAt: expect.any(String) });
    const [firstId, secondId] = command.result.subscriptionIds;

    const first = await agent.get(`/v1/customers/${customer.body.id}/subscriptions/${firstId}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: firstId,
      customerId: customer.body.id,
      partnerId: 'contoso',
      offerId: premium.id,
      offerName: 'Microsoft 365 Business Premium',
      quantity: 10,
      status: 'active',
      termDuration: 'P1Y',
      billingFrequency: 'monthly',
      autoRenewEnabled: true,
      refundableQuantity: { total: 10 },
      version: 0,
    });
    const list = await agent.get(`/v1/customers/${customer.body.id}/subscriptions`);
    expect(list.body.items.map((s: any) => s.id).sort()).toEqual([firstId, secondId].sort());

    // Another partner sees none of it (R-ROLE-2): 404, not 403.
    expect((await other.get(`/v1/customers/${customer.body.id}/subscriptions/${firstId}`)).status).toBe(404);
    expect((await other.get(`/v1/commands/${order.body.commandId}`)).status).toBe(404);
  });

  it('answers the same command for the same Idempotency-Key and body, 409 for another body', async () => {
    const customer = await agent.post('/v1/customers', { name: 'Idem', country: 'NL', segment: 'commercial' });
    const body = { lines: [{ offerId: 'microsoft-365-business-basic', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' }], attestationAccepted: true };
    const headers = { 'idempotency-key': 'order-2026-0001' };
    const attempts = await Promise.all(Array.from({ length: 8 }, () => agent.post(`/v1/customers/${customer.body.id}/orders`, body, headers)));
    expect(attempts.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(attempts.map((a) => a.body.commandId)).size).toBe(1);
    const done = await agent.finished(attempts[0].body.commandId);
    expect(done.result.subscriptionIds).toHaveLength(1);

    const reused = await agent.post(`/v1/customers/${customer.body.id}/orders`, { ...body, attestationAccepted: false }, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await agent.get(`/v1/customers/${customer.body.id}/subscriptions`)).body.items).toHaveLength(1);
  });

  it('waits for the result with Prefer: wait and reports a refused order with its code (R-ORD-2)', async () => {
    const customer = await agent.post('/v1/customers', { name: 'NoAttest', country: 'NL', segment: 'commercial' });
    const refused = await agent.post(
      `/v1/customers/${customer.body.id}/orders`,
      { lines: [{ offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' }] },
      { prefer: 'wait=10' },
    );
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'failed', error: { code: 'ATTESTATION_REQUIRED' } });
    expect((await agent.get(`/v1/customers/${customer.body.id}/subscriptions`)).body.items).toHaveLength(0);
  });

  it('refuses bad input with a clear 4xx and changes nothing (R-ROLE-1)', async () => {
    const customer = await agent.post('/v1/customers', { name: 'Strict', country: 'NL', segment: 'commercial' });
    const path = `/v1/customers/${customer.body.id}/orders`;
    const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' };

    const unknownField = await agent.post(path, { lines: [line], attestationAccepted: true, discount: 50 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(unknownField.body.details).toContainEqual(expect.objectContaining({ field: 'discount' }));

    const wrongType = await agent.post(path, { lines: [{ ...line, quantity: '5' }], attestationAccepted: true });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.details).toContainEqual(expect.objectContaining({ field: 'lines[0].quantity' }));

    const operatorInjection = await agent.post('/v1/customers', { name: { $gt: '' }, country: 'NL', segment: 'commercial' });
    expect(operatorInjection.status).toBe(400);
    expect((await agent.get('/v1/customers/%24where')).status).toBe(400);

    const huge = await agent.post('/v1/customers', JSON.stringify({ name: 'x'.repeat(1_100_000), country: 'NL', segment: 'commercial' }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than allowed (1 MiB).' });

    const malformed = await agent.post('/v1/customers', '{"name":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);

    for (const key of ['__proto__', 'constructor']) {
      const internals = await agent.post(path, `{"lines":[${JSON.stringify(line)}],"attestationAccepted":true,"${key}":{"admin":true}}`, { 'content-type': 'application/json' });
      expect(internals.status).toBe(400);
      expect(internals.body).toMatchObject({ code: 'VALIDATION_FAILED', message: `property ${key} should not exist` });
    }

    expect((await anonymous.post(path, { lines: [line], attestationAccepted: true })).status).toBe(401);
    expect((await anonymous.as('not-a-token').get('/v1/customers')).body.code).toBe('UNAUTHENTICATED');
    const expired = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] }, { expiresIn: '-1m' }));
    expect((await expired.get('/v1/customers')).status).toBe(401);
    const wrongKey = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] }, { secret: 'another-secret-of-16-chars' }));
    expect((await wrongKey.get('/v1/customers')).status).toBe(401);
    const helpdesk = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['helpdesk-agent'] }));
    const forbidden = await helpdesk.post(path, { lines: [line], attestationAccepted: true });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');

    expect((await agent.get(`/v1/commands?customerId=${customer.body.id}`)).body.items).toHaveLength(0);
  });

  it('serves health, metrics, the OpenAPI document and an operator-only dashboard', async () => {
    expect((await anonymous.get('/health/live')).status).toBe(200);
    const ready = await anonymous.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ mongodb: { status: 'up' }, redis: { status: 'up' } });
    const metrics = await anonymous.get('/metrics');
    expect(metrics.text).toContain('subscriptions_http_request_duration_seconds');
    expect(metrics.text).toContain('subscriptions_commands_accepted_total{type="place-order"}');
    expect(metrics.text).toMatch(/subscriptions_queue_jobs\{queue="commands",state="(completed|waiting)"\}/);
    const openapi = await anonymous.get('/docs-json');
    expect(openapi.body.paths['/v1/customers/{customerId}/orders']).toBeDefined();
    expect((await anonymous.get('/admin/queues')).status).toBe(401);
    expect((await agent.get('/admin/queues')).status).toBe(403);
    expect((await operator.get('/admin/queues')).status).toBe(200);
  });
});
