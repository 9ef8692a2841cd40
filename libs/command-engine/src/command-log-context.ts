import { CommandDocument } from '@app/persistence';
import { PinoLogger } from 'nestjs-pino';

/** Runs `fn` with the command's id, type and group on every line logged meanwhile (pino's async context). */
export function inCommandLogContext<T>(logger: PinoLogger, record: Pick<CommandDocument, '_id' | 'type' | 'groupKey'>, fn: () => T): T {
  return logger.runInContext(fn, { bindings: { commandId: record._id, commandType: record.type, group: record.groupKey } });
}
