import { CommandDispatcher, CommandQueue, CommandSubmitter, COMMAND_QUEUE, Submission } from '@app/command-engine';
import { FixedClock } from '@app/domain';
import { newId } from '@app/platform';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

// G4/G5 at intake: the record is written first, then put in its group's queue once, so concurrent
// identical requests make one command in one place of the queue, and a retried request queues a
// record its first attempt wrote but could not queue.
describe('command submitter (MongoDB and Redis)', () => {
  let connection: Connection;
  let queue: Queue;
  let submitter: CommandSubmitter;
  let repos: Awaited<ReturnType<typeof repositoriesOn>>;

  beforeAll(async () => {
    connection = await connectTestDatabase('submitter');
    repos = await repositoriesOn(connection);
    queue = new Queue(COMMAND_QUEUE, { connection: { url: process.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: `t${randomBytes(4).toString('hex')}` });
    const clock = { now: async () => new FixedClock('2026-11-25T12:00:00Z').now() };
    submitter = new CommandSubmitter(repos.commands, new CommandDispatcher(repos.groups, new CommandQueue(queue as never, { retryBaseDelayMs: 1_000 }, queue as never), repos.commands), clock);
    await connection.db!.collection('customers').insertOne({ _id: 'cus-1', queue: { lastSeq: 0, pending: [], deferredUntil: null }, lastAppliedSeq: 0 } as never);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await dropAndClose(connection);
  });

  const submission = (key: string): Submission => ({
    // Not a whole order: the submitter stores the command's fields as they are, without undefined members.
    command: { type: 'place-order', commandId: newId(), customerId: 'cus-1', lines: [], note: undefined } as never,
    actor: { userId: 'u1', partnerId: 'p1', roles: ['admin-agent'] },
    partnerId: 'p1',
    customerId: 'cus-1',
    subscriptionIds: [],
    group: { kind: 'customer', id: 'cus-1' },
    idempotencyKey: key,
    requestHash: 'same',
  });

  it('enlists one command once for 15 concurrent identical submissions, and wakes its group', async () => {
    const results = await Promise.all(Array.from({ length: 15 }, () => submitter.submit(submission('k-1'))));
    expect(results.filter((r) => r.created === true)).toHaveLength(1);
    expect(new Set(results.map((r) => r.record._id)).size).toBe(1);
    const holder = await repos.groups.load({ kind: 'customer', id: 'cus-1' });
    expect(holder?.queue.pending).toEqual([results[0].record._id]);
    expect(holder?.queue.lastSeq).toBe(1);
    expect(await queue.getJobCounts('waiting', 'delayed', 'active')).toMatchObject({ waiting: 1 });
  });

  it('stores the payload without undefined members and stamps acceptedAt with the service clock', async () => {
    const { record } = await submitter.submit(submission('k-2'));
    expect(record.payload).toEqual({ customerId: 'cus-1', lines: [] });
    expect(record.acceptedAt.toISOString()).toBe('2026-11-25T12:00:00.000Z');
  });

  it('queues, on a retry, a record whose first attempt was written but never queued, and only once', async () => {
    // The first attempt died between writing the record and queueing it (MongoDB went away).
    const { record } = await repos.commands.insert({
      _id: 'cmd-interrupted',
      type: 'place-order',
      partnerId: 'p1',
      customerId: 'cus-1',
      subscriptionId: null,
      subscriptionIds: [],
      groupKey: 'cus:cus-1',
      payload: { customerId: 'cus-1', lines: [] } as never,
      actor: { userId: 'u1', partnerId: 'p1', roles: ['admin-agent'] },
      idempotencyKey: 'p1:k-retry',
      requestHash: 'same',
      acceptedAt: new Date('2026-11-25T12:00:00Z'),
      batchId: null,
      rowNumber: null,
    });
    const before = (await repos.groups.load({ kind: 'customer', id: 'cus-1' }))!.queue;
    expect(before.pending).not.toContain(record._id);

    const retries = await Promise.all([1, 2, 3].map(() => submitter.submit(submission('k-retry'))));
    expect(retries.map((r) => [r.created, r.record._id])).toEqual([1, 2, 3].map(() => [false, 'cmd-interrupted']));
    const after = (await repos.groups.load({ kind: 'customer', id: 'cus-1' }))!.queue;
    expect(after.pending.filter((id) => id === 'cmd-interrupted')).toHaveLength(1);
    expect(after.lastSeq).toBe(before.lastSeq + 1);
  });

  it('does not queue a finished command again when its request is repeated', async () => {
    const { record } = await submitter.submit(submission('k-done'));
    await connection.db!.collection('customers').updateOne({ _id: 'cus-1' } as never, { $pull: { 'queue.pending': record._id } } as never);
    await repos.commands.finish(record._id, { seq: 1, status: 'succeeded', result: {}, error: null, at: new Date('2026-11-25T12:00:01Z') });
    await submitter.submit(submission('k-done'));
    expect((await repos.groups.load({ kind: 'customer', id: 'cus-1' }))!.queue.pending).not.toContain(record._id);
  });

  it('answers group-missing (and enlists nothing) for a group without a document', async () => {
    const result = await submitter.submit({ ...submission('k-3'), group: { kind: 'subscription', id: 'sub-gone' } });
    expect(result.created).toBe('group-missing');
  });
});
