import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { buy, customerOf, partnerOn, Tenant } from '../support/scenario';
import { tokenFor } from '../support/tokens';

// The sandbox clock (api.md, "Time"): it stands still until the operator moves it; moving it runs
// the time processes through the same queues as everything else (R-REN-2, R-REN-3, R-REN-6).
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('sandbox clock', () => {
  let apps: RunningApps;
  let tenant: Tenant;

  beforeAll(async () => {
    apps = await startApps('sandboxclock', { workers: 2, env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H', CONFLICT_RETRY_DELAY: 'PT25M' } });
    tenant = await partnerOn(apps);
  });

  /** Moves the clock; past 30 s the answer is 202 `advancing`, then GET /v1/clock is polled until `ready`. */
  async function moveTo(to: number): Promise<string> {
    const moved = await tenant.operator.post('/v1/clock', { setTo: new Date(to).toISOString() });
    if (moved.status === 200) return moved.body.status;
    expect(moved).toMatchObject({ status: 202, body: { status: 'advancing' } });
    for (;;) {
      const clock = (await tenant.operator.get('/v1/clock')).body;
      if (clock.status === 'ready') return clock.now === new Date(to).toISOString() ? 'ready' : `ready at ${clock.now}`;
      await new Promise((done) => setTimeout(done, 500));
    }
  }

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

  it('renews on the day after the term end and completes an hour later in one move, with the new window opening then; expires one with auto-renew off (R-REN-2, R-REN-3, R-REN-6)', async () => {
    const customerId = await customerOf(tenant.agent);
    const [renewing, ending] = await buy(tenant.agent, customerId, 2, { offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1M', billingFrequency: 'monthly' });
    const path = (id: string) => `/v1/customers/${customerId}/subscriptions/${id}`;
    const off = await tenant.agent.patch(path(ending), { autoRenewEnabled: false }, { prefer: 'wait=20' });
    expect(off.body.status).toBe('succeeded');
    const before = (await tenant.agent.get(path(renewing))).body;
    const renewalDay = new Date(before.termEndDate).getTime() + DAY;

    // One move past the renewal's start and its completion: each runs at its own instant.
    const moved = await tenant.operator.post('/v1/clock', { setTo: new Date(renewalDay + 2 * HOUR).toISOString() });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: new Date(renewalDay + 2 * HOUR).toISOString(), status: 'ready' });
    expect((await tenant.operator.get('/v1/clock')).body).toMatchObject({ status: 'ready', now: moved.body.now });
    const renewed = (await tenant.agent.get(path(renewing))).body;
    expect(renewed).toMatchObject({ renewalInProgress: false, status: 'active', termStartDate: new Date(renewalDay).toISOString() });
    expect(new Date(renewed.termEndDate).getTime()).toBeGreaterThan(new Date(before.termEndDate).getTime());
    expect(renewed.refundableQuantity.lots).toEqual([{ quantity: 3, allowedUntil: new Date(renewalDay + HOUR + 168 * HOUR).toISOString() }]);
    expect((await tenant.agent.get(path(ending))).body.status).toBe('expired');

    const events = (await tenant.agent.get(`/v1/events?customerId=${customerId}&limit=500`)).body.items;
    const at = (type: string, id: string) => events.filter((e: any) => e.type === type && e.subscriptionId === id).map((e: any) => e.occurredAt);
    expect(at('subscription.renewal-started', renewing)).toEqual([new Date(renewalDay).toISOString()]);
    expect(at('subscription.renewed', renewing)).toEqual([new Date(renewalDay + HOUR).toISOString()]);
    expect(at('subscription.expired', ending)).toEqual([new Date(renewalDay).toISOString()]);
    const billing = new HttpClient(apps.baseUrl).as(await tokenFor({ partnerId: tenant.partnerId, roles: ['billing-admin'] }));
    const charges = (await billing.get(`${path(renewing)}/charges`)).body.items;
    expect(charges.filter((c: any) => c.type === 'renewal').map((c: any) => c.periodStart)).toEqual([new Date(renewalDay).toISOString()]);
  });

  it('sends each reminder once, at its instant, however the clock is moved (api.md events)', async () => {
    const customerId = await customerOf(tenant.agent);
    const [id] = await buy(tenant.agent, customerId, 1, { offerId: 'microsoft-365-business-basic', quantity: 2, termDuration: 'P1Y', billingFrequency: 'monthly' });
    const sub = (await tenant.agent.get(`/v1/customers/${customerId}/subscriptions/${id}`)).body;
    const renewalDay = new Date(sub.termEndDate).getTime() + DAY;
    const closing = new Date(sub.refundableQuantity.lots[0].allowedUntil).getTime() - 24 * HOUR;
    // Small steps, a step exactly onto an instant, and one long move over the rest; two workers tick.
    for (const to of [closing - HOUR, closing, closing + HOUR, renewalDay - 31 * DAY, renewalDay - 2 * DAY]) {
      expect(await moveTo(to)).toBe('ready');
    }
    const reminders = (await tenant.agent.get(`/v1/events?customerId=${customerId}&limit=500`)).body.items
      .filter((e: any) => ['subscription.renewal-upcoming', 'subscription.reduction-window-closing', 'subscription.trial-ending'].includes(e.type))
      .map((e: any) => [e.type, e.occurredAt, e.data.daysLeft ?? null]);
    expect(reminders).toEqual([
      ['subscription.reduction-window-closing', new Date(closing).toISOString(), null],
      ['subscription.renewal-upcoming', new Date(renewalDay - 30 * DAY).toISOString(), 30],
      ['subscription.renewal-upcoming', new Date(renewalDay - 7 * DAY).toISOString(), 7],
    ]);
    // A year of the earlier tests' monthly subscriptions passes too, instant by instant: slow on a busy machine.
  }, 420_000);
  it('applies a command deferred by the renewal at the renewal\'s completion instant, within the same move (R-REN-4)', async () => {
    const customerId = await customerOf(tenant.agent);
    const [id] = await buy(tenant.agent, customerId, 1, { offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1M', billingFrequency: 'monthly' });
    const path = `/v1/customers/${customerId}/subscriptions/${id}`;
    const renewalDay = new Date((await tenant.agent.get(path)).body.termEndDate).getTime() + DAY;
    expect(await moveTo(renewalDay + 60_000)).toBe('ready');
    expect((await tenant.agent.get(path)).body.renewalInProgress).toBe(true);

    const patched = await tenant.agent.patch(path, { quantity: 5 });
    expect(patched.status).toBe(202);
    let waiting = (await tenant.agent.get(`/v1/commands/${patched.body.commandId}`)).body;
    for (let tries = 0; waiting.status !== 'deferred' && tries < 100; tries++) {
      await new Promise((done) => setTimeout(done, 100));
      waiting = (await tenant.agent.get(`/v1/commands/${patched.body.commandId}`)).body;
    }
    expect(waiting).toMatchObject({ status: 'deferred', deferredReason: 'RENEWAL_IN_PROGRESS' });

    // One move over a retry (25 minutes on), the completion (an hour after the start) and on: the change
    // applies at the completion, not at the retry after it.
    const completion = renewalDay + HOUR;
    const moved = await tenant.operator.post('/v1/clock', { setTo: new Date(renewalDay + 3 * HOUR).toISOString() });
    expect(moved.body.status === 'ready' ? 'ready' : await moveTo(renewalDay + 3 * HOUR)).toBe('ready');
    const done = (await tenant.agent.get(`/v1/commands/${patched.body.commandId}`)).body;
    expect(done).toMatchObject({ status: 'succeeded', finishedAt: new Date(completion).toISOString() });
    const events = (await tenant.agent.get(`/v1/events?customerId=${customerId}&types=subscription.renewed,subscription.quantity-changed&limit=500`)).body.items;
    expect(events.filter((e: any) => e.subscriptionId === id).map((e: any) => [e.type, e.occurredAt])).toEqual([
      ['subscription.renewed', new Date(completion).toISOString()],
      ['subscription.quantity-changed', new Date(completion).toISOString()],
    ]);
    const sub = (await tenant.agent.get(path)).body;
    expect(sub).toMatchObject({ quantity: 5, renewalInProgress: false });
    expect(sub.refundableQuantity.lots).toEqual([
      { quantity: 3, allowedUntil: new Date(completion + 168 * HOUR).toISOString() },
      { quantity: 2, allowedUntil: new Date(completion + 168 * HOUR).toISOString() },
    ]);
  });
});
