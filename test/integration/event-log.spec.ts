import { EventLog, NewEvent } from '@app/persistence';
import { newId } from '@app/platform';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

function event(partnerId: string, n: number): NewEvent {
  return { _id: newId(), type: 'subscription.updated', occurredAt: new Date(), partnerId, customerId: 'c1', subscriptionId: 's1', commandId: null, data: { n } };
}

// The feed's cursor (api.md: never a gap nor a duplicate): places are taken atomically per partner,
// a reader never reads past a place taken but not yet written, and a dead writer's place is filled.
describe('EventLog (MongoDB)', () => {
  let connection: Connection;
  let log: EventLog;
  let partner = 0;

  beforeAll(async () => {
    connection = await connectTestDatabase('eventlog');
    ({ eventLog: log } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  const feeds = () => connection.collection<{ _id: string; last: number }>('event_feeds');
  const events = () => connection.collection<{ _id: string; seq: number; recordedAt: Date }>('events');
  const all = async (partnerId: string) => (await log.page(partnerId, { afterSeq: 0, limit: 500 })).map((e) => e.data.n);

  /** A writer that took the next place and has not written its event yet. */
  async function takePlace(partnerId: string): Promise<number> {
    const feed = await feeds().findOneAndUpdate({ _id: partnerId }, { $inc: { last: 1 }, $set: { takenAt: new Date() } }, { returnDocument: 'after' });
    return feed!.last;
  }

  it('does not read past a place whose event commits late, and shows it once it has', async () => {
    const p = `p${++partner}`;
    await log.append([event(p, 1)]);
    const held = await takePlace(p);
    await log.append([event(p, 3)]);
    expect(await all(p)).toEqual([1]);
    await events().insertOne({ ...event(p, 2), seq: held, recordedAt: new Date() });
    expect(await all(p)).toEqual([1, 2, 3]);
  });

  it('fills the place of a writer that died after taking it, once it is old', async () => {
    const p = `p${++partner}`;
    await log.append([event(p, 1)]);
    const dead = await takePlace(p);
    const after = event(p, 2);
    await log.append([after]);
    expect(await all(p)).toEqual([1]);
    await events().updateOne({ _id: after._id }, { $set: { recordedAt: new Date(Date.now() - 60_000) } });
    expect(await all(p)).toEqual([1, 2]);
    expect(await events().findOne({ seq: dead, partnerId: p })).toMatchObject({ type: 'feed.gap' });
  });

  it('writes an event written before (a retry after a crash) only once', async () => {
    const p = `p${++partner}`;
    const once = event(p, 1);
    await log.append([once, event(p, 2)]);
    await log.append([once, event(p, 3)]);
    expect(await all(p)).toEqual([1, 2, 3]);
  });

  it('gives each of many concurrent writers its own places, and a follower sees each event once', async () => {
    const p = `p${++partner}`;
    const seen: unknown[] = [];
    let afterSeq = 0;
    const writers = Promise.all(Array.from({ length: 40 }, (_, i) => log.append([event(p, 2 * i), event(p, 2 * i + 1)])));
    let done = false;
    void writers.then(() => (done = true));
    while (!done || seen.length < 80) {
      const page = await log.page(p, { afterSeq, limit: 7 });
      seen.push(...page.map((e) => e.data.n));
      afterSeq = page.at(-1)?.seq ?? afterSeq;
      if (done && page.length === 0 && seen.length < 80) throw new Error(`follower stuck at ${seen.length}`);
    }
    expect(new Set(seen).size).toBe(80);
    // One writer's events stay together and in order.
    for (let i = 0; i < 40; i++) expect(seen.indexOf(2 * i + 1)).toBe(seen.indexOf(2 * i) + 1);
  });

  it('keeps partners apart', async () => {
    const a = `p${++partner}`;
    const b = `p${++partner}`;
    await log.append([event(a, 1), event(b, 2), event(a, 3)]);
    expect(await all(a)).toEqual([1, 3]);
    expect(await all(b)).toEqual([2]);
  });
});
