import { Connection } from 'mongoose';
import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { buy, customerOf, databaseOf, partnerOn, Tenant } from '../support/scenario';
import { tokenFor } from '../support/tokens';

const SOURCE = 'contoso';
const TARGET = 'fabrikam';
const OTHER = 'northwind';
const EMAIL = 'it@customer.example';

// Transfers between partners (api.md "Transfers between partners", R-TRA-1..3) on the sandbox
// clock, so that tokens expire and renewals run when the test says.
describe('transfers between partners', () => {
  let apps: RunningApps;
  let source: Tenant;
  let target: Tenant;
  let other: Tenant;
  let anonymous: HttpClient;
  let db: Connection;

  beforeAll(async () => {
    apps = await startApps('transfers', {
      env: { CLOCK_MODE: 'sandbox', TIME_TICK_INTERVAL: 'PT1H', RENEWAL_PROCESSING_DURATION: 'PT1H', WORKER_LOCK_DURATION: 'PT5S', RECONCILE_INTERVAL: 'PT2S' },
    });
    [source, target, other] = [await partnerOn(apps, SOURCE), await partnerOn(apps, TARGET), await partnerOn(apps, OTHER)];
    anonymous = new HttpClient(apps.baseUrl);
    db = await databaseOf(apps);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  const subscriptionPath = (customerId: string, id: string) => `/v1/customers/${customerId}/subscriptions/${id}`;

  async function relate(customerId: string): Promise<void> {
    const request = await target.agent.post(`/v1/customers/${customerId}/relationship-requests`);
    expect(request.status).toBe(201);
    expect((await anonymous.post(`/v1/relationship-requests/${request.body.id}/accept`, { acceptToken: request.body.acceptToken })).status).toBe(200);
  }

  async function requestTransfer(customerId: string): Promise<string> {
    const created = await target.agent.post('/v1/transfers', { customerId, sourcePartnerId: SOURCE, customerEmail: EMAIL });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** Moves the sandbox clock and waits until what came due has run (202 "advancing" on a busy machine: poll). */
  async function clock(body: Record<string, string>): Promise<void> {
    const moved = await source.operator.post('/v1/clock', body);
    expect([200, 202]).toContain(moved.status);
    const ready = await waitFor(() => source.operator.get('/v1/clock'), (r) => r.body.status === 'ready', 120_000);
    expect(ready.body.status).toBe('ready');
  }

  it('a relationship request is accepted once, with its token only: a wrong, a used and an expired token are 404 and tell nothing', async () => {
    const customerId = await customerOf(source.agent);
    const request = await target.agent.post(`/v1/customers/${customerId}/relationship-requests`);
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ id: expect.any(String), status: 'pending', acceptToken: expect.any(String) });
    expect(request.body.acceptToken.length).toBeGreaterThanOrEqual(43);
    const stored = await db.collection('relationshipRequests').findOne({ _id: request.body.id } as never);
    expect(JSON.stringify(stored)).not.toContain(request.body.acceptToken);

    const accept = (id: string, acceptToken: string) => anonymous.post(`/v1/relationship-requests/${id}/accept`, { acceptToken });
    const wrong = await accept(request.body.id, `${request.body.acceptToken.slice(0, -1)}x`);
    expect(wrong.status).toBe(404);
    expect((await accept('0190aaaa-0000-7000-8000-000000000000', request.body.acceptToken)).body.message).toBe(
      wrong.body.message.replace(request.body.id, '0190aaaa-0000-7000-8000-000000000000'),
    );
    expect((await accept(request.body.id, request.body.acceptToken)).status).toBe(200);
    const reused = await accept(request.body.id, request.body.acceptToken);
    expect(reused.status).toBe(404);
    expect(reused.body.message).toBe(wrong.body.message);

    const later = await other.agent.post(`/v1/customers/${customerId}/relationship-requests`);
    await clock({ advanceBy: 'P31D' });
    const expired = await accept(later.body.id, later.body.acceptToken);
    expect(expired.status).toBe(404);
    expect((await other.agent.get(`/v1/customers/${customerId}`)).status).toBe(404);
  });

  it('R-ROLE-2 after acceptance the partner sees the customer, and nothing of the other partner\'s', async () => {
    const customerId = await customerOf(source.agent);
    const [owned] = await buy(source.agent, customerId, 1);
    expect((await target.agent.get(`/v1/customers/${customerId}`)).status).toBe(404);
    expect((await target.agent.post('/v1/transfers', { customerId, sourcePartnerId: SOURCE, customerEmail: EMAIL })).status).toBe(404);

    await relate(customerId);
    expect((await target.agent.get(`/v1/customers/${customerId}`)).status).toBe(200);
    expect((await target.agent.get('/v1/customers?limit=500')).body.items.map((c: { id: string }) => c.id)).toContain(customerId);
    expect((await target.agent.get(`/v1/customers/${customerId}/subscriptions`)).body.items).toEqual([]);
    expect((await target.agent.get(subscriptionPath(customerId, owned))).status).toBe(404);
    expect((await target.agent.patch(subscriptionPath(customerId, owned), { friendlyName: 'mine' })).status).toBe(404);
    expect((await other.agent.get(`/v1/customers/${customerId}`)).status).toBe(404);
  });

  it('R-TRA-1 R-TRA-2 R-TRA-3 two subscriptions move with their offers, quantities and term ends; the source\'s end, credited; history on both sides', async () => {
    const customerId = await customerOf(source.agent);
    const [e3] = await buy(source.agent, customerId, 1, { offerId: 'microsoft-365-e3', quantity: 7, termDuration: 'P1Y', billingFrequency: 'annual' });
    const [basic] = await buy(source.agent, customerId, 1, { offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1Y', billingFrequency: 'monthly' });
    const before = await Promise.all([e3, basic].map(async (id) => (await source.agent.get(subscriptionPath(customerId, id))).body));
    await relate(customerId);

    // R-TRA-1: only the related target, naming the customer's partner, with a valid e-mail.
    const refused = await source.agent.post('/v1/transfers', { customerId, sourcePartnerId: SOURCE, customerEmail: EMAIL });
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'TRANSFER_NOT_ALLOWED' });
    expect((await target.agent.post('/v1/transfers', { customerId, sourcePartnerId: OTHER, customerEmail: EMAIL })).body.code).toBe('TRANSFER_NOT_ALLOWED');
    expect((await target.agent.post('/v1/transfers', { customerId, sourcePartnerId: SOURCE, customerEmail: 'nope' })).status).toBe(400);
    const transferId = await requestTransfer(customerId);

    // R-TRA-2: both partners see it, as incoming (target) and outgoing (source); anyone else gets 404.
    const incoming = (await target.agent.get('/v1/transfers?limit=500')).body;
    expect(incoming.items.find((t: { id: string }) => t.id === transferId)).toMatchObject({ status: 'pending', direction: 'incoming', sourcePartnerId: SOURCE, targetPartnerId: TARGET, customerEmail: EMAIL });
    expect(incoming).toHaveProperty('next');
    expect((await source.agent.get(`/v1/transfers/${transferId}`)).body).toMatchObject({ status: 'pending', direction: 'outgoing' });
    expect((await other.agent.get(`/v1/transfers/${transferId}`)).status).toBe(404);
    expect((await other.agent.get('/v1/transfers')).body.items.map((t: { id: string }) => t.id)).not.toContain(transferId);
    expect((await other.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: [e3] })).status).toBe(404);
    expect((await target.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: [e3] })).body.code).toBe('TRANSFER_NOT_ALLOWED');

    await clock({ advanceBy: 'P10D' });
    const submitted = await source.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: [e3, basic] }, { prefer: 'wait=30' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'succeeded', type: 'submit-transfer' });
    const moved: string[] = submitted.body.result.subscriptionIds;
    expect(moved).toHaveLength(2);

    // R-TRA-3: same offer, quantity and term end on the target's side; the source's ended.
    for (const [i, id] of moved.entries()) {
      const now = (await target.agent.get(subscriptionPath(customerId, id))).body;
      expect(now).toMatchObject({ partnerId: TARGET, status: 'active', offerId: before[i].offerId, quantity: before[i].quantity, termEndDate: before[i].termEndDate });
      expect((await source.agent.get(subscriptionPath(customerId, [e3, basic][i]))).body.status).toBe('cancelled');
      expect((await source.agent.get(subscriptionPath(customerId, id))).status).toBe(404);
    }
    expect((await target.agent.get(`/v1/customers/${customerId}/subscriptions`)).body.items.map((s: { id: string }) => s.id).sort()).toEqual([...moved].sort());
    expect((await source.agent.get(`/v1/customers/${customerId}/subscriptions`)).body.items.every((s: { status: string }) => s.status === 'cancelled')).toBe(true);

    // Billed once: the source is credited for the unused part, the target billed from the transfer.
    const billing = (partnerId: string) => tokenFor({ partnerId, roles: ['billing-admin'] }).then((token) => anonymous.as(token));
    const sourceCharges = (await (await billing(SOURCE)).get(`${subscriptionPath(customerId, e3)}/charges`)).body.items;
    const targetCharges = (await (await billing(TARGET)).get(`${subscriptionPath(customerId, moved[0])}/charges`)).body.items;
    const paid = sourceCharges.filter((c: { type: string }) => c.type === 'purchase')[0].amount.amount;
    const credit = sourceCharges.filter((c: { type: string }) => c.type === 'credit');
    expect(credit).toHaveLength(1);
    expect(credit[0].amount.amount).toBeLessThan(0);
    expect(targetCharges).toHaveLength(1);
    const kept = paid + credit[0].amount.amount;
    const charged = targetCharges[0].amount.amount;
    // what the source kept plus what the target pays is what the term costs, give or take a cent per license
    expect(kept).toBeGreaterThan(0);
    expect(Math.abs(kept + charged - paid)).toBeLessThanOrEqual(7);

    // History on both sides: who, when, from whom.
    const entry = (items: { type: string; outcome: string }[]) => items.find((h) => h.type === 'submit-transfer' && h.outcome === 'applied');
    const targetHistory = entry((await target.agent.get(`${subscriptionPath(customerId, moved[0])}/history`)).body.items);
    expect(targetHistory).toMatchObject({ actor: 'test-user', at: expect.any(String), details: { input: { sourcePartnerId: SOURCE, targetPartnerId: TARGET, transferId } } });
    expect(entry((await source.agent.get(`${subscriptionPath(customerId, e3)}/history`)).body.items)).toBeDefined();

    expect((await target.agent.get(`/v1/transfers/${transferId}`)).body).toMatchObject({ status: 'completed', subscriptionIds: [e3, basic], newSubscriptionIds: moved });
    expect((await source.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: [e3] })).body.code).toBe('TRANSFER_NOT_ALLOWED');
    const events = await db.collection('events').find({ type: 'transfer.completed', 'data.transferId': transferId }).toArray();
    expect(events.map((e) => e.partnerId).sort()).toEqual([SOURCE, TARGET]);
  });

  it('R-ROLE-1 who may request relationships and transfers, list and submit them', async () => {
    const id = '0190aaaa-0000-7000-8000-000000000000';
    const calls: [string, (client: HttpClient) => Promise<{ status: number }>][] = [
      ['relationship', (c) => c.post(`/v1/customers/${id}/relationship-requests`)],
      ['create', (c) => c.post('/v1/transfers', { customerId: id, sourcePartnerId: SOURCE, customerEmail: EMAIL })],
      ['list', (c) => c.get('/v1/transfers')],
      ['submit', (c) => c.post(`/v1/transfers/${id}/submit`, { subscriptionIds: [id] })],
    ];
    const allowed: Record<string, boolean> = { 'global-admin': true, 'admin-agent': true, 'sales-agent': true, 'billing-admin': false, 'helpdesk-agent': false };
    for (const [role, may] of Object.entries(allowed)) {
      const client = anonymous.as(await tokenFor({ partnerId: TARGET, roles: [role] }));
      for (const [name, call] of calls) expect([role, name, (await call(client)).status === 403]).toEqual([role, name, !may]);
    }
    for (const [name, call] of calls) expect([name, (await call(source.operator)).status]).toEqual([name, 403]);
    for (const [name, call] of calls) expect([name, (await call(anonymous)).status]).toEqual([name, 401]);
  });

  it('R-REN-4 a transfer meeting a renewal waits (deferred) and applies once it completed; changes queued behind it, on either subscription, meet the moved subscriptions', async () => {
    const customerId = await customerOf(source.agent);
    const [renewing] = await buy(source.agent, customerId, 1, { offerId: 'microsoft-365-business-basic', quantity: 4, termDuration: 'P1M', billingFrequency: 'monthly' });
    const [yearly] = await buy(source.agent, customerId, 1);
    await relate(customerId);
    const transferId = await requestTransfer(customerId);
    const before = (await source.agent.get(subscriptionPath(customerId, renewing))).body;
    await clock({ setTo: new Date(new Date(before.termEndDate).getTime() + 24 * 3_600_000 + 60_000).toISOString() });
    expect((await source.agent.get(subscriptionPath(customerId, renewing))).body.renewalInProgress).toBe(true);

    const submitted = await source.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: [renewing, yearly] });
    expect(submitted.status).toBe(202);
    const behind = await source.agent.patch(subscriptionPath(customerId, renewing), { friendlyName: 'after the transfer' });
    expect(behind.status).toBe(202);
    // The second subscription is not renewing, but the transfer holds its place in its order too.
    const behindOther = await source.agent.patch(subscriptionPath(customerId, yearly), { friendlyName: 'after the transfer' });
    expect(behindOther.status).toBe(202);
    const waiting = await waitFor(() => source.agent.get(`/v1/commands/${submitted.body.commandId}`), (r) => r.body.status === 'deferred');
    expect(waiting.body).toMatchObject({ deferredReason: 'RENEWAL_IN_PROGRESS', nextAttemptAt: expect.any(String) });

    await clock({ advanceBy: 'PT1H' });
    const done = await source.agent.finished(submitted.body.commandId);
    expect(done.status).toBe('succeeded');
    const moved = (await target.agent.get(subscriptionPath(customerId, done.result.subscriptionIds[0]))).body;
    const renewed = (await source.agent.get(subscriptionPath(customerId, renewing))).body;
    expect(renewed.status).toBe('cancelled');
    // moved after the renewal completed: the new term's end, on the target's side
    expect(moved).toMatchObject({ status: 'active', quantity: 4, partnerId: TARGET, termEndDate: renewed.termEndDate });
    expect(new Date(moved.termEndDate).getTime()).toBeGreaterThan(new Date(before.termEndDate).getTime());
    expect((await source.agent.finished(behind.body.commandId)).error.code).toBe('SUBSCRIPTION_CANCELLED');
    expect((await source.agent.finished(behindOther.body.commandId)).error.code).toBe('SUBSCRIPTION_CANCELLED');
    expect((await target.agent.get(subscriptionPath(customerId, done.result.subscriptionIds[1]))).body).toMatchObject({ status: 'active', quantity: 1 });
  });

  it('R-TRA-3 two transfers of the same subscriptions submitted at once, in crossed order: one moves them, the other is refused, none waits for ever', async () => {
    const customerId = await customerOf(source.agent);
    const [a, b] = await buy(source.agent, customerId, 2);
    await relate(customerId);
    const otherRequest = await other.agent.post(`/v1/customers/${customerId}/relationship-requests`);
    expect((await anonymous.post(`/v1/relationship-requests/${otherRequest.body.id}/accept`, { acceptToken: otherRequest.body.acceptToken })).status).toBe(200);
    const first = await requestTransfer(customerId);
    const second = (await other.agent.post('/v1/transfers', { customerId, sourcePartnerId: SOURCE, customerEmail: EMAIL })).body.id;
    const submitted = await Promise.all([
      source.agent.post(`/v1/transfers/${first}/submit`, { subscriptionIds: [a, b] }),
      source.agent.post(`/v1/transfers/${second}/submit`, { subscriptionIds: [b, a] }),
    ]);
    const results = await Promise.all(submitted.map((r) => source.agent.finished(r.body.commandId, 60_000)));
    expect(results.map((r) => r.status).sort()).toEqual(['failed', 'succeeded']);
    expect(results.find((r) => r.status === 'failed').error.code).toBe('TRANSFER_NOT_ALLOWED');
    const all = await db.collection('subscriptions').find({ customerId }).toArray();
    expect(all.filter((s) => s.status === 'active')).toHaveLength(2);
    expect(new Set(all.filter((s) => s.status === 'active').map((s) => s.partnerId)).size).toBe(1);
  });

  it('G4 a worker killed with SIGKILL in the middle of a transfer: each subscription moved exactly once, never active on both sides', async () => {
    const customerId = await customerOf(source.agent);
    const chosen = await buy(source.agent, customerId, 12);
    await relate(customerId);
    const transferId = await requestTransfer(customerId);
    const submitted = await source.agent.post(`/v1/transfers/${transferId}/submit`, { subscriptionIds: chosen });
    expect(submitted.status).toBe(202);
    const commandId = submitted.body.commandId;
    // Killed once the decision is saved as a plan: its writes are under way.
    for (let i = 0; i < 2_000 && !(await db.collection('commands').findOne({ _id: commandId, plan: { $ne: null } } as never)); i++) {
      await new Promise((done) => setTimeout(done, 2));
    }
    apps.workers[0].kill('SIGKILL');
    await apps.startWorker();

    const done = await source.agent.finished(commandId, 120_000);
    expect(done.status).toBe('succeeded');
    const all = await db.collection('subscriptions').find({ customerId }).toArray();
    expect(all).toHaveLength(24);
    expect(all.filter((s) => s.partnerId === SOURCE).map((s) => s.status)).toEqual(Array(12).fill('cancelled'));
    const moved = all.filter((s) => s.partnerId === TARGET);
    expect(moved.map((s) => s.status)).toEqual(Array(12).fill('active'));
    expect(moved.map((s) => s.state.origin.subscriptionId).sort()).toEqual([...chosen].sort());
    const charges = await db.collection('charges').find({ commandId }).toArray();
    expect(charges.filter((c) => c.type === 'credit').map((c) => c.subscriptionId).sort()).toEqual([...chosen].sort());
    expect(charges.filter((c) => c.partnerId === TARGET)).toHaveLength(12);
    // every chosen subscription's group went past the transfer, once
    expect(all.filter((s) => s.partnerId === SOURCE).every((s) => s.queue.pending.length === 0)).toBe(true);
  });
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
