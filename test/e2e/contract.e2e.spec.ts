import { HttpClient } from '../../scripts/api-client';
import { ContractProxy } from '../support/contract-proxy';
import { RunningApps, startApps } from '../support/running-apps';
import { tokenFor } from '../support/tokens';

const WAIT = { prefer: 'wait=30' };
/** The operations this tour answers with a 2xx. */
const TOURED = [
  'putPartner', 'getPartner', 'createCustomer', 'listCustomers', 'getCustomer', 'updateCustomer', 'listOffers', 'getOffer', 'placeOrder', 'getCommand', 'listCommands',
  'listSubscriptions', 'getSubscription', 'changeSubscription', 'exportSubscriptions', 'listUpgradeOptions', 'upgradeSubscription',
  'putScheduledChange', 'getScheduledChange', 'deleteScheduledChange', 'convertTrial', 'suspendSubscription', 'reactivateSubscription',
  'cancelSubscription', 'listSubscriptionHistory', 'listSubscriptionCharges', 'listEvents',
  'createBatch', 'getBatch', 'listBatches', 'cancelBatch', 'getBatchResults',
  'createRelationshipRequest', 'acceptRelationshipRequest', 'createTransfer', 'listTransfers', 'getTransfer', 'submitTransfer',
  'createWebhook', 'listWebhooks', 'getWebhook', 'rotateWebhookSecret', 'listWebhookDeliveries', 'deleteWebhook', 'getClock', 'moveClock', 'checkLiveness', 'checkReadiness', 'scrapeMetrics',
];
const LINE = { offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1Y', billingFrequency: 'monthly' };

// The OpenAPI document is the truth (issue 14): a tour of every operation through Stoplight Prism
// in proxy mode, which checks each answer (status, headers, body) against the served document made
// strict; any answer the document does not describe fails. Then every operation of the document is
// probed without a token and with ids that do not exist, so new routes are held to it too.
describe('the OpenAPI document describes every answer (Prism proxy)', () => {
  let apps: RunningApps;
  let proxy: ContractProxy;
  let operator: HttpClient;
  let agent: HttpClient;
  let anonymous: HttpClient;

  beforeAll(async () => {
    apps = await startApps('contract', { env: { CLOCK_MODE: 'sandbox', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    proxy = await ContractProxy.start(apps.baseUrl);
    anonymous = proxy.client();
    operator = anonymous.as(await tokenFor({ roles: ['operator'] }));
    agent = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] }));
  });

  afterAll(async () => {
    await proxy?.stop();
    await apps?.stop();
  });

  it('tours every operation with answers the document describes', async () => {
    expect((await operator.put('/v1/partners/contoso', { name: 'Contoso', type: 'direct-bill', country: 'NL', mpaSigned: true })).status).toBe(200);
    expect((await operator.get('/v1/partners/contoso')).status).toBe(200);

    const customer = await agent.post('/v1/customers', { name: 'Fabrikam', country: 'NL', segment: 'commercial', email: 'it@fabrikam.example' });
    expect(customer.status).toBe(201);
    const customerId: string = customer.body.id;
    expect((await agent.get('/v1/customers?limit=1')).status).toBe(200);
    expect((await agent.get(`/v1/customers/${customerId}`)).status).toBe(200);
    expect((await agent.patch(`/v1/customers/${customerId}`, { licensesHeldElsewhere: [{ offerId: 'microsoft-365-e3', quantity: 2 }] })).status).toBe(200);
    expect((await agent.post('/v1/customers', { name: 'Keyed', country: 'NL', segment: 'commercial' }, { 'idempotency-key': 'tour-customer' })).status).toBe(201);
    expect((await agent.post('/v1/customers', { name: 'Other', country: 'NL', segment: 'commercial' }, { 'idempotency-key': 'tour-customer' })).status).toBe(409);

    expect((await agent.get(`/v1/offers?customerId=${customerId}`)).status).toBe(200);
    expect((await agent.get('/v1/offers?publisher=microsoft')).status).toBe(200);
    expect((await agent.get('/v1/offers/microsoft-365-business-basic')).status).toBe(200);

    const orders = `/v1/customers/${customerId}/orders`;
    expect((await agent.post(`${orders}?dryRun=true`, { lines: [LINE], attestationAccepted: true })).body.verdict).toBe('would-succeed');
    expect((await agent.post(`${orders}?dryRun=true`, { lines: [{ ...LINE, offerId: 'power-bi-premium-per-capacity' }], attestationAccepted: true })).body.verdict).toBe('would-fail');
    const queued = await agent.post(orders, { lines: [LINE, { ...LINE, offerId: 'microsoft-365-business-standard' }], attestationAccepted: true }, { 'idempotency-key': 'tour-order' });
    expect(queued.status).toBe(202);
    expect((await agent.post(orders, { lines: [LINE], attestationAccepted: true }, { 'idempotency-key': 'tour-order' })).status).toBe(409);
    const order = await agent.finished(queued.body.commandId);
    expect(order.status).toBe('succeeded');
    const [subscriptionId, otherId] = order.result.subscriptionIds as string[];
    const trialOrder = await agent.post(orders, { lines: [{ offerId: 'microsoft-365-business-premium-trial', quantity: 25, termDuration: 'P1M', billingFrequency: 'monthly' }], attestationAccepted: true }, WAIT);
    expect(trialOrder.status).toBe(200);
    const [trialId] = trialOrder.body.result.subscriptionIds as string[];

    expect((await agent.get(`/v1/commands/${queued.body.commandId}`)).status).toBe(200);
    expect((await agent.get(`/v1/commands?customerId=${customerId}&limit=2`)).status).toBe(200);

    const subs = `/v1/customers/${customerId}/subscriptions`;
    const sub = `${subs}/${subscriptionId}`;
    expect((await agent.get(`${subs}?limit=1`)).body.next).not.toBeNull();
    const read = await agent.get(sub);
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    expect((await agent.patch(sub, { quantity: 5 }, { 'if-match': read.headers.get('etag') as string, ...WAIT })).body.status).toBe('succeeded');
    expect((await agent.patch(`${sub}?dryRun=true`, { quantity: 4 }, {})).status).toBe(200);
    expect((await agent.get(`/v1/customers/${customerId}/subscriptions.csv`)).status).toBe(200);

    expect((await agent.get(`${sub}/upgrades`)).status).toBe(200);
    expect((await agent.post(`/v1/customers/${customerId}/subscriptions/${otherId}/upgrades`, { targetOfferId: 'microsoft-365-business-premium', quantity: 1 })).status).toBe(202);
    expect((await agent.put(`${sub}/scheduled-change`, { quantity: 2 }, WAIT)).body.status).toBe('succeeded');
    expect((await agent.get(`${sub}/scheduled-change`)).status).toBe(200);
    expect((await agent.request('DELETE', `${sub}/scheduled-change`, undefined, WAIT)).body.status).toBe('succeeded');
    expect((await agent.get(`${sub}/scheduled-change`)).status).toBe(404);
    expect((await agent.post(`${subs}/${trialId}/conversions`, {}, WAIT)).status).toBe(200);

    expect((await agent.post(`${sub}/suspend`, {}, WAIT)).body.status).toBe('succeeded');
    expect((await agent.post(`${sub}/reactivate`, {}, WAIT)).body.status).toBe('succeeded');
    expect((await agent.post(`${sub}/cancel`, {}, WAIT)).body.status).toBe('succeeded');
    expect((await agent.post(`${sub}/cancel`, {}, WAIT)).body.error.details).toEqual(expect.any(Array));
    expect((await agent.get(`${sub}/history?limit=500`)).status).toBe(200);
    const billing = anonymous.as(await tokenFor({ partnerId: 'contoso', roles: ['billing-admin'] }));
    expect((await billing.get(`${sub}/charges`)).status).toBe(200);

    expect((await agent.get(`/v1/events?customerId=${customerId}&limit=5`)).status).toBe(200);
    const batch = await agent.post('/v1/batches', { rows: [{ customerId, subscriptionId: otherId, quantity: 4 }] });
    expect(batch.status).toBe(202);
    expect((await agent.get(`/v1/batches/${batch.body.id}`)).status).toBe(200);
    expect((await agent.get('/v1/batches')).status).toBe(200);
    expect((await agent.post(`/v1/batches/${batch.body.id}/cancel`, {})).status).toBe(202);
    expect((await agent.get(`/v1/batches/${batch.body.id}/results.csv`)).status).toBe(200);
    const webhook = await agent.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', types: ['subscription.created'], description: 'tour' });
    expect(webhook.status).toBe(201);
    const webhookPath = `/v1/webhooks/${webhook.body.id}`;
    expect((await agent.get('/v1/webhooks')).status).toBe(200);
    expect((await agent.get(webhookPath)).status).toBe(200);
    expect((await agent.post(`${webhookPath}/rotate-secret`, {})).status).toBe(200);
    expect((await agent.get(`${webhookPath}/deliveries`)).status).toBe(200);
    expect((await agent.request('DELETE', webhookPath)).status).toBe(204);

    // A transfer to another partner: relationship, acceptance by the customer, request, submission (R-TRA-1).
    expect((await operator.put('/v1/partners/northwind', { name: 'Northwind', type: 'direct-bill', country: 'NL', mpaSigned: true })).status).toBe(200);
    const northwind = anonymous.as(await tokenFor({ partnerId: 'northwind', roles: ['admin-agent'] }));
    const relationship = await northwind.post(`/v1/customers/${customerId}/relationship-requests`, {});
    expect(relationship.status).toBe(201);
    expect((await anonymous.post(`/v1/relationship-requests/${relationship.body.id}/accept`, { acceptToken: relationship.body.acceptToken })).status).toBe(200);
    const transfer = await northwind.post('/v1/transfers', { customerId, sourcePartnerId: 'contoso', customerEmail: 'it@fabrikam.example' });
    expect(transfer.status).toBe(201);
    expect((await northwind.get('/v1/transfers')).status).toBe(200);
    expect((await agent.get(`/v1/transfers/${transfer.body.id}`)).status).toBe(200);
    expect((await agent.post(`/v1/transfers/${transfer.body.id}/submit`, { subscriptionIds: [otherId] })).status).toBe(202);
    expect((await operator.get('/v1/clock')).status).toBe(200);
    expect((await operator.post('/v1/clock', { advanceBy: 'PT1M' })).status).toBe(200);
    for (const path of ['/health/live', '/health/ready', '/metrics']) expect((await anonymous.get(path)).status).toBe(200);

    // Refusals the document must describe too.
    expect((await anonymous.get(`/v1/customers/${customerId}`)).status).toBe(401);
    expect((await agent.get('/v1/partners/contoso')).status).toBe(403);
    expect((await agent.get('/v1/commands/no-such-command')).status).toBe(404);
    expect((await agent.post('/v1/customers', { name: 'x', country: 'Netherlands', segment: 'commercial' })).status).toBe(400);
    expect((await agent.request('POST', '/v1/customers', 'name=x', { 'content-type': 'text/plain' })).status).toBeGreaterThanOrEqual(400);

    expect(proxy.undocumented()).toEqual([]);
    // Operations added since this tour was written are held to the document by the probe below;
    // add them here to see their 2xx bodies checked too.
    expect(proxy.untoured().filter((id) => TOURED.includes(id))).toEqual([]);
    expect(TOURED.filter((id) => !proxy.operations.some((operation) => operation.operationId === id))).toEqual([]);
  });

  it('holds every operation of the document, new ones included, to it without a token, with unknown ids and an unknown query parameter', async () => {
    for (const operation of proxy.operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, 'no-such-id');
      const body = ['post', 'put', 'patch'].includes(operation.method) ? {} : undefined;
      await anonymous.request(operation.method.toUpperCase(), path, body);
      await agent.request(operation.method.toUpperCase(), path, body);
      await operator.request(operation.method.toUpperCase(), path, body);
      await operator.request(operation.method.toUpperCase(), `${path}?unknownParameter=1`, body);
    }
    expect(proxy.undocumented()).toEqual([]);
  });

  it('fails on an answer the document does not describe', async () => {
    const direct = new HttpClient(apps.baseUrl, await tokenFor({ roles: ['operator'] }));
    expect((await direct.put('/v1/partners/contoso', { name: 'Contoso', type: 'direct-bill', country: 'NL', mpaSigned: true })).status).toBe(200);
    const narrowed = await ContractProxy.start(apps.baseUrl, (document) => {
      const schemas = (document.components as { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> }).schemas;
      delete schemas.PartnerView.properties.mpaSigned;
      const paths = document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
      delete paths['/v1/commands/{commandId}'].get.responses['404'];
    });
    try {
      await narrowed.client(await tokenFor({ roles: ['operator'] })).get('/v1/partners/contoso');
      await narrowed.client().get('/v1/partners/contoso', { authorization: 'Bearer nope' });
      await narrowed.client(await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] })).get('/v1/commands/no-such-command');
      expect(narrowed.undocumented()).toEqual([expect.stringContaining('mpaSigned'), expect.stringMatching(/commands\/no-such-command → 404/)]);
    } finally {
      await narrowed.stop();
    }
  });
});
