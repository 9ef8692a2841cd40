import { DomainError } from '@app/domain';
import { CommandDocument, GroupHolder, GroupRef, StoredOutcome } from '@app/persistence';

export interface HandlerContext<H extends GroupHolder = GroupHolder> {
  record: CommandDocument;
  /** The command's place in its group; the write that applies it must also advance the group to it. */
  seq: number;
  /** The group's document as read just before: the subscription, or the customer for orders. */
  holder: H;
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
  /** Refused by a rule: nothing changed; the pump records the refusal. */
  | { kind: 'refused'; error: DomainError }
  /** Cannot apply yet (renewal in progress, R-REN-4): the group waits. */
  | { kind: 'deferred'; reason: string }
  /** The document moved on between read and write: read again and decide again. */
  | { kind: 'conflict' }
  /**
   * Waits for other groups it holds a place in (a transfer's other subscriptions): nothing changed,
   * the pump stops here, and is woken when the command can go on.
   */
  | { kind: 'waiting' };

/** One use case per command type: load, ask the domain, write once with a version check. */
export interface CommandHandler {
  readonly type: string;
  handle(context: HandlerContext): Promise<HandlerResult>;
}

export const COMMAND_HANDLERS = Symbol('COMMAND_HANDLERS');

/** The handlers by command type; start-up fails when a type has none or two. */
export class CommandHandlerRegistry {
  private readonly byType = new Map<string, CommandHandler>();

  constructor(handlers: CommandHandler[], requiredTypes: readonly string[]) {
    for (const handler of handlers) {
      if (this.byType.has(handler.type)) throw new Error(`two handlers for command type ${handler.type}`);
      this.byType.set(handler.type, handler);
    }
    const missing = requiredTypes.filter((type) => !this.byType.has(type));
    if (missing.length > 0) throw new Error(`no handler for command types: ${missing.join(', ')}`);
  }

  for(type: string): CommandHandler {
    const handler = this.byType.get(type);
    if (!handler) throw new Error(`no handler for command type ${type}`);
    return handler;
  }
}
