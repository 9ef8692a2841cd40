import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { PartnerUsers, partnerUsers, SubscriptionSteps, subscriptionPath as sub } from '../support/subscription-steps';
import { TEST_JWT_SECRET, tokenFor } from '../support/tokens';

const BASIC = 'microsoft-365-business-basic';
const LINE = { offerId: BASIC, quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' };

/** Sends raw bytes and answers the status line and body of what comes back. */
function rawRequest(baseUrl: string, bytes: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      // The last answer on the connection is the one about the bytes the server could not take.
      const answers = text.split(/(?=HTTP\/1\.1 \d{3})/);
      const last = answers[answers.length - 1];
      const [head, body = ''] = last.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body: body ? JSON.parse(body) : undefined });
    });
    setTimeout(() => socket.end(), 2_000).unref();
  });
}

const ERROR_BODY = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String), details: expect.any(Array) };

// Issue 15: one test per hole found by the attack; each failed on the code before its fix.
describe('hostile input, mixed tokens and crashes (issue 15) end to end', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let steps: SubscriptionSteps;
  let operator: HttpClient;
  let customerId: string;
  let id: string;

  beforeAll(async () => {
    apps = await startApps('hostiledefects', { env: { CLOCK_MODE: 'sandbox' } });
    users = await partnerUsers(apps.baseUrl);
    steps = new SubscriptionSteps(users.admin);
    operator = new HttpClient(apps.baseUrl).as(await tokenFor({ roles: ['operator'] }));
    customerId = await steps.customer('Hostile BV');
    [id] = await steps.order(customerId, { offerId: BASIC, quantity: 3 });
  });

  afterAll(async () => {
    await apps?.stop();
  });

  const commandsOf = async (subscriptionId: string) => (await users.admin.get(`/v1/commands?subscriptionId=${subscriptionId}`)).body.items.length;

  it('(1) refuses null in every field at intake with 400 and changes nothing', async () => {
    const before = (await users.admin.get(sub(customerId, id))).body;
    const cases: [string, string, unknown, string][] = [
      ['PATCH', sub(customerId, id), { autoRenewEnabled: null }, 'autoRenewEnabled'],
      ['PATCH', sub(customerId, id), { friendlyName: null }, 'friendlyName'],
      ['PATCH', sub(customerId, id), { quantity: null }, 'quantity'],
      ['PATCH', sub(customerId, id), { billingFrequency: null }, 'billingFrequency'],
      ['PUT', sub(customerId, id, '/scheduled-change'), { quantity: null }, 'quantity'],
      ['POST', sub(customerId, id, '/conversions'), { quantity: null }, 'quantity'],
      ['POST', `/v1/customers/${customerId}/orders`, { lines: [{ ...LINE, quantity: null }], attestationAccepted: true }, 'lines[0].quantity'],
      ['POST', '/v1/customers', { name: 'N', country: 'NL', segment: 'commercial', email: null }, 'email'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await users.admin.request(method, path, body);
      expect({ path, field, status: answer.status, body: answer.body }).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field }] } });
    }
    expect((await users.admin.get(sub(customerId, id))).body).toEqual(before);
    expect(await commandsOf(id)).toBe(1);
  });

  it('(2) answers 401 to a token mixing operator with a partner role (api.md, "Who is calling")', async () => {
    const anonymous = new HttpClient(apps.baseUrl);
    const helpdesk = anonymous.as(await tokenFor({ roles: ['operator', 'helpdesk-agent'] }));
    expect((await helpdesk.get('/v1/commands')).body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const agent = anonymous.as(await tokenFor({ roles: ['operator', 'admin-agent'] }));
    expect((await agent.post('/v1/customers', { name: 'X', country: 'NL', segment: 'commercial' })).status).toBe(401);
    expect((await agent.get('/v1/clock')).status).toBe(401);
  });

  it('(3) refuses unknown query parameters and a dryRun other than true/false, queuing nothing', async () => {
    for (const query of ['dryrun=true', 'dry-run=true', 'dryRun[$ne]=false', 'dryRun=yes', 'dryRun=true&dryRun=false', 'foo=1']) {
      const answer = await users.admin.patch(`${sub(customerId, id)}?${query}`, { quantity: 4 });
      expect({ query, status: answer.status, code: answer.body?.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await users.admin.get(`/v1/commands?status=queued&colour=red`)).status).toBe(400);
    expect((await users.admin.get(`/v1/offers/${BASIC}?x=1`)).status).toBe(400);
    expect(await commandsOf(id)).toBe(1);
    expect((await users.admin.get(sub(customerId, id))).body.quantity).toBe(3);
  });

  it('(4) refuses lists of lists (an order line inside a list) with 400', async () => {
    const answer = await users.admin.post(`/v1/customers/${customerId}/orders`, { lines: [[LINE]], attestationAccepted: true });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'lines[0]' }] });
  });

  it('(5) answers 415 to a non-JSON body, 405 to a wrong method, and the JSON error body on 431 and a short Content-Length', async () => {
    const prose = await users.admin.request('POST', `${sub(customerId, id, '/cancel')}?dryRun=true`, 'please cancel', { 'content-type': 'text/plain' });
    expect(prose.status).toBe(415);
    expect(prose.body).toEqual({ ...ERROR_BODY, statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const form = await users.admin.request('PATCH', sub(customerId, id), 'quantity=4', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);

    const wrongMethod = await users.admin.request('DELETE', '/v1/customers');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(wrongMethod.body).toEqual({ ...ERROR_BODY, statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
    expect((await users.admin.request('POST', sub(customerId, id))).status).toBe(405);

    const { host } = new URL(apps.baseUrl);
    const huge = await rawRequest(apps.baseUrl, `GET /v1/offers HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toEqual({ status: 431, body: { ...ERROR_BODY, statusCode: 431 } });
    const body = '{"quantity":4}';
    const short = await rawRequest(apps.baseUrl, `PATCH ${sub(customerId, id)} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n${body}`);
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ ...ERROR_BODY, statusCode: 400 });
    expect(await commandsOf(id)).toBe(1);
  });

  it('(6) refuses a clock move beyond what dates can hold with 400, not 500', async () => {
    const before = (await operator.get('/v1/clock')).body.now;
    for (const body of [{ advanceBy: 'P9999999999999999999999D' }, { advanceBy: 'P200Y' }, { setTo: '9999-12-31T00:00:00Z' }]) {
      const answer = await operator.post('/v1/clock', body);
      expect({ body, status: answer.status, code: answer.body?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await operator.get('/v1/clock')).body.now).toBe(before);
  });

  it('(8) neutralizes a formula hidden behind a no-break space in the CSV export (R-EXP-1)', async () => {
    const [other] = await steps.order(customerId, { offerId: BASIC, quantity: 1 });
    expect(await steps.command('PATCH', sub(customerId, other), { friendlyName: '\u00a0=HYPERLINK("http://evil")' })).toMatchObject({ status: 'succeeded' });
    const csv = (await users.admin.get(`/v1/customers/${customerId}/subscriptions.csv`)).text;
    expect(csv).toContain(`"'\u00a0=HYPERLINK(""http://evil"")"`);
  });

  it('(9) lists the history in applied order with seq after 20 concurrent changes, under the sandbox clock', async () => {
    const [target] = await steps.order(customerId, { offerId: BASIC, quantity: 1 });
    const accepted = await Promise.all(
      Array.from({ length: 20 }, (_, i) => users.admin.patch(sub(customerId, target), { friendlyName: `name ${i}` })),
    );
    for (const answer of accepted) await users.admin.finished(answer.body.commandId, 120_000);
    const items = (await users.admin.get(`${sub(customerId, target, '/history')}?limit=500`)).body.items;
    const applied = items.filter((e: any) => e.outcome === 'applied' && e.type === 'update-subscription');
    expect(applied).toHaveLength(20);
    const seqs = applied.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(20);
    // The last change applied is the name the subscription ends with.
    expect((await users.admin.get(sub(customerId, target))).body.friendlyName).toBe(applied[19].details.input.friendlyName);
  });

  it('(11) refuses tokens without exp or living longer than 24 h; the dashboard cookie is Secure over https', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const claims = { partnerId: 'contoso', roles: ['global-admin'] };
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt().sign(key);
    const years = await tokenFor(claims, { expiresIn: '1000d' });
    for (const token of [noExp, years]) expect((await new HttpClient(apps.baseUrl).as(token).get('/v1/customers')).status).toBe(401);
    expect((await new HttpClient(apps.baseUrl).as(await tokenFor(claims, { expiresIn: '23h' })).get('/v1/customers')).status).toBe(200);

    const token = await tokenFor({ roles: ['operator'] });
    const overHttps = await fetch(`${apps.baseUrl}/admin/queues?token=${token}`, { headers: { 'x-forwarded-proto': 'https' }, redirect: 'manual' });
    expect(overHttps.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    const overHttp = await fetch(`${apps.baseUrl}/admin/queues?token=${token}`, { redirect: 'manual' });
    expect(overHttp.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });
});
