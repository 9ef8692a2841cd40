import { T0 } from '@app/domain/testing/fixtures';
import { CustomerRepository, HoldingsLedger, ReservationFields } from '@app/persistence';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

const E3 = 'microsoft-365-e3';
const COPILOT = 'microsoft-365-copilot';

function reservation(commandId: string, deltas: ReservationFields['deltas']): ReservationFields {
  return { commandId, deltas, plan: null, at: T0 };
}

// Customer-wide counters under concurrency (R-ADD-CP, R-ADD-MG, R-CAT-2, R-ORD-4 read them): a command
// reserves its deltas on the customer's version, and the reservation is committed or released once.
describe('HoldingsLedger (MongoDB)', () => {
  let connection: Connection;
  let customers: CustomerRepository;
  let ledger: HoldingsLedger;
  let counter = 0;

  beforeAll(async () => {
    connection = await connectTestDatabase('holdingsledger');
    ({ customers, ledger } = await repositoriesOn(connection));
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  async function newCustomer(): Promise<string> {
    counter += 1;
    const id = `cust-ledger-${counter}`;
    await customers.insert({ id, partnerId: 'partner-direct', name: 'Contoso', country: 'NL', segment: 'commercial', licensesHeldElsewhere: [] }, T0);
    return id;
  }

  async function record(id: string) {
    const found = await customers.get(id);
    if (!found) throw new Error(`no customer ${id}`);
    return found;
  }

  it('R-ADD-CP counters: reserve on the version read succeeds, on a stale version fails and changes nothing', async () => {
    const id = await newCustomer();
    const own = reservation('cmd-r1', [{ offerId: COPILOT, licenses: 5, subscriptions: 1 }]);
    expect(await ledger.reserve(id, 0, [], own)).toBe(true);
    const after = await record(id);
    expect(after.version).toBe(1);
    expect(after.reservations).toEqual([own]);
    expect(after.customer.reservations).toEqual([{ commandId: 'cmd-r1', deltas: own.deltas }]);
    expect(after.customer.holdings).toEqual([]);

    // A second command decided on version 0: the customer moved on, it must decide again.
    expect(await ledger.reserve(id, 0, [], reservation('cmd-r2', [{ offerId: COPILOT, licenses: 300, subscriptions: 1 }]))).toBe(false);
    expect(await record(id)).toEqual(after);
  });

  it('R-ADD-CP counters: of 20 commands reserving on the same version at once, exactly one gets through', async () => {
    const id = await newCustomer();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ledger.reserve(id, 0, [], reservation(`cmd-race-${i}`, [{ offerId: COPILOT, licenses: i + 1, subscriptions: 1 }]))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = await record(id);
    expect(after.version).toBe(1);
    expect(after.reservations.map((r) => r.commandId)).toEqual([`cmd-race-${results.indexOf(true)}`]);
  });

  it('a reservation is keyed by its command: reserving again replaces it, and keeps the others', async () => {
    const id = await newCustomer();
    const a = reservation('cmd-a', [{ offerId: E3, licenses: 10, subscriptions: 1 }]);
    const b = reservation('cmd-b', [{ offerId: COPILOT, licenses: 4, subscriptions: 1 }]);
    expect(await ledger.reserve(id, 0, [], a)).toBe(true);
    expect(await ledger.reserve(id, 1, (await record(id)).reservations, b)).toBe(true);
    const bAgain = reservation('cmd-b', [{ offerId: COPILOT, licenses: 6, subscriptions: 1 }]);
    expect(await ledger.reserve(id, 2, (await record(id)).reservations, bAgain)).toBe(true);
    expect((await record(id)).reservations).toEqual([a, bAgain]);
  });

  it('G4 commit moves the reservation into the holdings once; a repeat is a no-op', async () => {
    const id = await newCustomer();
    await customers.change(id, 0, { holdings: [{ offerId: E3, licenses: 20, subscriptions: 1 }] });
    const own = reservation('cmd-c1', [
      { offerId: E3, licenses: -5, subscriptions: 0 },
      { offerId: COPILOT, licenses: 5, subscriptions: 1 },
    ]);
    const other = reservation('cmd-c2', [{ offerId: COPILOT, licenses: 3, subscriptions: 1 }]);
    expect(await ledger.reserve(id, 1, [], own)).toBe(true);
    expect(await ledger.reserve(id, 2, (await record(id)).reservations, other)).toBe(true);

    await ledger.commit(id, 'cmd-c1');
    const committed = await record(id);
    expect(committed.customer.holdings).toEqual([
      { offerId: E3, licenses: 15, subscriptions: 1 },
      { offerId: COPILOT, licenses: 5, subscriptions: 1 },
    ]);
    expect(committed.reservations).toEqual([other]);

    await ledger.commit(id, 'cmd-c1');
    await Promise.all(Array.from({ length: 5 }, () => ledger.commit(id, 'cmd-c1')));
    expect(await record(id)).toEqual(committed);
  });

  it('release drops the reservation and leaves the holdings as they were; a repeat is a no-op', async () => {
    const id = await newCustomer();
    await customers.change(id, 0, { holdings: [{ offerId: E3, licenses: 20, subscriptions: 1 }] });
    expect(await ledger.reserve(id, 1, [], reservation('cmd-rel', [{ offerId: COPILOT, licenses: 25, subscriptions: 1 }]))).toBe(true);
    await ledger.release(id, 'cmd-rel');
    const released = await record(id);
    expect(released.reservations).toEqual([]);
    expect(released.customer.holdings).toEqual([{ offerId: E3, licenses: 20, subscriptions: 1 }]);
    await ledger.release(id, 'cmd-rel');
    await ledger.commit(id, 'cmd-rel'); // a late commit of a released reservation adds nothing
    expect(await record(id)).toEqual(released);
  });

  it('R-ADD-CP counters: 20 concurrent commits of 20 reservations on one customer add up exactly, none left', async () => {
    const id = await newCustomer();
    const reservations = Array.from({ length: 20 }, (_, i) =>
      reservation(`cmd-many-${i}`, [
        { offerId: COPILOT, licenses: i + 1, subscriptions: 1 },
        { offerId: E3, licenses: 2, subscriptions: 0 },
      ]),
    );
    for (const own of reservations) {
      const current = await record(id);
      expect(await ledger.reserve(id, current.version, current.reservations, own)).toBe(true);
    }
    expect((await record(id)).reservations).toHaveLength(20);

    await Promise.all(reservations.map((own) => ledger.commit(id, own.commandId)));
    const after = await record(id);
    expect(after.reservations).toEqual([]);
    const byOffer = Object.fromEntries(after.customer.holdings.map((h) => [h.offerId, h]));
    expect(byOffer[COPILOT]).toEqual({ offerId: COPILOT, licenses: 210, subscriptions: 20 }); // 1 + 2 + … + 20
    expect(byOffer[E3]).toEqual({ offerId: E3, licenses: 40, subscriptions: 0 });
    // 20 reservations, then the commits asked for at once in this process share their writes.
    expect(after.version).toBeGreaterThan(20);
    expect(after.version).toBeLessThan(40);
  });

  it('R-ADD-CP counters: 30 commands deciding at once in two processes under one cap are decided as one at a time would', async () => {
    const id = await newCustomer();
    const cap = 50;
    const processes = [ledger, new HoldingsLedger(customers)];
    const reservedCopilot = (customer: { customer: { holdings: { offerId: string; licenses: number }[]; reservations: { deltas: { offerId: string; licenses: number }[] }[] } }) =>
      [...customer.customer.holdings, ...customer.customer.reservations.flatMap((r) => r.deltas)].filter((h) => h.offerId === COPILOT).reduce((n, h) => n + h.licenses, 0);
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        processes[i % 2].decideAndReserve(id, `cmd-cap-${i}`, T0, async (customer) => {
          const fits = reservedCopilot(customer) + 10 <= cap;
          return { result: fits ? 'accepted' : 'refused', deltas: fits ? [{ offerId: COPILOT, licenses: 10, subscriptions: 1 }] : [] };
        }),
      ),
    );
    expect(decisions.filter((d) => d === 'accepted')).toHaveLength(5);
    const after = await record(id);
    expect(after.reservations.map((r) => r.commandId).sort()).toEqual(decisions.flatMap((d, i) => (d === 'accepted' ? [`cmd-cap-${i}`] : [])).sort());
    expect(reservedCopilot(after)).toBe(cap);
    // Decisions made at once share a write: fewer writes than accepted commands would need one at a time.
    expect(after.version).toBeLessThanOrEqual(5);
  });

  it('decideAndReserve drops a reservation an earlier attempt of the command left, and decides without it', async () => {
    const id = await newCustomer();
    expect(await ledger.reserve(id, 0, [], reservation('cmd-again', [{ offerId: COPILOT, licenses: 40, subscriptions: 1 }]))).toBe(true);
    let seen = -1;
    const result = await ledger.decideAndReserve(id, 'cmd-again', T0, async (customer) => {
      seen = customer.customer.reservations.length;
      return { result: 'refused', deltas: [] };
    });
    expect(result).toBe('refused');
    expect(seen).toBe(0);
    expect((await record(id)).reservations).toEqual([]);
  });

  it('concurrent commits and releases of different reservations: only the committed ones count', async () => {
    const id = await newCustomer();
    const reservations = Array.from({ length: 12 }, (_, i) => reservation(`cmd-mix-${i}`, [{ offerId: COPILOT, licenses: 10, subscriptions: 1 }]));
    for (const own of reservations) {
      const current = await record(id);
      expect(await ledger.reserve(id, current.version, current.reservations, own)).toBe(true);
    }
    await Promise.all(reservations.map((own, i) => (i % 3 === 0 ? ledger.release(id, own.commandId) : ledger.commit(id, own.commandId))));
    const after = await record(id);
    expect(after.reservations).toEqual([]);
    expect(after.customer.holdings).toEqual([{ offerId: COPILOT, licenses: 80, subscriptions: 8 }]);
  });
});
