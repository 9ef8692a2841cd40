import { CommandRepository, NewCommand } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

function newCommand(overrides: Partial<NewCommand> = {}): NewCommand {
  const id = randomUUID();
  return {
    _id: id,
    type: 'update-subscription',
    partnerId: 'p1',
    customerId: 'c1',
    subscriptionId: 's1',
    subscriptionIds: ['s1'],
    groupKey: 'sub:s1',
    payload: { subscriptionId: 's1', quantity: 5 },
    actor: { userId: 'u1', partnerId: 'p1', roles: ['admin-agent'] },
    idempotencyKey: id,
    requestHash: 'h',
    acceptedAt: new Date(),
    batchId: null,
    rowNumber: null,
    ...overrides,
  };
}

describe('command store (MongoDB)', () => {
  let connection: Connection;
  let commands: CommandRepository;

  beforeAll(async () => {
    connection = await connectTestDatabase('commandstore');
    ({ commands } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  it('keeps exactly one command for 25 concurrent requests with the same Idempotency-Key', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, () => commands.insert(newCommand({ idempotencyKey: 'p1:order-42', requestHash: 'same-body' }))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.record._id));
    expect(ids.size).toBe(1);
    const page = await commands.list({ partnerId: 'p1' }, 100);
    expect(page.items.filter((c) => c.idempotencyKey === 'p1:order-42')).toHaveLength(1);
  });

  it('answers the stored record, with its hash, when a key is reused', async () => {
    const first = await commands.insert(newCommand({ idempotencyKey: 'p1:k2', requestHash: 'body-a' }));
    const again = await commands.insert(newCommand({ idempotencyKey: 'p1:k2', requestHash: 'body-b' }));
    expect(again.created).toBe(false);
    expect(again.record._id).toBe(first.record._id);
    expect(again.record.requestHash).toBe('body-a');
  });

  it('finishes a record exactly once, whoever races to finish it', async () => {
    const { record } = await commands.insert(newCommand());
    const at = new Date();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => commands.finish(record._id, { seq: 1, status: i % 2 ? 'succeeded' : 'failed', at })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const finished = await commands.get(record._id);
    expect(finished?.attempts).toBe(1);
    expect(['succeeded', 'failed']).toContain(finished?.status);
  });

  it('finishes 250 records in one call, in order (FerretDB answers an update of 100 statements never)', async () => {
    const records = await Promise.all(Array.from({ length: 250 }, () => commands.insert(newCommand())));
    const at = new Date();
    await commands.finishMany(records.map(({ record }, i) => ({ id: record._id, seq: i + 1, status: 'succeeded', at, attempts: record.attempts })));
    const finished = await Promise.all(records.map(({ record }) => commands.get(record._id)));
    expect(finished.map((r) => [r?.status, r?.seq, r?.attempts])).toEqual(records.map((_, i) => ['succeeded', i + 1, 1]));
  });

  it('lists newest first with cursor paging and filters', async () => {
    const mine = await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        await new Promise((done) => setTimeout(done, i * 3));
        const id = `0190000${i}-0000-7000-8000-000000000000`;
        return (await commands.insert(newCommand({ _id: id, idempotencyKey: id, partnerId: 'p-list', customerId: 'c-list' }))).record._id;
      }),
    );
    const first = await commands.list({ partnerId: 'p-list' }, 3);
    const second = await commands.list({ partnerId: 'p-list' }, 3, first.next ?? undefined);
    const third = await commands.list({ partnerId: 'p-list' }, 3, second.next ?? undefined);
    const seen = [...first.items, ...second.items, ...third.items].map((c) => c._id);
    expect(seen).toEqual([...mine].sort().reverse());
    expect(third.next).toBeNull();
    expect((await commands.list({ partnerId: 'p-list', status: 'succeeded' }, 10)).items).toHaveLength(0);
  });
});
