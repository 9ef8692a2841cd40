import type { Command } from '@app/domain';
import { CommandDocument } from '@app/persistence';

/** The domain command a record carries: its payload, with the record's type and id. */
export function commandOf<C extends Command = Command>(record: CommandDocument): C {
  return { ...record.payload, type: record.type, commandId: record._id } as unknown as C;
}
