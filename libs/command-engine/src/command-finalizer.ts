import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CommandDocument,
  CommandError,
  CommandRepository,
  FixedFinish,
  FINAL_STATUSES,
  GroupHolder,
  GroupQueueRepository,
  GroupRef,
  HoldingsLedger,
  NewEvent,
  OutcomeRecorder,
  StoredOutcome,
  parseGroupKey,
  SubscriptionRepository,
} from '@app/persistence';
import { Metrics, newId } from '@app/platform';
import { PinoLogger } from 'nestjs-pino';
import { CommandQueue } from './command-queue';
import { COMMAND_HOOKS, CommandHooks } from './command-hooks';
import { inCommandLogContext } from './command-log-context';

/** How many command ids a process remembers having finished, to skip re-reading their records. */
const RECENT_KEPT = 10_000;

type FinishedRecord = Pick<CommandDocument, '_id' | 'type' | 'acceptedAt' | 'groupKey' | 'startedAt' | 'heldGroups' | 'batchId' | 'rowNumber' | 'attempts'>;

/** Outcomes with more charges and events than this are slimmed on the group's document once written. */
const SLIM_ABOVE = 8;
/** The same for the outcomes of a run, all together. */
const SLIM_RUN_ABOVE = 64;

/**
 * Finishes a command after its effect is written: commits its reserved customer counters, writes
 * its charges and events, and closes its record. Every step can be repeated, so a worker that dies
 * half-way is finished by the next one from the outcome kept on the group's document.
 */
@Injectable()
export class CommandFinalizer {
  private readonly recent = new Set<string>();

  constructor(
    private readonly commands: CommandRepository,
    private readonly ledger: HoldingsLedger,
    private readonly outcomes: OutcomeRecorder,
    private readonly metrics: Metrics,
    private readonly subscriptions: SubscriptionRepository,
    private readonly groups: GroupQueueRepository,
    private readonly logger: PinoLogger,
    private readonly queue: CommandQueue,
    @Optional() @Inject(COMMAND_HOOKS) private readonly hooks?: CommandHooks,
  ) {}

  async finish(record: FinishedRecord, outcome: StoredOutcome): Promise<void> {
    if (outcome.customerId) await this.ledger.commit(outcome.customerId, outcome.reservedAs ?? outcome.commandId);
    await this.outcomes.record(outcome);
    if (outcome.charges.length + outcome.events.length > SLIM_ABOVE) await this.groups.slimOutcome(parseGroupKey(record.groupKey), outcome.commandId);
    await this.hooks?.finishing(record, outcome);
    await this.commands.finishMany([closingOf(record, outcome)]);
    this.remember(outcome.commandId);
    // The other groups it held a place in go on: past it if it was applied there, or past its refusal.
    for (const held of record.heldGroups ?? []) await this.queue.wakeNow(held, 'held-released');
    this.metrics.commandsFinished.inc({ type: record.type, outcome: outcome.status, code: outcome.error?.code ?? '' });
    // In the command's log context (inCommandLogContext), which names it.
    this.logger.info({ code: outcome.error?.code }, `command ${outcome.status}`);
  }

  /**
   * Finishes a run of commands applied by one write (group commit), in bulk: the run's reservation
   * on the customer committed (once, before any record is closed), one insert of their
   * charges, one append of their events (in run order, so the feed shows them as one at a time
   * would), and one write closing their records, the last record last (recover relies on it).
   */
  async finishRun(group: GroupRef, records: FinishedRecord[], outcomes: StoredOutcome[]): Promise<void> {
    // A run's counted commands share one reservation (keyed by its head): committed once.
    const reservations = new Map<string, { customerId: string; commandId: string }>();
    for (const { customerId, reservedAs, commandId } of outcomes) {
      if (customerId) reservations.set(`${customerId} ${reservedAs ?? commandId}`, { customerId, commandId: reservedAs ?? commandId });
    }
    for (const { customerId, commandId } of reservations.values()) await this.ledger.commit(customerId, commandId);
    await this.outcomes.recordMany(outcomes);
    if (outcomes.reduce((n, o) => n + o.charges.length + o.events.length, 0) > SLIM_RUN_ABOVE) {
      await this.groups.slimRun(group, { ids: outcomes.map((o) => o.commandId), outcomes });
    }
    await Promise.all(records.map((record, i) => this.hooks?.finishing(record, outcomes[i])));
    await this.commands.finishMany(records.map((record, i) => closingOf(record, outcomes[i])));
    records.forEach((record, i) => {
      const outcome = outcomes[i];
      this.remember(outcome.commandId);
      this.metrics.commandsFinished.inc({ type: record.type, outcome: outcome.status, code: outcome.error?.code ?? '' });
      inCommandLogContext(this.logger, record, () => this.logger.info({ code: outcome.error?.code }, `command ${outcome.status}`));
    });
  }

  /** Finishes a change applied outside the queue, then clears its outcome from the subscription. */
  async finishOutOfQueue(subscriptionId: string, record: FinishedRecord, outcome: StoredOutcome): Promise<void> {
    await this.finish(record, outcome);
    await this.subscriptions.clearSystemOutcome(subscriptionId, outcome.commandId);
  }

  /** Whether this process finished that command (a finished record never becomes unfinished). */
  finishedHere(commandId: string): boolean {
    return this.recent.has(commandId);
  }

  private remember(commandId: string): void {
    this.recent.add(commandId);
    if (this.recent.size > RECENT_KEPT) this.recent.delete(this.recent.values().next().value as string);
  }

  /**
   * Finishes the group's last applied command, or every command of its last run, if the worker that
   * applied it died before finishing it. A run's records are closed in order, so its last record
   * closed means all are.
   */
  async recover(holder: GroupHolder): Promise<void> {
    const last = holder.lastOutcome;
    if (!last || last.seq !== holder.lastAppliedSeq || last.finishedBy || this.finishedHere(last.commandId)) return;
    const record = await this.commands.get(last.commandId);
    if (!record || FINAL_STATUSES.includes(record.status)) return;
    const run = holder.lastRun;
    if (!run || run.ids[run.ids.length - 1] !== last.commandId) return this.finish(record, last);
    const records = new Map((await this.commands.getMany(run.ids)).map((r) => [r._id, r]));
    const open = run.outcomes.flatMap((outcome) => {
      const found = records.get(outcome.commandId);
      return found && !FINAL_STATUSES.includes(found.status) ? [{ record: found, outcome }] : [];
    });
    await this.finishRun(
      parseGroupKey(record.groupKey),
      open.map((o) => o.record),
      open.map((o) => o.outcome),
    );
  }
}

/**
 * `command.failed` for a command a partner sent (api.md), written with the group's advance like any
 * outcome; time-driven commands the system sends and then finds not due are not announced.
 */
export function refusedOutcome(record: CommandDocument, seq: number, at: Date, error: CommandError): StoredOutcome {
  const outcome = failedOutcome(record._id, seq, at, { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
  if (!record.actor.partnerId) return outcome;
  const event: NewEvent = {
    _id: newId(),
    type: 'command.failed',
    occurredAt: at,
    partnerId: record.partnerId,
    customerId: record.customerId,
    subscriptionId: record.subscriptionId,
    commandId: record._id,
    data: { commandType: record.type, error: outcome.error },
  };
  return { ...outcome, events: [event] };
}

export function failedOutcome(
  commandId: string,
  seq: number,
  at: Date,
  error: { code: string; message: string; details?: Record<string, unknown> },
): StoredOutcome {
  return { commandId, seq, status: 'failed', at, error, charges: [], events: [] };
}

/** The outcome of a record that finished before (a duplicate in the queue): repeated as it was. */
export function outcomeOfFinished(record: CommandDocument, seq: number): StoredOutcome {
  return {
    commandId: record._id,
    seq,
    status: record.status === 'succeeded' ? 'succeeded' : 'failed',
    at: record.finishedAt ?? record.acceptedAt,
    ...(record.result ? { result: record.result } : {}),
    ...(record.error ? { error: record.error } : {}),
    charges: [],
    events: [],
  };
}

/** The record's finished fields, every one fixed by its stored outcome (CommandRepository.finishMany). */
function closingOf(record: FinishedRecord, outcome: StoredOutcome): FixedFinish {
  return { id: record._id, attempts: record.attempts, seq: outcome.seq, status: outcome.status, result: outcome.result ?? null, error: outcome.error ?? null, at: outcome.at, startedAt: record.startedAt };
}
