import { Injectable } from '@nestjs/common';
import { Command, commandFields } from '@app/domain';
import { CommandDocument, CommandRepository, FINAL_STATUSES, GroupRef, groupKey, NewCommand } from '@app/persistence';
import { ServiceClock } from '@app/platform';
import { CommandDispatcher } from './command-dispatcher';

export interface Submission {
  /** The domain command, with the id it is known by from now on. */
  command: Command;
  actor: { userId: string; partnerId?: string | null; roles: string[] };
  /** The partner the command acts for. */
  partnerId: string;
  customerId: string;
  subscriptionId?: string;
  /** Every subscription the command concerns (the target, and those it creates). */
  subscriptionIds: string[];
  group: GroupRef;
  /** Other groups the command also holds a place in (it waits at the head of each, see CommandDocument.heldGroups). */
  alsoGroups?: GroupRef[];
  /** Unique per partner; a second submission with the same key answers the first command. */
  idempotencyKey?: string;
  requestHash: string;
  batch?: { id: string; row: number };
  /** Service time of acceptance when it is not now (a time process's tick). */
  acceptedAt?: Date;
}

export type SubmitResult = { created: true; record: CommandDocument } | { created: false; record: CommandDocument } | { created: 'group-missing'; record: CommandDocument };

/**
 * Accepting a command, for every source (HTTP intake, time processes, batches): the record is
 * written to MongoDB first, then put in its group's queue and the group woken.
 */
@Injectable()
export class CommandSubmitter {
  constructor(
    private readonly commands: CommandRepository,
    private readonly dispatcher: CommandDispatcher,
    private readonly clock: ServiceClock,
  ) {}

  async submit(submission: Submission): Promise<SubmitResult> {
    const { created, record } = await this.submitOutOfQueue(submission);
    if (!created) {
      // The same request again: if its first attempt died between writing the record and queueing
      // it (MongoDB went away, the process stopped), this attempt queues it.
      if (!FINAL_STATUSES.includes(record.status)) await this.enlistEverywhere(submission, record);
      return { created: false, record };
    }
    const enlisted = await this.enlistEverywhere(submission, record);
    return enlisted === 'missing' ? { created: 'group-missing', record } : { created: true, record };
  }

  /**
   * Writes the record only, for a command applied outside its group's queue (a renewal completing,
   * see RenewalCompleter); a second submission of the same command answers the first record.
   */
  async submitOutOfQueue(submission: Submission): Promise<{ created: boolean; record: CommandDocument }> {
    // Service time, like every deadline computed from it (R-REN-4's maximum wait).
    return this.commands.insert(commandRecordOf(submission, submission.acceptedAt ?? (await this.clock.now())));
  }

  /** The command's own group first, then the others it holds a place in (their order does not matter). */
  private async enlistEverywhere(submission: Submission, record: CommandDocument) {
    const enlisted = await this.dispatcher.enlist(submission.group, record._id, record.type);
    for (const group of submission.alsoGroups ?? []) await this.dispatcher.enlist(group, record._id, record.type);
    return enlisted;
  }
}

/** The record of an accepted command, as every source writes it (one at a time here, in bulk for batch rows). */
export function commandRecordOf(submission: Submission, acceptedAt: Date): NewCommand {
  const { command } = submission;
  return {
    _id: command.commandId,
    type: command.type,
    partnerId: submission.partnerId,
    customerId: submission.customerId,
    subscriptionId: submission.subscriptionId ?? null,
    subscriptionIds: submission.subscriptionIds,
    groupKey: groupKey(submission.group),
    heldGroups: (submission.alsoGroups ?? []).map(groupKey),
    payload: withoutUndefined(commandFields(command)),
    actor: { userId: submission.actor.userId, partnerId: submission.actor.partnerId ?? null, roles: submission.actor.roles },
    idempotencyKey: submission.idempotencyKey ? `${submission.partnerId}:${submission.idempotencyKey}` : command.commandId,
    requestHash: submission.requestHash,
    acceptedAt,
    batchId: submission.batch?.id ?? null,
    rowNumber: submission.batch?.row ?? null,
  };
}

/** Drops undefined members (a DTO's absent optionals), so the stored command is exactly what was sent. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}
