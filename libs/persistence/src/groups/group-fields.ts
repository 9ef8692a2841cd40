import { Schema } from 'mongoose';
import type { ChargeDocument } from '../charges/charge.schema';
import type { NewEvent } from '../events/event.schema';

/**
 * The command queue of a group lives on the document the group serialises (a subscription, or a
 * customer for its orders), so that applying a command, recording it as applied and taking it off
 * the queue is one atomic update of one document.
 */
export interface GroupQueueFields {
  queue: {
    /** Sequence number of the last command accepted into the group. */
    lastSeq: number;
    /** Ids of accepted commands not yet finished, oldest first; the head has seq lastAppliedSeq + 1. */
    pending: string[];
    /** The group waits until then (a deferred head command, R-REN-4). */
    deferredUntil?: Date | null;
    /** Why it waits (RENEWAL_IN_PROGRESS). */
    deferredReason?: string | null;
  };
  /** Sequence number of the last command of the group that finished (applied, refused or failed). */
  lastAppliedSeq: number;
  /** Outcome of that command, kept so a redelivery after a crash can finish its record. */
  lastOutcome?: StoredOutcome | null;
  /**
   * When the last write applied a run of commands at once (group commit): their ids and outcomes,
   * in order, so a redelivery after a crash finishes every record of the run. Any later advance clears it.
   */
  lastRun?: GroupRun | null;
}

export interface GroupRun {
  ids: string[];
  outcomes: StoredOutcome[];
}

export interface StoredOutcome {
  commandId: string;
  seq: number;
  status: 'succeeded' | 'failed';
  at: Date;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  /** What the command emitted, to be written to the charges and events collections when it finishes. */
  charges: ChargeDocument[];
  events: NewEvent[];
  /** Set when the command reserved customer-wide counters that are committed when it finishes. */
  customerId?: string;
  /**
   * The command the reservation is keyed by when it is not this one's own: the head of the run
   * (group commit) that reserved the whole run's deltas at once.
   */
  reservedAs?: string;
  /**
   * Set on a group the command only held a place in: the command is finished by its own group
   * (the key given here), never from this outcome.
   */
  finishedBy?: string;
}

export const groupQueueSchemaFields = {
  queue: {
    type: new Schema(
      {
        lastSeq: { type: Number, required: true, default: 0 },
        pending: { type: [String], default: [] },
        // Indexed: every worker's time keeper looks for deferred groups whose wait is over.
        deferredUntil: { type: Date, default: null, index: true },
        deferredReason: { type: String, default: null },
      },
      { _id: false, versionKey: false },
    ),
    default: () => ({ lastSeq: 0, pending: [], deferredUntil: null }),
  },
  lastAppliedSeq: { type: Number, required: true, default: 0 },
  lastOutcome: { type: Schema.Types.Mixed, default: null },
  lastRun: { type: Schema.Types.Mixed, default: null },
};

export function emptyGroupQueue(): GroupQueueFields {
  return { queue: { lastSeq: 0, pending: [], deferredUntil: null }, lastAppliedSeq: 0, lastOutcome: null };
}

/** The filter and update that take a group past `seq`; use cases merge them into their own write. */
export function advanceGroup(seq: number, commandId: string, outcome: StoredOutcome) {
  return {
    filter: { lastAppliedSeq: seq - 1 },
    set: { lastAppliedSeq: seq, lastOutcome: outcome, lastRun: null, 'queue.deferredUntil': null, 'queue.deferredReason': null },
    pull: { 'queue.pending': commandId },
  };
}

/** The filter and update that take a group past a run of commands, the first at `fromSeq`, applied by one write. */
export function advanceGroupByRun(fromSeq: number, outcomes: StoredOutcome[]) {
  const ids = outcomes.map((outcome) => outcome.commandId);
  return {
    filter: { lastAppliedSeq: fromSeq - 1 },
    set: {
      lastAppliedSeq: fromSeq + outcomes.length - 1,
      lastOutcome: outcomes[outcomes.length - 1],
      lastRun: { ids, outcomes },
      'queue.deferredUntil': null,
      'queue.deferredReason': null,
    },
    pullAll: { 'queue.pending': ids },
  };
}
