import { decodeCommand, UndecodableCommand } from './command-decoder';

describe('decodeCommand', () => {
  it('reads a record back as the domain command: its fields, type and id', () => {
    const cotermEndDate = new Date('2027-01-01T00:00:00Z');
    expect(decodeCommand({ _id: 'c1', type: 'put-scheduled-change', payload: { subscriptionId: 's1', quantity: 3, cotermEndDate } })).toEqual({
      type: 'put-scheduled-change',
      commandId: 'c1',
      subscriptionId: 's1',
      quantity: 3,
      cotermEndDate,
    });
  });

  it.each([
    ['an unknown type', { _id: 'c2', type: 'no-such-command' as never, payload: {} }],
    ['a missing field', { _id: 'c3', type: 'upgrade-subscription' as const, payload: { subscriptionId: 's1', schedule: 'now' } }],
    ['a field of the wrong kind', { _id: 'c4', type: 'update-subscription' as const, payload: { subscriptionId: 's1', quantity: 'many' } }],
    ['no payload', { _id: 'c5', type: 'start-renewal' as const, payload: null }],
  ])('refuses a record with %s', (_, record) => {
    expect(() => decodeCommand(record)).toThrow(UndecodableCommand);
  });
});
