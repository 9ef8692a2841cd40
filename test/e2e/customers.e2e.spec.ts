import { RunningApps, startApps } from '../support/running-apps';
import { partnerOn, Tenant } from '../support/scenario';

const FABRIKAM = { name: 'Fabrikam', country: 'NL', segment: 'commercial' };
const COPILOT = { offerId: 'microsoft-365-copilot', quantity: 5, termDuration: 'P1Y', billingFrequency: 'monthly' };

// api.md, "Customers": POST answers Location and honours Idempotency-Key; PATCH changes name,
// e-mail and licenses held elsewhere, which customer-wide add-on limits count (R-ADD-CP).
describe('customers', () => {
  let apps: RunningApps;
  let tenant: Tenant;

  beforeAll(async () => {
    apps = await startApps('customers');
    tenant = await partnerOn(apps);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('answers Location; the same Idempotency-Key and body give the same customer, another body 409', async () => {
    const first = await tenant.agent.post('/v1/customers', FABRIKAM, { 'idempotency-key': 'crm-42' });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/customers/${first.body.id}`);
    const replay = await tenant.agent.post('/v1/customers', { ...FABRIKAM }, { 'idempotency-key': 'crm-42' });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    const reused = await tenant.agent.post('/v1/customers', { ...FABRIKAM, name: 'Other' }, { 'idempotency-key': 'crm-42' });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ customerId: first.body.id }] });
    const unkeyed = await tenant.agent.post('/v1/customers', FABRIKAM);
    expect(unkeyed.body.id).not.toBe(first.body.id);
    expect((await tenant.agent.get('/v1/customers?limit=500')).body.items.filter((c: { name: string }) => c.name === 'Fabrikam')).toHaveLength(2);
  });

  it('changes name and e-mail; add-on limits count the licenses held elsewhere (R-ADD-CP)', async () => {
    const { body: customer } = await tenant.agent.post('/v1/customers', FABRIKAM);
    const orders = `/v1/customers/${customer.id}/orders?dryRun=true`;
    const before = await tenant.agent.post(orders, { lines: [COPILOT], attestationAccepted: true });
    expect(before.body).toMatchObject({ verdict: 'would-fail', error: { details: expect.any(Array) } });

    const patched = await tenant.agent.patch(`/v1/customers/${customer.id}`, { name: 'Fabrikam BV', email: 'it@fabrikam.example', licensesHeldElsewhere: [{ offerId: 'microsoft-365-e3', quantity: 10 }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: customer.id, name: 'Fabrikam BV', email: 'it@fabrikam.example', country: 'NL', licensesHeldElsewhere: [{ offerId: 'microsoft-365-e3', quantity: 10 }] });
    expect((await tenant.agent.get(`/v1/customers/${customer.id}`)).body).toEqual(patched.body);
    expect((await tenant.agent.post(orders, { lines: [COPILOT], attestationAccepted: true })).body.verdict).toBe('would-succeed');
    expect((await tenant.agent.post(orders, { lines: [{ ...COPILOT, quantity: 11 }], attestationAccepted: true })).body.error.code).toBe('COPILOT_EXCEEDS_BASE');

    expect((await tenant.agent.patch(`/v1/customers/${customer.id}`, {})).status).toBe(400);
    expect((await tenant.agent.patch(`/v1/customers/${customer.id}`, { country: 'DE' })).status).toBe(400);
    expect((await tenant.agent.patch(`/v1/customers/${customer.id}`, { email: 'not-an-address' })).status).toBe(400);
    expect((await tenant.agent.patch('/v1/customers/no-such-customer', { name: 'x' })).status).toBe(404);
  });
});
