import type { Subscription } from '@app/domain';
import { DAY, HOUR, T0, World, plus } from '@app/domain/testing/fixtures';
import { DueAgendaRepository, GroupQueueRepository, SUBSCRIPTION_MODEL, SubscriptionRepository } from '@app/persistence';
import { Connection } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

// The due-work index the sandbox clock steps by: what is due at an instant, and the next instant, in one read.
const world = new World();
const bought = world.buy('microsoft-365-e3', 10, T0);
const base = plus(T0, 2000 * DAY);

describe('DueAgendaRepository (MongoDB)', () => {
  let connection: Connection;
  let subscriptions: SubscriptionRepository;
  let groups: GroupQueueRepository;
  let agenda: DueAgendaRepository;

  beforeAll(async () => {
    connection = await connectTestDatabase('dueagenda');
    ({ subscriptions, groups, agenda } = await repositoriesOn(connection));
    const state = (id: string): Subscription => ({ ...structuredClone(bought), id, customerId: `cust-${id}` });
    await subscriptions.insertNew(
      [
        { state: state('due-2'), nextDue: { type: 'start-renewal', at: plus(base, 2 * HOUR) } },
        { state: state('due-1'), nextDue: { type: 'expire-subscription', at: plus(base, HOUR) } },
        { state: state('due-5'), nextDue: { type: 'start-renewal', at: plus(base, 5 * HOUR) } },
        { state: state('idle') },
      ],
      'cmd-agenda',
      T0,
    );
    await groups.defer({ kind: 'subscription', id: 'idle' }, plus(base, 3 * HOUR), 'RENEWAL_IN_PROGRESS');
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  it('answers the work due by now, earliest first, and the next instant up to where the clock goes', async () => {
    const read = await agenda.read(plus(base, 2 * HOUR), plus(base, 10 * HOUR), 100);
    expect(read.commands.map(({ id, type }) => [id, type])).toEqual([
      ['due-1', 'expire-subscription'],
      ['due-2', 'start-renewal'],
    ]);
    // Each was bought at T0: its reduction window's closing reminder fell due long before.
    expect([...read.reminders].sort()).toEqual(['due-1', 'due-2', 'due-5', 'idle']);
    expect(read.deferred).toEqual([]);
    expect(read.more).toBe(false);
    expect(read.next).toEqual(plus(base, 3 * HOUR)); // the deferred group's retry comes before due-5

    const at3 = await agenda.read(plus(base, 3 * HOUR), plus(base, 4 * HOUR), 100);
    expect(at3.deferred).toEqual([{ kind: 'subscription', id: 'idle' }]);
    expect(at3.next).toBeUndefined(); // due-5 is after where the clock goes
    expect(await agenda.anyDue(plus(T0, -DAY))).toBe(false);
    expect(await agenda.anyDue(plus(T0, 6 * DAY))).toBe(true);
  });

  it('says when one read did not hold all that is due', async () => {
    const read = await agenda.read(plus(base, 5 * HOUR), plus(base, 10 * HOUR), 2);
    expect(read.commands.map((c) => c.id)).toEqual(['due-1', 'due-2']);
    expect(read.more).toBe(true);
  });

  it('reads with a range on one indexed field per list (the shape an index serves)', async () => {
    const indexes = await connection.model(SUBSCRIPTION_MODEL).collection.indexes();
    const keys = indexes.map((index) => Object.keys(index.key).join(','));
    expect(keys).toEqual(expect.arrayContaining(['nextDueAt', 'nextReminderAt', 'queue.deferredUntil']));
  });
});
