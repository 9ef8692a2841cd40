import { CommandDocument, CommandError, StoredOutcome } from '@app/persistence';

export type HookedRecord = Pick<CommandDocument, '_id' | 'batchId' | 'rowNumber' | 'plan'>;

/**
 * What the app around the engine may add to a command's path without the engine knowing why
 * (the batch runner's bookkeeping): each hook must be safe to repeat, as every step of the engine is.
 */
export interface CommandHooks {
  /** A refusal that stops the command before it is decided (its batch was cancelled), or null to go on. */
  refusalBeforeApply(record: HookedRecord): Promise<CommandError | null>;
  /** The command waits for a renewal in progress (R-REN-4). */
  deferred(record: HookedRecord): Promise<void>;
  /** The command's outcome is final and about to close its record (called again after a crash). */
  finishing(record: HookedRecord, outcome: StoredOutcome): Promise<void>;
}

export const COMMAND_HOOKS = Symbol('COMMAND_HOOKS');
