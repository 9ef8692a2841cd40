import { Connection } from 'mongoose';
import { RunningApps, startApps } from '../../support/running-apps';
import { allFinished, buy, commandsOf, customerOf, databaseOf, inPool, partnerOn, Tenant } from '../../support/scenario';

const BASE = 100;
const COPILOTS = 4;
const STEPS = 5;

// R-ADD-CP under concurrency: commands on different Copilot subscriptions of one customer run in
// parallel (different groups), and still never leave more Copilot licenses than base licenses.
describe('customer-wide rules under concurrent commands (R-ADD-CP)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let customerId: string;
  let copilots: string[];

  beforeAll(async () => {
    apps = await startApps('customerrace', { workers: 2, env: { WORKER_CONCURRENCY: '8' } });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    customerId = await customerOf(tenant.agent);
    await buy(tenant.agent, customerId, 1, { offerId: 'microsoft-365-e3', quantity: BASE, termDuration: 'P1Y', billingFrequency: 'monthly' });
    copilots = await buy(tenant.agent, customerId, COPILOTS, { offerId: 'microsoft-365-copilot', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' });

    // 20 increases of 10 licenses at once, 5 per Copilot subscription (each subscription's own in
    // order: 20, 30, 40, 50, 60): 240 Copilot licenses asked for against 100 base licenses.
    await inPool(
      copilots.flatMap((id) =>
        Array.from({ length: STEPS }, (_, step) => async () => {
          const response = await tenant.agent.patch(`/v1/customers/${customerId}/subscriptions/${id}`, { quantity: 10 * (step + 2) });
          if (response.status !== 202) throw new Error(`PATCH: ${response.status} ${response.text}`);
        }),
      ),
      COPILOTS * STEPS,
    );
    await allFinished(db);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('never leaves Copilot licenses above base licenses, refusing the rest with COPILOT_EXCEEDS_BASE', async () => {
    const quantities = await Promise.all(
      copilots.map(async (id) => (await tenant.agent.get(`/v1/customers/${customerId}/subscriptions/${id}`)).body.quantity as number),
    );
    const total = quantities.reduce((sum, quantity) => sum + quantity, 0);
    expect(total).toBeLessThanOrEqual(BASE);

    const increases = (await commandsOf(db, { type: 'update-subscription' })).filter((c) => copilots.includes(c.subscriptionId ?? ''));
    expect(increases).toHaveLength(COPILOTS * STEPS);
    const refused = increases.filter((c) => c.status === 'failed');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.error?.code === 'COPILOT_EXCEEDS_BASE')).toBe(true);
    expect(increases.some((c) => c.status === 'succeeded')).toBe(true);
  });

  it('keeps the customer counters equal to the subscriptions, with no reservation left behind', async () => {
    const customer = await db.collection<{ _id: string; holdings: { offerId: string; licenses: number; subscriptions: number }[]; reservations: unknown[] }>('customers').findOne({ _id: customerId });
    const subscriptions = await db.collection<{ offerId: string; state: { quantity: number } }>('subscriptions').find({ customerId }).toArray();
    const copilotLicenses = subscriptions.filter((s) => s.offerId === 'microsoft-365-copilot').reduce((sum, s) => sum + s.state.quantity, 0);
    expect(customer?.reservations).toEqual([]);
    expect(customer?.holdings.find((h) => h.offerId === 'microsoft-365-copilot')).toMatchObject({ licenses: copilotLicenses, subscriptions: COPILOTS });
    expect(customer?.holdings.find((h) => h.offerId === 'microsoft-365-e3')).toMatchObject({ licenses: BASE, subscriptions: 1 });
  });
});
