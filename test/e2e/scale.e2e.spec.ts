import { Connection } from 'mongoose';
import { RunningApps, startApps } from '../support/running-apps';
import { BoughtSubscription, Counts, differences, expectedWork } from '../support/expected-time-work';
import { buy, customerOf, databaseOf, inPool, partnerOn, Tenant } from '../support/scenario';

// Issue 13, "a scale spec": 2,000 subscriptions with spread-out term ends, bought in four groups
// six days apart (annual terms billed annually or monthly, some with auto-renew off, some trials
// with auto-renew off), then one move of the sandbox clock over 13 months. Every renewal, charge,
// reminder and expiry happens exactly once: counted per subscription against what the rules say
// (test/support/expected-time-work.ts), not against the product's own computation.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GROUPS = 4;
// SCALE_SUBSCRIPTIONS (a multiple of 80) makes it smaller while working on it; the issue asks for 2,000.
const SUBSCRIPTIONS = Number(process.env.SCALE_SUBSCRIPTIONS ?? 2000);
const SHARE = SUBSCRIPTIONS / GROUPS / 20;
const PER_GROUP = { renewing: 12 * SHARE, monthly: 6 * SHARE, ending: SHARE, trials: SHARE };
const COUNTED_EVENTS = [
  'subscription.renewal-upcoming', 'subscription.reduction-window-closing', 'subscription.trial-ending',
  'subscription.renewal-started', 'subscription.renewed', 'subscription.expired',
];
const COUNTED_CHARGES = ['cycle', 'renewal'];

describe('the sandbox clock at scale (issue 13)', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;

  beforeAll(async () => {
    apps = await startApps('scale', { workers: 2, env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H' } });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  async function moveTo(to: number): Promise<void> {
    const moved = await tenant.operator.post('/v1/clock', { setTo: new Date(to).toISOString() });
    expect([200, 202]).toContain(moved.status);
    for (;;) {
      const clock = (await tenant.operator.get('/v1/clock')).body;
      if (clock.status === 'ready') {
        expect(clock.now).toBe(new Date(to).toISOString());
        return;
      }
      await new Promise((done) => setTimeout(done, 1000));
    }
  }

  async function group(): Promise<(readonly [string, string])[]> {
    const annual = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'annual' };
    const [renewing, monthly, ending, trials] = await Promise.all([
      customerOf(tenant.agent).then((c) => buy(tenant.agent, c, PER_GROUP.renewing, annual).then((ids) => ids.map((id) => [c, id] as const))),
      customerOf(tenant.agent).then((c) => buy(tenant.agent, c, PER_GROUP.monthly, { ...annual, billingFrequency: 'monthly' }).then((ids) => ids.map((id) => [c, id] as const))),
      customerOf(tenant.agent).then((c) => buy(tenant.agent, c, PER_GROUP.ending, annual).then((ids) => ids.map((id) => [c, id] as const))),
      customerOf(tenant.agent).then((c) =>
        buy(tenant.agent, c, PER_GROUP.trials, { offerId: 'microsoft-365-e3-trial', quantity: 25, termDuration: 'P1M', billingFrequency: 'monthly' }).then((ids) => ids.map((id) => [c, id] as const)),
      ),
    ]);
    await inPool(
      [...ending, ...trials].map(([customerId, id]) => async () => {
        const off = await tenant.agent.patch(`/v1/customers/${customerId}/subscriptions/${id}`, { autoRenewEnabled: false }, { prefer: 'wait=30' });
        const command = off.status === 200 ? off.body : await tenant.agent.finished(off.body.commandId, 120_000);
        expect(command.status).toBe('succeeded');
      }),
      16,
    );
    return [...renewing, ...monthly, ...ending, ...trials];
  }

  it(`renews, charges, reminds and expires each of ${SUBSCRIPTIONS} subscriptions exactly once over 13 months`, async () => {
    // Start on the 1st of a month, so that the purchases fall on days 1–19 (no month-end clamping in the expectations).
    const now = new Date((await tenant.operator.get('/v1/clock')).body.now);
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 10);
    await moveTo(start);
    // Each group read just after it was bought, while its purchase's 7-day window is open (refundableQuantity shows the lot).
    const bought: BoughtSubscription[] = [];
    for (let g = 0; g < GROUPS; g++) {
      if (g > 0) await moveTo(start + g * 6 * DAY);
      const ids = await group();
      bought.push(...(await inPool(ids.map(([customerId, id]) => async () => (await tenant.agent.get(`/v1/customers/${customerId}/subscriptions/${id}`)).body as BoughtSubscription), 16)));
    }
    expect(bought).toHaveLength(SUBSCRIPTIONS);
    expect(bought.filter((s) => !s.isTrial && s.refundableQuantity.lots.length !== 1)).toEqual([]);

    const lastPurchase = start + (GROUPS - 1) * 6 * DAY;
    const end = Date.UTC(new Date(lastPurchase).getUTCFullYear(), new Date(lastPurchase).getUTCMonth() + 13, new Date(lastPurchase).getUTCDate(), 10);
    const began = Date.now();
    await moveTo(end);
    const moveSeconds = (Date.now() - began) / 1000;

    const expected: Counts = new Map();
    for (const s of bought) expectedWork(s, end, HOUR, expected);
    const actual: Counts = new Map();
    const count = (key: string) => actual.set(key, (actual.get(key) ?? 0) + 1);
    for (const e of await db.collection('events').find({ type: { $in: COUNTED_EVENTS } }, { projection: { subscriptionId: 1, type: 1 } }).toArray()) count(`${e.subscriptionId} ${e.type}`);
    for (const c of await db.collection('charges').find({ type: { $in: COUNTED_CHARGES } }, { projection: { subscriptionId: 1, type: 1 } }).toArray()) count(`${c.subscriptionId} charge:${c.type}`);

    expect(differences(expected, actual)).toEqual([]);
    const total = (counts: Counts, suffix: string) => [...counts].filter(([key]) => key.endsWith(suffix)).reduce((n, [, v]) => n + v, 0);
    // The populations each kind of work comes from, so that a rule that never fired cannot pass unseen.
    expect(total(actual, 'subscription.renewed')).toBe(GROUPS * (PER_GROUP.renewing + PER_GROUP.monthly));
    expect(total(actual, 'subscription.expired')).toBe(GROUPS * (PER_GROUP.ending + PER_GROUP.trials));
    expect(total(actual, 'subscription.trial-ending')).toBe(GROUPS * PER_GROUP.trials * 2);
    expect(total(actual, 'charge:cycle')).toBeGreaterThanOrEqual(GROUPS * PER_GROUP.monthly * 11);
    console.log(`scale: 13-month move over ${bought.length} subscriptions took ${moveSeconds.toFixed(0)} s`);
  }, 5_400_000);
});
