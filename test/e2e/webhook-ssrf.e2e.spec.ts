import { RunningApps, startApps } from '../support/running-apps';
import { PartnerUsers, partnerUsers } from '../support/subscription-steps';

// api.md "Events and webhooks": no server-side request forgery. With WEBHOOK_ALLOW_PRIVATE_TARGETS
// off (the default), a webhook URL must be https: and must not be, nor resolve to, an address of
// any of these classes. The same check runs again at each delivery
// (test/integration/webhook-transport.spec.ts).
describe('webhook targets without WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  let apps: RunningApps;
  let users: PartnerUsers;

  beforeAll(async () => {
    apps = await startApps('webhookssrf');
    users = await partnerUsers(apps.baseUrl);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it.each([
    ['plain http', 'http://hooks.example.com/x', 'must be https:'],
    ['IPv4 loopback', 'https://127.0.0.1/x', 'loopback'],
    ['IPv4 loopback, another form', 'https://127.1.2.3:8443/x', 'loopback'],
    ['private 10/8', 'https://10.0.0.1/x', 'private'],
    ['private 172.16/12', 'https://172.16.5.4/x', 'private'],
    ['private 192.168/16', 'https://192.168.1.1/x', 'private'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['CGNAT 100.64/10', 'https://100.64.0.1/x', 'carrierGradeNat'],
    ['multicast', 'https://224.0.0.1/x', 'multicast'],
    ['unspecified', 'https://0.0.0.0/x', 'unspecified'],
    ['IPv6 loopback', 'https://[::1]/x', 'loopback'],
    ['IPv6 link-local', 'https://[fe80::1]/x', 'linkLocal'],
    ['IPv6 unique local', 'https://[fd00::1]/x', 'uniqueLocal'],
    ['IPv6 multicast', 'https://[ff02::1]/x', 'multicast'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/x', 'ipv4Mapped'],
    ['IPv4-mapped IPv6 private, hex form', 'https://[::ffff:a00:1]/x', 'ipv4Mapped'],
    ['a name resolving to loopback', 'https://localhost/x', 'resolves to'],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/x', 'credentials'],
  ])('refuses %s', async (_, url, reason) => {
    const answer = await users.admin.post('/v1/webhooks', { url, types: ['subscription.created'] });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'url', message: expect.stringContaining(reason) }] });
  });

  it('accepts a public https: address', async () => {
    const answer = await users.admin.post('/v1/webhooks', { url: 'https://93.184.215.14/hooks', types: ['subscription.created'] });
    expect(answer.status).toBe(201);
  });
});
