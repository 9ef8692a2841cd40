import { Connection } from 'mongoose';
import { RunningApps, startApps } from '../../support/running-apps';
import { allFinished, buy, commandsOf, customerOf, databaseOf, inPool, partnerOn, Tenant } from '../../support/scenario';

const SUBSCRIPTIONS = 200;
const COMMANDS_EACH = 20;

// G1 (order per subscription with many workers), G2 (groups in parallel), G4 (exactly once):
// three real worker processes, 200 subscriptions, 20 interleaved commands each.
describe('grouping under load: three worker processes', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  let db: Connection;
  let subscriptions: string[];
  const commandIds = new Map<string, string[]>();

  beforeAll(async () => {
    apps = await startApps('grouporder', { workers: 3, env: { WORKER_CONCURRENCY: '8' } });
    tenant = await partnerOn(apps);
    db = await databaseOf(apps);
    const customers = [await customerOf(tenant.agent), await customerOf(tenant.agent)];
    const seeding = Date.now();
    subscriptions = [...(await buy(tenant.agent, customers[0], SUBSCRIPTIONS / 2)), ...(await buy(tenant.agent, customers[1], SUBSCRIPTIONS / 2))];
    if (process.env.TEST_PROGRESS) console.log(`seeded in ${Date.now() - seeding} ms`);
    const customerOfSubscription = new Map(subscriptions.map((id, i) => [id, customers[i < SUBSCRIPTIONS / 2 ? 0 : 1]]));

    // Round k submits the k-th command of every subscription, all subscriptions at once and in a
    // different order each round, so the three workers see the groups' commands interleaved.
    const started = Date.now();
    for (let k = 1; k <= COMMANDS_EACH; k++) {
      if (process.env.TEST_PROGRESS) console.log(`round ${k} at ${Date.now() - started} ms`);
      const order = [...subscriptions].sort(() => Math.random() - 0.5);
      await inPool(
        order.map((id) => async () => {
          const response = await tenant.agent.patch(`/v1/customers/${customerOfSubscription.get(id)}/subscriptions/${id}`, { friendlyName: `step ${k}` });
          if (response.status !== 202) throw new Error(`PATCH ${id}: ${response.status} ${response.text}`);
          commandIds.set(id, [...(commandIds.get(id) ?? []), response.body.commandId]);
        }),
        24,
      );
    }
    const drained = await allFinished(db);
    if (process.env.TEST_PROGRESS) console.log(`submitted in ${Date.now() - started - drained} ms, drained ${drained} ms after`);
  }, 900_000);

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('applies every subscription\'s commands exactly once, in the order they were accepted (G1, G4)', async () => {
    const byId = new Map((await commandsOf(db, { type: 'update-subscription' })).map((c) => [c._id, c]));
    expect(byId.size).toBe(SUBSCRIPTIONS * COMMANDS_EACH);
    const violations: string[] = [];
    for (const id of subscriptions) {
      const applied = (commandIds.get(id) ?? []).map((commandId) => byId.get(commandId));
      applied.forEach((command, index) => {
        const k = index + 1;
        if (command?.status !== 'succeeded' || command.seq !== k || command.result?.subscriptionVersion !== k) {
          violations.push(`${id} #${k}: ${command?.status} seq=${command?.seq} version=${command?.result?.subscriptionVersion}`);
        }
      });
    }
    expect(violations).toEqual([]);
  });

  it('leaves each subscription at version 20 with the last command\'s state, each command\'s event written once', async () => {
    const docs = await db.collection<{ _id: string; version: number; lastAppliedSeq: number; queue: { pending: string[] }; state: { friendlyName: string; updateCount: number } }>('subscriptions').find({ _id: { $in: subscriptions } }).toArray();
    expect(docs).toHaveLength(SUBSCRIPTIONS);
    for (const doc of docs) {
      expect({ id: doc._id, version: doc.version, applied: doc.lastAppliedSeq, pending: doc.queue.pending.length, name: doc.state.friendlyName, updates: doc.state.updateCount }).toEqual({
        id: doc._id,
        version: COMMANDS_EACH,
        applied: COMMANDS_EACH,
        pending: 0,
        name: `step ${COMMANDS_EACH}`,
        updates: COMMANDS_EACH,
      });
    }
    const perCommand = await db
      .collection('events')
      .aggregate<{ _id: string; n: number }>([{ $match: { type: 'subscription.updated' } }, { $group: { _id: '$commandId', n: { $sum: 1 } } }])
      .toArray();
    expect(perCommand).toHaveLength(SUBSCRIPTIONS * COMMANDS_EACH);
    expect(perCommand.filter((row) => row.n !== 1)).toEqual([]);
  });
});
