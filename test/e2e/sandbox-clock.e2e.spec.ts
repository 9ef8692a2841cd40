import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { buy, customerOf, partnerOn, Tenant } from '../support/scenario';
import { tokenFor } from '../support/tokens';

// The sandbox clock (api.md, "Time"): it stands still until the operator moves it; moving it runs
// the time processes through the same queues as everything else (R-REN-2, R-REN-3, R-REN-6).
describe('sandbox clock', () => {
  let apps: RunningApps;
  let tenant: Tenant;

  beforeAll(async () => {
    apps = await startApps('sandboxclock', { env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H' } });
    tenant = await partnerOn(apps);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('stands still, moves only forward, and only for the operator', async () => {
    const first = await tenant.operator.get('/v1/clock');
    expect(first.body).toMatchObject({ mode: 'sandbox', status: 'ready' });
    await new Promise((done) => setTimeout(done, 50));
    expect((await tenant.operator.get('/v1/clock')).body.now).toBe(first.body.now);
    expect((await tenant.operator.post('/v1/clock', { setTo: '2001-01-01T00:00:00Z' })).status).toBe(400);
    expect((await tenant.operator.post('/v1/clock', { advanceBy: 'P1D', setTo: '2031-01-01T00:00:00Z' })).status).toBe(400);
    expect((await tenant.agent.post('/v1/clock', { advanceBy: 'P1D' })).status).toBe(403);
  });

  it('renews a subscription at its term end and expires one with auto-renew off when the clock passes it (R-REN-2, R-REN-3, R-REN-6)', async () => {
    const customerId = await customerOf(tenant.agent);
    const [renewing, ending] = await buy(tenant.agent, customerId, 2, { offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1M', billingFrequency: 'monthly' });
    const path = (id: string) => `/v1/customers/${customerId}/subscriptions/${id}`;
    const off = await tenant.agent.patch(path(ending), { autoRenewEnabled: false }, { prefer: 'wait=20' });
    expect(off.body.status).toBe('succeeded');
    const before = (await tenant.agent.get(path(renewing))).body;

    const moved = await tenant.operator.post('/v1/clock', { setTo: new Date(new Date(before.termEndDate).getTime() + 24 * 3_600_000 + 60_000).toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('ready');
    expect((await tenant.agent.get(path(renewing))).body.renewalInProgress).toBe(true);
    expect((await tenant.agent.get(path(ending))).body.status).toBe('expired');

    expect((await tenant.operator.post('/v1/clock', { advanceBy: 'PT1H' })).body.status).toBe('ready');
    const renewed = (await tenant.agent.get(path(renewing))).body;
    expect(renewed).toMatchObject({ renewalInProgress: false, status: 'active' });
    expect(new Date(renewed.termEndDate).getTime()).toBeGreaterThan(new Date(before.termEndDate).getTime());
    const billing = new HttpClient(apps.baseUrl).as(await tokenFor({ partnerId: tenant.partnerId, roles: ['billing-admin'] }));
    const charges = (await billing.get(`${path(renewing)}/charges`)).body.items;
    expect(charges.map((c: any) => c.type)).toContain('renewal');
  });
});
