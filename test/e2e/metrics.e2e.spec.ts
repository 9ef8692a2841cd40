import { spawnSync } from 'node:child_process';
import { HttpClient } from '../../scripts/api-client';
import { freePort } from '../../scripts/local-servers';
import { RunningApps, startApps } from '../support/running-apps';
import { partnerUsers, PartnerUsers } from '../support/subscription-steps';

const METRICS_TOKEN = 'metrics-token-of-some-length';

/** `promtool check metrics` (Debian's prometheus package, installed by .ci/run): exposition format and naming lint. */
function promtool(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is needed for this spec (apt-get install prometheus): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The value of one sample line, e.g. `subscriptions_commands{status="queued"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// Issue 15 item 7 and issue 14 (metrics): gauges are read on a timer, never per scrape; /metrics
// on a port of its own behind a token; HTTP metrics count every answer, refusals included.
describe('metrics (API process, METRICS_PORT and METRICS_TOKEN)', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let metricsUrl: string;
  const scrape = async () => {
    const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    // No worker: commands stay queued, so the command gauges would move if a scrape read them.
    apps = await startApps('metrics', { workers: 0, env: { METRICS_PORT: String(port), METRICS_TOKEN, METRICS_REFRESH_INTERVAL: 'PT1H' } });
    users = await partnerUsers(apps.baseUrl);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('(7) serves gauges read at start and on a timer, not per scrape: a queued command does not move them until the next refresh', async () => {
    const before = await scrape();
    // Read once at start, before anything existed (the timer's first run).
    expect(sample(before, 'subscriptions_commands{status="queued"}')).toBe(0);
    expect(sample(before, 'subscriptions_queue_jobs{queue="commands",state="waiting"}')).toBe(0);

    const customer = await users.admin.post('/v1/customers', { name: 'Metrics BV', country: 'NL', segment: 'commercial' });
    const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' };
    expect((await users.admin.post(`/v1/customers/${customer.body.id}/orders`, { lines: [line], attestationAccepted: true })).status).toBe(202);

    const after = await scrape();
    expect(sample(after, 'subscriptions_commands_accepted_total{type="place-order"}')).toBe(1);
    expect(sample(after, 'subscriptions_commands{status="queued"}')).toBe(0);
  });

  it('(7) puts /metrics on METRICS_PORT only, behind METRICS_TOKEN', async () => {
    const onApiPort = await new HttpClient(apps.baseUrl).get('/metrics');
    expect(onApiPort.status).toBe(404);
    expect(onApiPort.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', details: [] });
    const anonymous = await fetch(metricsUrl);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', details: [] });
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(metricsUrl.replace('/metrics', '/other'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });

  it('counts every answer with its real status: guard refusals, unknown routes, body-parser errors, validation errors', async () => {
    const anonymous = new HttpClient(apps.baseUrl);
    await anonymous.get('/v1/customers'); // 401 from the guard
    await users.helpdesk.post('/v1/customers', { name: 'X', country: 'NL', segment: 'commercial' }); // 403 from the guard
    await users.admin.get('/v1/no-such-route'); // 404, no route
    await users.admin.request('POST', '/v1/customers', '{"name":', { 'content-type': 'application/json' }); // 400 from the body parser
    await users.admin.post('/v1/customers', { name: 'X' }); // 400 from validation
    const text = await scrape();
    const count = (labels: string) => sample(text, `subscriptions_http_request_duration_seconds_count{${labels}}`);
    expect(count('method="GET",route="/v1/customers",status="401"')).toBe(1);
    expect(count('method="POST",route="/v1/customers",status="403"')).toBe(1);
    expect(count('method="GET",route="unmatched",status="404"')).toBe(1);
    // The body parser refuses before routing: the route is not known yet.
    expect(count('method="POST",route="unmatched",status="400"')).toBe(1);
    expect(count('method="POST",route="/v1/customers",status="400"')).toBe(1);
    expect(text).not.toMatch(/route="\/v1\/customers",status="201"\} [2-9]/);
  });

  it('passes promtool check metrics (exposition format and Prometheus naming; issue 14)', async () => {
    const text = await scrape();
    expect(text).toMatch(/^subscriptions_http_request_duration_seconds_bucket/m);
    const check = promtool(text);
    expect({ status: check.status, output: check.output }).toEqual({ status: 0, output: '' });
  });
});
