import { Command, COMMAND_TYPES, CommandOf, CommandType } from '@app/domain';
import { CommandDocument, CommandError, GroupHolder, GroupRef, StoredOutcome } from '@app/persistence';

/** The commands by type; indexed (rather than `CommandOf<T>`) so a context of one type is a context of a wider type. */
type CommandsByType = { [K in CommandType]: CommandOf<K> };

export interface HandlerContext<T extends CommandType = CommandType> {
  record: CommandDocument;
  /** The command the record holds, decoded (decodeCommand). */
  command: CommandsByType[T];
  /** The command's place in its group; the write that applies it must also advance the group to it. */
  seq: number;
  /** The group's document as read just before: the subscription, or the customer for orders. */
  holder: GroupHolder;
  group: GroupRef;
  now: Date;
  /**
   * Applied outside the group's queue (a renewal completing while commands wait behind it): the
   * write records the outcome as the document's systemOutcome instead of advancing the group.
   */
  outOfQueue?: boolean;
}

export type HandlerResult =
  /** Applied: the handler wrote the change together with the group's advance and this outcome. */
  | { kind: 'applied'; outcome: StoredOutcome }
  /** Refused by a rule (or a record that does not decode): nothing changed; the pump records the refusal. */
  | { kind: 'refused'; error: CommandError }
  /** Cannot apply yet (renewal in progress, R-REN-4): the group waits. */
  | { kind: 'deferred'; reason: string }
  /** The document moved on between read and write: read again and decide again. */
  | { kind: 'conflict' }
  /**
   * Waits for other groups it holds a place in (a transfer's other subscriptions): nothing changed,
   * the pump stops here, and is woken when the command can go on.
   */
  | { kind: 'waiting' };

/** A use case: load what the decision needs, ask the domain, write once with a version check. */
export interface CommandHandler<T extends CommandType = CommandType> {
  handle(context: HandlerContext<T>): Promise<HandlerResult>;
}

/** One command of a run (group commit): its record, decoded, and its place in the group. */
export interface RunStep {
  record: CommandDocument;
  command: Command;
  seq: number;
  /** Refused before it is decided (CommandHooks.refusalBeforeApply): it changes nothing. */
  refusal?: CommandError;
}

/** Consecutive head commands of one group, the first at the head, all handled by the same use case. */
export interface RunContext {
  group: GroupRef;
  holder: GroupHolder;
  now: Date;
  /** The next command of the run, in queue order (read when asked for); undefined once none can join. */
  next(): Promise<RunStep | undefined>;
}

/**
 * A use case that can also decide several commands of a group one after the other in memory, each
 * on the state the one before left, and apply the first of them with one conditional write (group
 * commit). Answers the outcomes of those it applied, in order; none when fewer than two could go
 * together (the pump then takes the head alone, the usual way); 'conflict' when the group's document
 * moved on before the write.
 */
export interface RunHandler {
  applyRun(run: RunContext): Promise<StoredOutcome[] | 'conflict'>;
}

/** The use case of every command type: a type left out does not compile. */
export type CommandHandlers = { [T in CommandType]: CommandHandler<T> };

/** The handlers by command type; start-up fails when a type has none. */
export class CommandHandlerRegistry {
  constructor(private readonly handlers: CommandHandlers) {
    const missing = COMMAND_TYPES.filter((type) => typeof handlers[type]?.handle !== 'function');
    if (missing.length > 0) throw new Error(`no handler for command types: ${missing.join(', ')}`);
  }

  /** Runs the use case of the context's command. */
  handle(context: HandlerContext): Promise<HandlerResult> {
    return this.handleAs(context.command.type, context);
  }

  /** The use case of this type when it can apply runs of commands (group commit). */
  runHandlerOf(type: CommandType): (CommandHandler & RunHandler) | undefined {
    // A stored type with no handler (a record written by other code) is refused by the single take.
    const handler = this.handlers[type] as (CommandHandler & Partial<RunHandler>) | undefined;
    return typeof handler?.applyRun === 'function' ? (handler as CommandHandler & RunHandler) : undefined;
  }

  private handleAs<T extends CommandType>(type: T, context: HandlerContext<T>): Promise<HandlerResult> {
    return this.handlers[type].handle(context);
  }
}
