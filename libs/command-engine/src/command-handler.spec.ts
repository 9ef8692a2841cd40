import { COMMAND_TYPES } from '@app/domain';
import { CommandHandler, CommandHandlerRegistry, CommandHandlers } from './command-handler';

describe('CommandHandlerRegistry', () => {
  const handler: CommandHandler = { handle: async () => ({ kind: 'conflict' }) };
  const everyType = (): CommandHandlers => Object.fromEntries(COMMAND_TYPES.map((type) => [type, handler])) as CommandHandlers;

  it('starts with a handler for every command type', () => {
    expect(() => new CommandHandlerRegistry(everyType())).not.toThrow();
  });

  it('refuses to start when a command type has no handler, naming it', () => {
    const { 'charge-cycle': _, ...withoutOne } = everyType();
    expect(() => new CommandHandlerRegistry(withoutOne as CommandHandlers)).toThrow('no handler for command types: charge-cycle');
  });
});
