import type { CommandFields, CommandType, Holding, Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';
import type { StoredOutcome } from '../groups/group-fields';

export type CommandStatus = 'queued' | 'running' | 'deferred' | 'succeeded' | 'failed';
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

export const COMMAND_MODEL = 'Command';

export const commandSchema = new Schema<CommandDocument>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    status: { type: String, required: true, enum: ['queued', 'running', 'deferred', 'succeeded', 'failed'], index: true },
    partnerId: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
    subscriptionId: { type: String, default: null },
    subscriptionIds: { type: [String], default: [], index: true },
    groupKey: { type: String, required: true },
    heldGroups: { type: [String], default: [] },
    seq: { type: Number, default: null },
    payload: { type: Schema.Types.Mixed, required: true },
    actor: {
      type: new Schema({ userId: String, partnerId: { type: String, default: null }, roles: [String] }, { _id: false, versionKey: false }),
      required: true,
    },
    idempotencyKey: { type: String, required: true, unique: true },
    requestHash: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    deferredReason: { type: String, default: null },
    deferrals: {
      type: [new Schema({ at: Date, nextAttemptAt: Date, reason: String }, { _id: false, versionKey: false })],
      default: [],
    },
    result: { type: Schema.Types.Mixed, default: null },
    error: { type: Schema.Types.Mixed, default: null },
    plan: { type: Schema.Types.Mixed, default: null },
    batchId: { type: String, default: null },
    rowNumber: { type: Number, default: null },
  },
  { ...baseSchemaOptions, collection: 'commands' },
);
commandSchema.index({ partnerId: 1, _id: -1 });
