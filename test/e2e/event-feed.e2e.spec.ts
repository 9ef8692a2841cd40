import { RunningApps, startApps } from '../support/running-apps';
import { allFinished, buy, databaseOf, inPool } from '../support/scenario';
import { PartnerUsers, partnerUsers, subscriptionPath as sub } from '../support/subscription-steps';
import { HttpClient } from '../../scripts/api-client';

const SUBSCRIPTIONS = 12;
const ROUNDS = 6;

interface FeedEvent {
  id: string;
  type: string;
  partnerId: string;
  customerId: string;
  subscriptionId?: string;
  commandId?: string;
  data: Record<string, any>;
}

/** Follows a feed page by page from `after`, as a client would, until `until` says it has all. */
async function follow(client: HttpClient, seen: FeedEvent[], until: () => boolean, query = '', limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let after = seen.at(-1)?.id;
  while (!until()) {
    if (Date.now() > deadline) throw new Error(`feed stopped at ${seen.length} events`);
    const page = await client.get(`/v1/events?limit=7${after ? `&after=${after}` : ''}${query}`);
    expect(page.status).toBe(200);
    seen.push(...page.body.items);
    after = page.body.next ?? after;
    if (page.body.items.length === 0) await new Promise((done) => setTimeout(done, 100));
  }
}

// api.md "Events and webhooks": the feed, followed page by page while two workers write events
// concurrently, shows every event once, per partner, in each subscription's applied order.
describe('event feed', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let customerId: string;
  let ids: string[];

  beforeAll(async () => {
    apps = await startApps('eventfeed', { workers: 2 });
    users = await partnerUsers(apps.baseUrl);
    const created = await users.admin.post('/v1/customers', { name: 'Feed BV', country: 'NL', segment: 'commercial' });
    customerId = created.body.id;
    ids = await buy(users.admin, customerId, SUBSCRIPTIONS);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('never shows a gap or a duplicate while commands run, and keeps each subscription in applied order', async () => {
    const seen: FeedEvent[] = [];
    let writing = true;
    const follower = follow(users.agent, seen, () => !writing && seen.length >= expected);
    let expected = Number.POSITIVE_INFINITY;

    await inPool(
      ids.map((id) => async () => {
        for (let round = 1; round <= ROUNDS; round++) {
          const accepted = await users.admin.patch(sub(customerId, id), { quantity: round + 1 });
          expect(accepted.status).toBe(202);
        }
        // Refused (R-ERR-1): announced as command.failed.
        expect((await users.admin.post(sub(customerId, id, '/reactivate'))).status).toBe(202);
      }),
      SUBSCRIPTIONS,
    );
    const db = await databaseOf(apps);
    try {
      await allFinished(db, 120_000);
      expected = await db.collection('events').countDocuments({ partnerId: 'contoso', type: { $ne: 'feed.gap' } });
    } finally {
      await db.close();
    }
    writing = false;
    await follower;

    expect(expected).toBe(SUBSCRIPTIONS * (1 + ROUNDS + 1));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen).toHaveLength(expected);
    expect(seen.every((e) => e.partnerId === 'contoso')).toBe(true);
    for (const id of ids) {
      const own = seen.filter((e) => e.subscriptionId === id);
      expect(own.map((e) => e.type)).toEqual([
        'subscription.created',
        ...Array.from({ length: ROUNDS }, () => 'subscription.quantity-changed'),
        'command.failed',
      ]);
      // data says what changed, in the order the changes were applied.
      expect(own.filter((e) => e.type === 'subscription.quantity-changed').map((e) => e.data)).toEqual(
        Array.from({ length: ROUNDS }, (_, i) => ({ from: i + 1, to: i + 2 })),
      );
      expect(own.at(-1)).toMatchObject({ commandId: expect.any(String), data: { commandType: 'reactivate-subscription', error: { code: 'SUBSCRIPTION_NOT_SUSPENDED' } } });
    }
  });

  it('filters by type and customer, and shows no other partner\'s events', async () => {
    const failed: FeedEvent[] = [];
    await follow(users.helpdesk, failed, () => failed.length >= SUBSCRIPTIONS, `&types=command.failed,subscription.renewed&customerId=${customerId}`);
    expect(failed.every((e) => e.type === 'command.failed' && e.customerId === customerId)).toBe(true);
    const last = (await users.admin.get(`/v1/events?types=command.failed&after=${failed.at(-1)!.id}`)).body;
    expect(last).toEqual({ items: [], next: failed.at(-1)!.id });

    // R-ROLE-2: northwind's feed is empty, and contoso's event ids mean nothing there.
    expect((await users.other.get('/v1/events')).body).toEqual({ items: [], next: null });
    expect((await users.other.get(`/v1/events?after=${failed[0].id}`)).status).toBe(400);
    expect((await users.other.get(`/v1/events?customerId=${customerId}`)).status).toBe(404);
  });

  it('refuses a bad query with 400', async () => {
    for (const query of ['types=subscription.nope', 'limit=0', 'limit=501', 'after=x%20y', 'cursor=abc', 'types=']) {
      const answer = await users.admin.get(`/v1/events?${query}`);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
