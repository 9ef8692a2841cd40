import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { partnerOn, Tenant } from '../support/scenario';
import { tokenFor } from '../support/tokens';

// api.md, "Errors": too many requests are 429 RATE_LIMITED with Retry-After. The budget is per
// partner, across its users and routes, counted in Redis so every API instance shares it.
describe('rate limiting per partner', () => {
  let apps: RunningApps;
  let contoso: Tenant;

  beforeAll(async () => {
    apps = await startApps('ratelimit', { env: { RATE_LIMIT: '6', RATE_LIMIT_WINDOW: 'PT1M' } });
    contoso = await partnerOn(apps, 'contoso'); // 1 operator request
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a partner spent its budget; other partners and health are not affected', async () => {
    const helpdesk = new HttpClient(apps.baseUrl, await tokenFor({ partnerId: 'contoso', roles: ['helpdesk-agent'] }));
    for (let i = 0; i < 3; i++) expect((await contoso.agent.get('/v1/customers')).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await helpdesk.get('/v1/offers/microsoft-365-e3')).status).toBe(200);

    const refused = await contoso.agent.get('/v1/customers');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String), details: [] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await helpdesk.get('/v1/commands')).status).toBe(429);

    const fabrikam = await partnerOn(apps, 'fabrikam'); // the operator's own budget: 2 of 6
    expect((await fabrikam.agent.get('/v1/customers')).status).toBe(200);
    expect((await new HttpClient(apps.baseUrl).get('/health/ready')).status).toBe(200);
  });
});
