import type { CommandFields, CommandType, Holding, Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { counter, embedded, listOf, nullable, oneOf, required } from '../common/schema-fields';
import type { StoredOutcome } from '../groups/group-fields';

export const COMMAND_STATUSES = ['queued', 'running', 'deferred', 'succeeded', 'failed'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
export const FINAL_STATUSES: CommandStatus[] = ['succeeded', 'failed'];

export interface CommandError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface Actor {
  userId: string;
  partnerId?: string | null;
  roles: string[];
}

/** A command as its record stores it: the type, and the command's own fields (`commandFields`). */
export interface StoredCommand {
  type: CommandType;
  payload: CommandFields;
}

/**
 * The decided writes of a command that changes several subscriptions, saved before the first of
 * them, so a redelivery carries out the same decision instead of deciding again.
 */
export interface CommandPlan {
  /** The target's version the decision was made on. */
  targetVersion: number;
  target: Subscription;
  created: Subscription[];
  /** Other subscriptions it changes, each at the version it was decided on (their `version`). */
  others: Subscription[];
  holdingDeltas: Holding[];
  outcome: StoredOutcome;
  /**
   * Others whose group the command also holds a place in (a transfer), with its place there: their
   * write also takes their group past it.
   */
  heldSeqs?: { subscriptionId: string; seq: number }[];
}

/**
 * The record of an accepted command: written before the 202, it is what was accepted. Its payload
 * is read back as stored; the command engine's decoder turns type and payload into the command.
 */
export interface CommandDocument {
  _id: string;
  type: CommandType;
  status: CommandStatus;
  partnerId: string;
  customerId: string;
  subscriptionId: string | null;
  /** Every subscription the command concerns (the target, created ones), for history queries. */
  subscriptionIds: string[];
  groupKey: string;
  /**
   * Other groups the command holds a place in (a transfer: every chosen subscription's): each waits
   * at the command until it is applied, and is woken when it finishes.
   */
  heldGroups?: string[];
  seq: number | null;
  payload: unknown;
  actor: Actor;
  /** `<partnerId>:<Idempotency-Key>`, or the command id when the request had none; unique. */
  idempotencyKey: string;
  requestHash: string;
  acceptedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  nextAttemptAt: Date | null;
  deferredReason: string | null;
  deferrals: { at: Date; nextAttemptAt: Date; reason: string }[];
  result: Record<string, unknown> | null;
  error: CommandError | null;
  plan?: CommandPlan | null;
  batchId: string | null;
  rowNumber: number | null;
}

export const commandModel = documentModel<CommandDocument>('Command', 'commands', {
  type: required(String),
  status: { ...oneOf(COMMAND_STATUSES), index: true },
  partnerId: required(String),
  customerId: { ...required(String), index: true },
  subscriptionId: nullable(String),
  subscriptionIds: { ...listOf(String), index: true },
  groupKey: required(String),
  heldGroups: listOf(String),
  seq: nullable(Number),
  payload: required(Schema.Types.Mixed),
  actor: required(embedded({ userId: String, partnerId: nullable(String), roles: [String] })),
  idempotencyKey: { ...required(String), unique: true },
  requestHash: required(String),
  acceptedAt: required(Date),
  startedAt: nullable(Date),
  finishedAt: nullable(Date),
  attempts: counter(),
  nextAttemptAt: nullable(Date),
  deferredReason: nullable(String),
  deferrals: listOf(embedded({ at: Date, nextAttemptAt: Date, reason: String })),
  result: nullable(Schema.Types.Mixed),
  error: nullable(Schema.Types.Mixed),
  plan: nullable(Schema.Types.Mixed),
  batchId: nullable(String),
  rowNumber: nullable(Number),
});
export const COMMAND_MODEL = commandModel.name;
commandModel.schema.index({ partnerId: 1, _id: -1 });
