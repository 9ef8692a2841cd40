import type { Subscription } from '@app/domain';
import { DAY, HOUR, T0, World, plus } from '@app/domain/testing/fixtures';
import { CustomerRepository, DueAgendaRepository, Enlisted, GroupQueueRepository, GroupRef, StoredOutcome, SubscriptionRepository } from '@app/persistence';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

const bought = new World().buy('microsoft-365-e3', 10, T0);

function outcome(commandId: string, seq: number, status: StoredOutcome['status'] = 'failed'): StoredOutcome {
  return {
    commandId,
    seq,
    status,
    at: T0,
    ...(status === 'failed' ? { error: { code: 'QUANTITY_OUT_OF_RANGE', message: 'refused' } } : {}),
    charges: [],
    events: [],
  };
}

// The per-group command queues kept on subscription and customer documents (G1 order, G3 deferral,
// G4 exactly-once effect, G5 nothing lost: the reconciler's view of pending work).

const seqOf = (enlisted: Enlisted | 'missing'): number => (enlisted === 'missing' ? -1 : enlisted.seq);

describe('GroupQueueRepository (MongoDB)', () => {
  let connection: Connection;
  let groups: GroupQueueRepository;
  let subscriptions: SubscriptionRepository;
  let customers: CustomerRepository;
  let agenda: DueAgendaRepository;
  let counter = 0;

  beforeAll(async () => {
    connection = await connectTestDatabase('groupqueue');
    ({ groups, subscriptions, customers, agenda } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  async function subscriptionGroup(): Promise<GroupRef> {
    counter += 1;
    const state: Subscription = { ...structuredClone(bought), id: `sub-g-${counter}`, customerId: `cust-g-${counter}` };
    await subscriptions.insertNew([{ state }], `cmd-create-${counter}`, T0);
    return { kind: 'subscription', id: state.id };
  }

  async function customerGroup(): Promise<GroupRef> {
    counter += 1;
    const id = `cust-g-${counter}`;
    await customers.insert({ id, partnerId: 'partner-direct', name: 'Contoso', country: 'NL', segment: 'commercial', licensesHeldElsewhere: [] }, T0);
    return { kind: 'customer', id };
  }

  it('G1 enlist gives sequence numbers 1..N in order and keeps the ids pending in that order', async () => {
    for (const ref of [await subscriptionGroup(), await customerGroup()]) {
      const ids = Array.from({ length: 8 }, (_, i) => `${ref.id}-cmd-${i}`);
      const seqs: unknown[] = [];
      for (const id of ids) seqs.push(seqOf(await groups.enlist(ref, id)));
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const holder = await groups.load(ref);
      expect(holder?.queue.lastSeq).toBe(8);
      expect(holder?.queue.pending).toEqual(ids);
      expect(holder?.lastAppliedSeq).toBe(0);
    }
  });

  it('G1 50 concurrent enlists on one group get seqs exactly 1..50, no duplicates, 50 pending', async () => {
    const ref = await subscriptionGroup();
    const ids = Array.from({ length: 50 }, (_, i) => `cmd-conc-${i}`);
    const seqs = (await Promise.all(ids.map((id) => groups.enlist(ref, id)))).map(seqOf);
    expect(seqs.every((s) => typeof s === 'number')).toBe(true);
    expect([...(seqs as number[])].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const holder = await groups.load(ref);
    expect(holder?.queue.lastSeq).toBe(50);
    expect(holder?.queue.pending).toHaveLength(50);
    expect(new Set(holder?.queue.pending).size).toBe(50);
    // The pending order is the seq order: the id with seq k sits at position k - 1.
    const bySeq = new Map(ids.map((id, i) => [seqs[i] as number, id]));
    expect(holder?.queue.pending).toEqual(Array.from({ length: 50 }, (_, i) => bySeq.get(i + 1)));
  });

  it('answers missing for a group whose document does not exist, and creates nothing', async () => {
    expect(await groups.enlist({ kind: 'subscription', id: 'sub-nowhere' }, 'cmd-x')).toBe('missing');
    expect(await groups.enlist({ kind: 'customer', id: 'cust-nowhere' }, 'cmd-x')).toBe('missing');
    expect(await groups.load({ kind: 'subscription', id: 'sub-nowhere' })).toBeNull();
    expect(await groups.load({ kind: 'customer', id: 'cust-nowhere' })).toBeNull();
  });

  it('G4 advance is guarded: only seq = lastAppliedSeq + 1 moves the group, a repeat returns false', async () => {
    const ref = await customerGroup();
    for (const id of ['cmd-1', 'cmd-2', 'cmd-3']) await groups.enlist(ref, id);

    expect(await groups.advance(ref, 2, 'cmd-2', outcome('cmd-2', 2))).toBe(false); // out of turn
    expect(await groups.advance(ref, 1, 'cmd-1', outcome('cmd-1', 1))).toBe(true);
    const after = await groups.load(ref);
    expect(after).toMatchObject({ lastAppliedSeq: 1, lastOutcome: outcome('cmd-1', 1), queue: { lastSeq: 3, pending: ['cmd-2', 'cmd-3'] } });

    expect(await groups.advance(ref, 1, 'cmd-1', outcome('cmd-1', 1))).toBe(false); // redelivery
    expect(await groups.load(ref)).toEqual(after);

    const racing = await Promise.all(Array.from({ length: 20 }, () => groups.advance(ref, 2, 'cmd-2', outcome('cmd-2', 2))));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await groups.load(ref)).toMatchObject({ lastAppliedSeq: 2, lastOutcome: { commandId: 'cmd-2' }, queue: { pending: ['cmd-3'] } });
    // Advancing does not touch the optimistic version: the group moves, the aggregate does not.
    expect((await groups.load(ref))?.version).toBe(0);
  });

  it('G4 a customer group advances in the same versioned write as the customer (CustomerRepository.change)', async () => {
    const ref = await customerGroup();
    await groups.enlist(ref, 'cmd-order-1');
    const change = { holdings: [{ offerId: 'microsoft-365-e3', licenses: 10, subscriptions: 1 }], advance: { seq: 1, commandId: 'cmd-order-1', outcome: outcome('cmd-order-1', 1, 'succeeded') } };
    expect(await customers.change(ref.id, 0, change)).toBe(true);
    expect(await customers.change(ref.id, 1, change)).toBe(false); // same seq again on the new version
    const holder = await groups.load(ref);
    expect(holder).toMatchObject({ version: 1, lastAppliedSeq: 1, queue: { lastSeq: 1, pending: [] } });
    expect((await customers.get(ref.id))?.customer.holdings).toEqual(change.holdings);
  });

  it('G5 withPendingWork lists the subscription and customer groups with unfinished commands, and no others', async () => {
    const subBusy = await subscriptionGroup();
    const subDone = await subscriptionGroup();
    const subIdle = await subscriptionGroup();
    const cusBusy = await customerGroup();
    const cusIdle = await customerGroup();
    await groups.enlist(subBusy, 'cmd-p1');
    await groups.enlist(subDone, 'cmd-p2');
    await groups.advance(subDone, 1, 'cmd-p2', outcome('cmd-p2', 1));
    await groups.enlist(cusBusy, 'cmd-p3');

    const pending = await groups.withPendingWork();
    const key = (r: GroupRef) => `${r.kind}:${r.id}`;
    const keys = new Set(pending.map(key));
    expect(keys.size).toBe(pending.length);
    expect(keys).toContain(key(subBusy));
    expect(keys).toContain(key(cusBusy));
    for (const idle of [subDone, subIdle, cusIdle]) expect(keys).not.toContain(key(idle));
    // Every group listed really has pending work.
    for (const ref of pending) expect((await groups.load(ref))?.queue.pending.length).toBeGreaterThan(0);
  });

  it('G3 defer, the deferrals the due-work index finds, and resume', async () => {
    const base = plus(T0, 1000 * DAY); // later than anything else this file defers
    const sub = await subscriptionGroup();
    const cus = await customerGroup();
    const later = await subscriptionGroup();
    const never = await subscriptionGroup();
    await groups.defer(sub, plus(base, 2 * HOUR), 'RENEWAL_IN_PROGRESS');
    await groups.defer(cus, plus(base, 1 * HOUR), 'RENEWAL_IN_PROGRESS');
    await groups.defer(later, plus(base, 5 * HOUR), 'RENEWAL_IN_PROGRESS');
    const ours = async (now: Date) => (await agenda.read(now, now, 1000)).deferred.filter((r) => [sub.id, cus.id, later.id, never.id].includes(r.id)).map((r) => `${r.kind}:${r.id}`).sort();

    expect((await groups.load(sub))?.queue.deferredUntil).toEqual(plus(base, 2 * HOUR));
    expect(await ours(base)).toEqual([]);
    expect(await ours(plus(base, HOUR))).toEqual([`customer:${cus.id}`]); // the boundary is included
    expect(await ours(plus(base, 3 * HOUR))).toEqual([`customer:${cus.id}`, `subscription:${sub.id}`].sort());

    await groups.resume(sub);
    expect((await groups.load(sub))?.queue.deferredUntil).toBeNull();
    expect(await ours(plus(base, 10 * HOUR))).toEqual([`customer:${cus.id}`, `subscription:${later.id}`].sort());

    // Resuming a group that is not deferred changes nothing; deferring again moves the time.
    await groups.resume(never);
    expect((await groups.load(never))?.queue.deferredUntil).toBeNull();
    await groups.defer(cus, plus(base, 20 * HOUR), 'RENEWAL_IN_PROGRESS');
    expect(await ours(plus(base, 10 * HOUR))).toEqual([`subscription:${later.id}`]);

    // Taking the group past its head command ends the deferral (advanceGroup clears deferredUntil).
    await groups.enlist(later, 'cmd-deferred');
    expect(await groups.advance(later, 1, 'cmd-deferred', outcome('cmd-deferred', 1))).toBe(true);
    expect((await groups.load(later))?.queue.deferredUntil).toBeNull();
    expect(await ours(plus(base, 10 * HOUR))).toEqual([]);
  });
});
