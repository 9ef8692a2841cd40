import { ABANDONED_AFTER_SPACINGS, COST_SPACING, CommandGaugesRepository, IntervalClaims } from '@app/persistence';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

const INTERVAL_MS = 10_000;

// Periodic whole-collection reads (the command gauges, the reconciler's sweep): one process per interval.
describe('IntervalClaims and the shared command gauges (MongoDB)', () => {
  let connection: Connection;
  let claims: IntervalClaims;
  let gauges: CommandGaugesRepository;

  beforeAll(async () => {
    connection = await connectTestDatabase('intervalclaims');
    ({ claims, gauges } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  const claimAll = (name: string, at: Date) => Promise.all(Array.from({ length: 8 }, () => claims.claim(name, INTERVAL_MS, at)));

  it('gives each interval to exactly one of many processes, the first one included', async () => {
    const start = new Date('2026-12-02T10:00:00.000Z');
    expect((await claimAll('work', start)).filter(Boolean)).toHaveLength(1);
    await claims.end('work', start, 5);
    expect(await claims.claim('work', INTERVAL_MS, new Date(start.getTime() + INTERVAL_MS / 2))).toBe(false);

    const next = new Date(start.getTime() + INTERVAL_MS);
    expect((await claimAll('work', next)).filter(Boolean)).toHaveLength(1);
    // Another piece of work is claimed on its own.
    expect(await claims.claim('other', INTERVAL_MS, next)).toBe(true);
  });

  it('takes a claim a little short of an interval old, so timers that drift skip no interval', async () => {
    const start = new Date('2026-12-02T11:00:00.000Z');
    expect(await claims.claim('drift', INTERVAL_MS, start)).toBe(true);
    await claims.end('drift', start, 5);
    expect(await claims.claim('drift', INTERVAL_MS, new Date(start.getTime() + INTERVAL_MS - 50))).toBe(true);
  });

  // bench:batch: gauge rounds came to outlast their 15 s interval; the next claims joined them, each
  // slowing the others, and none could record its cost, so the spacing by cost never came into force.
  it('starts no round while one is under way, unless it is twice its spacing overdue (its process died)', async () => {
    const start = new Date('2026-12-02T13:00:00.000Z');
    const after = (ms: number) => new Date(start.getTime() + ms);
    expect(await claims.claim('long', INTERVAL_MS, start)).toBe(true);
    expect(await claims.claim('long', INTERVAL_MS, after(1.5 * INTERVAL_MS))).toBe(false);
    const takenOver = after(ABANDONED_AFTER_SPACINGS * INTERVAL_MS);
    expect(await claims.claim('long', INTERVAL_MS, takenOver)).toBe(true);
    // That round took 3 intervals: the next waits ten times that once it has ended, twice that while it runs.
    await claims.end('long', takenOver, 3 * INTERVAL_MS);
    const spacing = COST_SPACING * 3 * INTERVAL_MS;
    expect(await claims.claim('long', INTERVAL_MS, new Date(takenOver.getTime() + spacing * 0.8))).toBe(false);
    const next = new Date(takenOver.getTime() + spacing);
    expect(await claims.claim('long', INTERVAL_MS, next)).toBe(true);
    expect(await claims.claim('long', INTERVAL_MS, new Date(next.getTime() + 1.5 * spacing))).toBe(false);
  });

  it('ends a round whose work failed, so a failure blocks no later round', async () => {
    const failing = () => Promise.reject(new Error('read failed'));
    await expect(claims.runClaimed('failing', 100, failing)).rejects.toThrow('read failed');
    const stored = await connection.collection<{ _id: string; running: boolean }>('interval_claims').findOne({ _id: 'failing' });
    expect(stored?.running).toBe(false);
  });

  it('runs the work of a claimed interval only, and spaces the next claim by ten times what that round took', async () => {
    const slowRound = async () => {
      await new Promise((done) => setTimeout(done, 300));
      return 'read';
    };
    const [first, second] = await Promise.all([claims.runClaimed('costly', 100, slowRound), claims.runClaimed('costly', 100, slowRound)]);
    expect([first, second].sort()).toEqual(['read', undefined]);
    const stored = await connection.collection<{ _id: string; claimedAt: Date; costMs: number }>('interval_claims').findOne({ _id: 'costly' });
    const { claimedAt, costMs } = stored!;
    expect(costMs).toBeGreaterThanOrEqual(290);
    const after = (ms: number) => new Date(claimedAt.getTime() + ms);
    // The interval (100 ms) is long past, but not ten rounds' time.
    expect(await claims.claim('costly', 100, after(9 * costMs * 0.9))).toBe(false);
    expect(await claims.claim('costly', 100, after(10 * costMs))).toBe(true);
  });

  it('shows every process the last saved reading of the command gauges', async () => {
    expect(await gauges.latest()).toBeNull();
    const readAt = new Date('2026-12-02T12:00:00.000Z');
    const oldest = new Date('2026-12-02T11:59:00.000Z');
    await Promise.all([gauges.save({ byStatus: { queued: 1 }, oldestUnfinishedAt: null }, readAt), gauges.save({ byStatus: { queued: 1 }, oldestUnfinishedAt: null }, readAt)]);
    await gauges.save({ byStatus: { queued: 3, succeeded: 40 }, oldestUnfinishedAt: oldest }, readAt);
    expect(await gauges.latest()).toMatchObject({ readAt, byStatus: { queued: 3, succeeded: 40 }, oldestUnfinishedAt: oldest });
  });
});
