import { Connection } from 'mongoose';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

// Our correctness (optimistic versions, sequence guards, counters) rests on MongoDB's atomic
// single-document updates. The test server must give the same: this spec holds on MongoDB and on
// our FerretDB setup (tools/mongo-compat serialises writes), and fails on plain FerretDB.
describe('the MongoDB-compatible server: single-document updates are atomic', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await connectTestDatabase('atomicity');
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  it('lets exactly one of 50 concurrent findOneAndUpdate({ _id, version }) win, for each version', async () => {
    const docs = connection.db!.collection<{ _id: string; version: number; winners: string[] }>('versioned');
    await docs.insertOne({ _id: 'doc', version: 0, winners: [] });

    for (let version = 0; version < 5; version++) {
      const attempts = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          docs.findOneAndUpdate({ _id: 'doc', version }, { $inc: { version: 1 }, $push: { winners: `${version}:${i}` } }, { returnDocument: 'after' }),
        ),
      );
      expect(attempts.filter((doc) => doc !== null)).toHaveLength(1);
    }
    const final = await docs.findOne({ _id: 'doc' });
    expect(final?.version).toBe(5);
    expect(final?.winners).toHaveLength(5);
  });

  it('loses none of 1,000 concurrent $inc on one document', async () => {
    const counters = connection.db!.collection<{ _id: string; n: number }>('counters');
    await counters.insertOne({ _id: 'counter', n: 0 });
    await Promise.all(Array.from({ length: 1000 }, () => counters.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
    expect((await counters.findOne({ _id: 'counter' }))?.n).toBe(1000);
  });

  it('answers a duplicate _id on insert with code 11000, once per racing pair', async () => {
    const docs = connection.db!.collection<{ _id: string }>('unique');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => docs.insertOne({ _id: 'same' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const rejected of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect((rejected.reason as { code?: number }).code).toBe(11000);
    }
  });
});
