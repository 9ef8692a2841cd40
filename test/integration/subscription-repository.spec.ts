import type { Subscription } from '@app/domain';
import { DAY, T0, World, plus } from '@app/domain/testing/fixtures';
import { DueAgendaRepository, GroupQueueRepository, StoredOutcome, SubscriptionRepository } from '@app/persistence';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

// A real subscription as the domain creates it (an order of Microsoft 365 E3), under an id of the test's own.
const world = new World();
const bought = world.buy('microsoft-365-e3', 10, T0);
let counter = 0;
function subscription(overrides: Partial<Subscription> = {}): Subscription {
  counter += 1;
  return { ...structuredClone(bought), id: `sub-repo-${counter}`, customerId: `cust-repo-${counter}`, ...overrides };
}

function outcome(commandId: string, seq: number): StoredOutcome {
  return { commandId, seq, status: 'succeeded', at: T0, result: { quantity: 11 }, charges: [], events: [] };
}

/** Every key path whose value is null, anywhere in a document. */
function nullPaths(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => nullPaths(child, path ? `${path}.${key}` : key));
}

describe('SubscriptionRepository (MongoDB)', () => {
  let connection: Connection;
  let subscriptions: SubscriptionRepository;
  let agenda: DueAgendaRepository;
  let groups: GroupQueueRepository;

  beforeAll(async () => {
    connection = await connectTestDatabase('subscriptionrepo');
    ({ subscriptions, groups, agenda } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  const rawDoc = (id: string) => connection.db!.collection<{ _id: string } & Record<string, any>>('subscriptions').findOne({ _id: id });

  it('insertNew stores the subscription at version 0 and get answers the domain object with its version', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub, nextDue: { type: 'charge-cycle', at: plus(T0, 30 * DAY) } }], 'cmd-create-1', T0);
    const loaded = await subscriptions.get(sub.id);
    expect(loaded).toEqual({ ...sub, version: 0 });
    const doc = await rawDoc(sub.id);
    expect(doc).toMatchObject({ customerId: sub.customerId, partnerId: sub.partnerId, offerId: sub.offerId, status: 'active', version: 0, createdByCommandId: 'cmd-create-1' });
    expect(doc?.queue).toEqual({ lastSeq: 0, pending: [], deferredUntil: null });
    expect(doc?.lastAppliedSeq).toBe(0);
    expect(doc?.state.version).toBeUndefined();
  });

  it('G4 insertNew is idempotent: the same creation twice (and 10 at once) leaves one document', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-2', T0);
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-2', T0);
    await Promise.all(Array.from({ length: 10 }, () => subscriptions.insertNew([{ state: sub }], 'cmd-create-2', T0)));
    expect(await connection.db!.collection('subscriptions').countDocuments({ _id: sub.id } as never)).toBe(1);
    expect(await subscriptions.get(sub.id)).toEqual({ ...sub, version: 0 });
  });

  it('G4 insertNew replays a redelivered creation while untouched, and never overwrites a subscription that moved on', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-3', T0);
    // The same command decided again (redelivery): its creation is replaced while nothing else touched it.
    await subscriptions.insertNew([{ state: { ...sub, friendlyName: 'decided again' } }], 'cmd-create-3', T0);
    expect((await subscriptions.get(sub.id))?.friendlyName).toBe('decided again');
    // Another command with the same id changes nothing.
    await subscriptions.insertNew([{ state: { ...sub, friendlyName: 'someone else' } }], 'cmd-other', T0);
    expect((await subscriptions.get(sub.id))?.friendlyName).toBe('decided again');
    // Once a command applied to it, a late replay of the creation changes nothing either.
    expect(await subscriptions.apply({ state: { ...sub, quantity: 12 }, expectedVersion: 0 })).toBe(true);
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-3', T0);
    expect(await subscriptions.get(sub.id)).toMatchObject({ quantity: 12, version: 1 });
  });

  it('apply succeeds once on the expected version and fails on a stale version, changing nothing', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-4', T0);
    expect(await subscriptions.apply({ state: { ...sub, quantity: 11 }, expectedVersion: 0 })).toBe(true);
    const after = await rawDoc(sub.id);
    expect(after).toMatchObject({ version: 1, state: expect.objectContaining({ quantity: 11 }) });

    expect(await subscriptions.apply({ state: { ...sub, quantity: 99, status: 'suspended' }, expectedVersion: 0 })).toBe(false);
    expect(await rawDoc(sub.id)).toEqual(after);
    expect(await subscriptions.get(sub.id)).toEqual({ ...sub, quantity: 11, version: 1 });
  });

  it('apply keeps the top-level query fields and the due work in step with the state', async () => {
    const sub = subscription();
    const due = plus(T0, 30 * DAY);
    await subscriptions.insertNew([{ state: sub, nextDue: { type: 'charge-cycle', at: due } }], 'cmd-create-5', T0);
    expect(await subscriptions.apply({ state: { ...sub, status: 'suspended' }, expectedVersion: 0 })).toBe(true);
    const doc = await rawDoc(sub.id);
    expect(doc).toMatchObject({ status: 'suspended', nextDueAt: null, nextDueType: null });
  });

  it('G4 exactly-once guard: apply with an advance moves lastAppliedSeq, records lastOutcome and pulls the command; the same seq again fails', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-6', T0);
    const ref = { kind: 'subscription' as const, id: sub.id };
    expect(await groups.enlist(ref, 'cmd-a')).toEqual({ seq: 1 });
    expect(await groups.enlist(ref, 'cmd-b')).toEqual({ seq: 2 });
    await groups.defer(ref, plus(T0, DAY), 'RENEWAL_IN_PROGRESS');

    const first = outcome('cmd-a', 1);
    expect(await subscriptions.apply({ state: { ...sub, quantity: 11 }, expectedVersion: 0, advance: { seq: 1, commandId: 'cmd-a', outcome: first } })).toBe(true);
    const doc = await rawDoc(sub.id);
    expect(doc).toMatchObject({ version: 1, lastAppliedSeq: 1, lastOutcome: first, queue: { lastSeq: 2, pending: ['cmd-b'], deferredUntil: null } });

    // A redelivery of cmd-a that read the new version still finds seq 1 applied.
    expect(await subscriptions.apply({ state: { ...sub, quantity: 12 }, expectedVersion: 1, advance: { seq: 1, commandId: 'cmd-a', outcome: outcome('cmd-a', 1) } })).toBe(false);
    expect(await rawDoc(sub.id)).toEqual(doc);

    // The next command, out of turn (seq 3 before 2), is refused too; in turn it applies.
    expect(await subscriptions.apply({ state: { ...sub, quantity: 13 }, expectedVersion: 1, advance: { seq: 3, commandId: 'cmd-c', outcome: outcome('cmd-c', 3) } })).toBe(false);
    expect(await subscriptions.apply({ state: { ...sub, quantity: 13 }, expectedVersion: 1, advance: { seq: 2, commandId: 'cmd-b', outcome: outcome('cmd-b', 2) } })).toBe(true);
    expect(await rawDoc(sub.id)).toMatchObject({ version: 2, lastAppliedSeq: 2, queue: { lastSeq: 2, pending: [] }, state: expect.objectContaining({ quantity: 13 }) });
  });

  it('G4 20 concurrent apply calls on the same expected version: exactly one wins', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-7', T0);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => subscriptions.apply({ state: { ...sub, quantity: 100 + i }, expectedVersion: 0 })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await subscriptions.get(sub.id)).toMatchObject({ quantity: 100 + winner, version: 1 });
  });

  it('G4 20 concurrent deliveries of one command (same seq, same version): exactly one applies and advances', async () => {
    const sub = subscription();
    await subscriptions.insertNew([{ state: sub }], 'cmd-create-8', T0);
    const ref = { kind: 'subscription' as const, id: sub.id };
    expect(await groups.enlist(ref, 'cmd-dup')).toEqual({ seq: 1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        subscriptions.apply({ state: { ...sub, quantity: 200 + i }, expectedVersion: 0, advance: { seq: 1, commandId: 'cmd-dup', outcome: outcome('cmd-dup', 1) } }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await rawDoc(sub.id)).toMatchObject({ version: 1, lastAppliedSeq: 1, queue: { pending: [] } });
  });

  it('ofCustomer and getOfCustomer answer the domain objects with their version, only for their customer', async () => {
    const customerId = 'cust-of-1';
    const a = subscription({ id: 'sub-of-b', customerId });
    const b = subscription({ id: 'sub-of-a', customerId });
    const other = subscription({ id: 'sub-of-c' });
    await subscriptions.insertNew([{ state: a }, { state: b }, { state: other }], 'cmd-create-9', T0);
    expect(await subscriptions.apply({ state: { ...a, quantity: 20 }, expectedVersion: 0 })).toBe(true);

    const list = await subscriptions.ofCustomer(customerId);
    expect(list).toEqual([
      { ...b, version: 0 },
      { ...a, quantity: 20, version: 1 },
    ]);
    expect(await subscriptions.getOfCustomer(customerId, a.id)).toEqual({ ...a, quantity: 20, version: 1 });
    expect(await subscriptions.getOfCustomer(customerId, other.id)).toBeNull();
    expect(await subscriptions.getOfCustomer(customerId, 'sub-missing')).toBeNull();
    expect(await subscriptions.ofCustomer('cust-nobody')).toEqual([]);
  });

  it('keeps optional fields absent on a round trip: no nulls appear, dates stay dates', async () => {
    const sub = subscription();
    for (const key of ['trialEndDate', 'renewalStartedAt', 'pendingBillingFrequency', 'scheduledChange', 'baseSubscriptionId', 'resellerId', 'promotionId', 'setupUrl', 'redundantLicenses', 'suspendedAt', 'endedAt', 'endedReason', 'origin'] as const) {
      expect(sub).not.toHaveProperty(key);
    }
    // Written once with the optional fields spelled out as undefined, the way a spread can leave them.
    const spelled = { ...sub, trialEndDate: undefined, scheduledChange: undefined, resellerId: undefined };
    await subscriptions.insertNew([{ state: spelled }], 'cmd-create-10', T0);
    const loaded = await subscriptions.get(sub.id);
    expect(loaded).toEqual({ ...sub, version: 0 });
    expect(Object.keys(loaded!).sort()).toEqual(Object.keys(sub).sort());
    expect(nullPaths(loaded)).toEqual([]);
    expect(nullPaths((await rawDoc(sub.id))?.state)).toEqual([]);
    expect(loaded!.termEndDate).toBeInstanceOf(Date);
    expect(loaded!.lots[0].paid.periodStart).toBeInstanceOf(Date);

    // A field set and then dropped again is gone, not null.
    const scheduled = { ...sub, scheduledChange: { kind: 'renewal' as const, quantity: 5, requestedAt: T0, commandId: 'cmd-s' } };
    expect(await subscriptions.apply({ state: scheduled, expectedVersion: 0 })).toBe(true);
    expect((await subscriptions.get(sub.id))?.scheduledChange).toEqual(scheduled.scheduledChange);
    expect(await subscriptions.apply({ state: { ...sub, scheduledChange: undefined }, expectedVersion: 1 })).toBe(true);
    const dropped = await subscriptions.get(sub.id);
    expect(dropped).not.toHaveProperty('scheduledChange');
    expect(nullPaths(dropped)).toEqual([]);
  });

  it('the due-work index answers the due subscriptions in time order, and not those due later or with nothing due', async () => {
    const base = plus(T0, 400 * DAY);
    const dueBy = async (now: Date, limit: number) => (await agenda.read(now, now, limit)).commands;
    const due = [3, 1, 2].map((hours) => ({ state: subscription({ id: `sub-due-${hours}` }), nextDue: { type: 'start-renewal', at: plus(base, hours * 3_600_000) } }));
    const later = { state: subscription({ id: 'sub-due-later' }), nextDue: { type: 'start-renewal', at: plus(base, 10 * DAY) } };
    const none = { state: subscription({ id: 'sub-due-none' }) };
    await subscriptions.insertNew([...due, later, none], 'cmd-create-11', T0);
    // Earlier tests left subscriptions due in 30 days; look from after those, and before the later one.
    const now = plus(base, 5 * DAY);
    const found = (await dueBy(now, 100)).filter((d) => d.id.startsWith('sub-due-'));
    expect(found.map(({ id, type, at }) => ({ id, type, at }))).toEqual([
      { id: 'sub-due-1', type: 'start-renewal', at: plus(base, 3_600_000) },
      { id: 'sub-due-2', type: 'start-renewal', at: plus(base, 2 * 3_600_000) },
      { id: 'sub-due-3', type: 'start-renewal', at: plus(base, 3 * 3_600_000) },
    ]);
    const all = await dueBy(now, 100);
    expect(all.map((d) => d.at.getTime())).toEqual([...all.map((d) => d.at.getTime())].sort((x, y) => x - y));
    expect(await dueBy(plus(base, 1), 100).then((list) => list.filter((d) => d.id.startsWith('sub-due-')))).toEqual([]);
    expect((await dueBy(now, 2)).length).toBe(2);

    // Applying with new due work moves it.
    expect(await subscriptions.apply({ state: due[0].state, expectedVersion: 0, nextDue: { type: 'expire-subscription', at: plus(base, 30 * 60_000) } })).toBe(true);
    expect((await dueBy(now, 100)).filter((d) => d.id.startsWith('sub-due-')).map((d) => [d.id, d.type])).toEqual([
      ['sub-due-3', 'expire-subscription'],
      ['sub-due-1', 'start-renewal'],
      ['sub-due-2', 'start-renewal'],
    ]);
  });
});
