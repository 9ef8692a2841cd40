import { DueReading } from './due-reading';

const at = (hour: number) => new Date(Date.UTC(2027, 0, 1, hour));

// One reading of the due-work index serves every instant up to where it was read: what is due at
// each, earliest first and at most `limit` of a kind, and the next instant after it.
describe('DueReading', () => {
  const reading = new DueReading(
    at(10),
    [
      { id: 'renews', customerId: 'c', partnerId: 'p', command: { type: 'start-renewal', at: at(2) } },
      { id: 'expires', customerId: 'c', partnerId: 'p', command: { type: 'expire-subscription', at: at(1) }, reminderAt: at(4) },
      { id: 'waits', customerId: 'c', partnerId: 'p', deferredUntil: at(3), command: { type: 'complete-renewal', at: at(12) } },
    ],
    [{ id: 'orders', at: at(2) }],
  );

  it('answers what is due at an instant, earliest first, and the next instant up to its end', () => {
    expect(reading.at(at(0))).toMatchObject({ commands: [], reminders: [], deferred: [], next: at(1), count: 0 });
    const two = reading.at(at(2));
    expect(two.commands.map((c) => [c.id, c.type, c.at])).toEqual([['expires', 'expire-subscription', at(1)], ['renews', 'start-renewal', at(2)]]);
    expect(two).toMatchObject({ reminders: [], deferred: [{ kind: 'customer', id: 'orders' }], more: false, next: at(3), count: 3 });
    expect(reading.at(at(4))).toMatchObject({ reminders: ['expires'], deferred: [{ kind: 'customer', id: 'orders' }, { kind: 'subscription', id: 'waits' }] });
    // The completion at 12 is past where it was read: no next instant is known.
    expect(reading.at(at(5)).next).toBeUndefined();
  });

  it('takes at most `limit` of a kind and says there is more', () => {
    const two = reading.at(at(2), 1);
    expect(two.commands.map((c) => c.id)).toEqual(['expires']);
    expect(two.more).toBe(true);
    expect(reading.at(at(1), 1).more).toBe(false);
  });
});
