import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { nextReminderAt, Subscription } from '@app/domain';
import { Model } from 'mongoose';
import { insertReportingExisting } from '../common/insert-once';
import { advanceGroup, advanceGroupByRun, StoredOutcome } from '../groups/group-fields';
import { raw } from '../common/raw-collection';
import { notHeldByOthers } from './plan-holds';
import { SUBSCRIPTION_MODEL, SubscriptionDocument } from './subscription.schema';

export interface DueWork {
  type: string;
  at: Date;
}

/** A run of commands of the subscription's group, decided one after the other in memory (group commit). */
export interface ApplyRunToSubscription {
  /** The state after the last of them. */
  state: Subscription;
  /** The version the first was decided on; each accepted command adds one, as when applied one at a time. */
  expectedVersion: number;
  accepted: number;
  nextDue?: DueWork;
  /** The first one's place in the group. */
  fromSeq: number;
  /** Every command's outcome, in order (refusals included). */
  outcomes: StoredOutcome[];
}

export interface ApplyToSubscription {
  state: Subscription;
  /** The version the decision was made on; the write fails if the subscription moved on. */
  expectedVersion: number;
  nextDue?: DueWork;
  /** The command, when the write also takes the subscription's group past it. */
  advance?: { seq: number; commandId: string; outcome: StoredOutcome };
  /** The outcome of a time-driven change applied outside the queue (see SubscriptionDocument.systemOutcome). */
  systemOutcome?: StoredOutcome;
}

const CROSS_WRITES_KEPT = 50;

export function toSubscription(doc: SubscriptionDocument): Subscription {
  return { ...doc.state, version: doc.version };
}

@Injectable()
export class SubscriptionRepository {
  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly model: Model<SubscriptionDocument>) {}

  async document(id: string): Promise<SubscriptionDocument | null> {
    return this.model.findById(id).lean<SubscriptionDocument>().exec();
  }

  async clearSystemOutcome(id: string, commandId: string): Promise<void> {
    await raw(this.model).updateOne({ _id: id, 'systemOutcome.commandId': commandId }, { $set: { systemOutcome: null } });
  }

  async get(id: string): Promise<Subscription | null> {
    const doc = await this.model.findById(id).lean<SubscriptionDocument>().exec();
    return doc ? toSubscription(doc) : null;
  }

  /** A subscription of a customer; null unless it belongs to that customer. Read by _id alone (an indexed lookup everywhere). */
  async getOfCustomer(customerId: string, id: string): Promise<Subscription | null> {
    const doc = await this.model.findById(id).lean<SubscriptionDocument>().exec();
    return doc && doc.customerId === customerId ? toSubscription(doc) : null;
  }

  async ofCustomer(customerId: string): Promise<Subscription[]> {
    const docs = await this.model.find({ customerId }).sort({ _id: 1 }).lean<SubscriptionDocument[]>().exec();
    return docs.map(toSubscription);
  }

  /**
   * Creates subscriptions whose ids were decided at intake. One this command created before (a
   * redelivery that decided again) is replaced while nothing else has touched it; any other is kept.
   */
  async insertNew(subscriptions: { state: Subscription; nextDue?: DueWork }[], commandId: string, now: Date): Promise<void> {
    const docs: SubscriptionDocument[] = subscriptions.map(({ state, nextDue }) => ({
      ...topLevel(state, nextDue),
      _id: state.id,
      state: stateOf(state),
      version: 0,
      createdAt: now,
      createdByCommandId: commandId,
      queue: { lastSeq: 0, pending: [], deferredUntil: null },
      lastAppliedSeq: 0,
      lastOutcome: null,
      crossWrites: [],
    }));
    const existing = await insertReportingExisting(this.model, docs);
    for (const doc of docs.filter((d) => existing.has(d._id))) {
      const { _id, queue: _queue, lastAppliedSeq: _applied, lastOutcome: _outcome, crossWrites: _cross, ...content } = doc;
      await raw(this.model).updateOne({ _id, version: 0, createdByCommandId: commandId, 'queue.lastSeq': 0 }, { $set: content });
    }
  }

  /** Re-reads the next due work after a time-driven command turned out not to be due. */
  async setNextDue(id: string, nextDue?: DueWork): Promise<void> {
    await raw(this.model).updateOne({ _id: id }, { $set: { nextDueAt: nextDue?.at ?? null, nextDueType: nextDue?.type ?? null } });
  }

  /**
   * The one conditional update of a command: new state, version + 1 and, when given, the group's
   * advance; missed while another command's plan holds the subscription (PlanHolds), let go of when it is the command's own.
   */
  async apply(change: ApplyToSubscription): Promise<boolean> {
    const step = change.advance ? advanceGroup(change.advance.seq, change.advance.commandId, change.advance.outcome) : undefined;
    const commandId = change.advance?.commandId ?? change.systemOutcome?.commandId ?? '';
    const result = await raw(this.model).updateOne(
      { _id: change.state.id, version: change.expectedVersion, ...notHeldByOthers(commandId), ...(step?.filter ?? {}) },
      {
        $set: {
          ...topLevel(change.state, change.nextDue),
          state: stateOf(change.state),
          planLock: null,
          ...(step?.set ?? {}),
          ...(change.systemOutcome ? { systemOutcome: change.systemOutcome } : {}),
        },
        $inc: { version: 1 },
        ...(step ? { $pull: step.pull } : {}),
      },
    );
    return result.modifiedCount === 1;
  }

  /**
   * The one conditional update of a run of commands: the state after the last, version + the number
   * accepted, the group past all of them, and every outcome kept until their records are finished.
   * No plan may hold the subscription (a run holds none).
   */
  async applyRun(change: ApplyRunToSubscription): Promise<boolean> {
    const step = advanceGroupByRun(change.fromSeq, change.outcomes);
    const result = await raw(this.model).updateOne(
      { _id: change.state.id, version: change.expectedVersion, ...notHeldByOthers(''), ...step.filter },
      {
        $set: { ...topLevel(change.state, change.nextDue), state: stateOf(change.state), ...step.set },
        $inc: { version: change.accepted },
        $pullAll: step.pullAll,
      },
    );
    return result.modifiedCount === 1;
  }

  /**
   * A change to a subscription made by a command of another group: written once per command (the
   * command id is remembered on the subscription), on the version the command decided on. With
   * `advance`, the command also held a place in this subscription's group, which the write takes past it.
   * A conflict while another command's plan holds it; the write lets go of the command's own hold.
   */
  async applyCross(
    state: Subscription,
    commandId: string,
    nextDue?: DueWork,
    advance?: { seq: number; outcome: StoredOutcome },
  ): Promise<'applied' | 'already' | 'conflict'> {
    const doc = await this.model.findById(state.id).lean<SubscriptionDocument>().exec();
    if (!doc) return 'conflict';
    const seen = doc.crossWrites ?? [];
    if (seen.includes(commandId)) return 'already';
    if (doc.version !== state.version || (doc.planLock && doc.planLock !== commandId)) return 'conflict';
    const step = advance ? advanceGroup(advance.seq, commandId, advance.outcome) : undefined;
    const result = await raw(this.model).updateOne(
      { _id: state.id, version: state.version, ...notHeldByOthers(commandId), ...(step?.filter ?? {}) },
      {
        $set: {
          ...topLevel(state, nextDue),
          state: stateOf(state),
          crossWrites: [...seen.slice(-(CROSS_WRITES_KEPT - 1)), commandId],
          planLock: null,
          ...(step?.set ?? {}),
        },
        $inc: { version: 1 },
        ...(step ? { $pull: step.pull } : {}),
      },
    );
    return result.modifiedCount === 1 ? 'applied' : 'conflict';
  }

  /** Whether a command of another group has already changed this subscription. */
  async crossWritten(id: string, commandId: string): Promise<boolean> {
    const doc = await this.model.findById(id).lean<SubscriptionDocument>().exec();
    return Boolean(doc?.crossWrites?.includes(commandId));
  }

  /**
   * Records that the reminders due by `through` were sent; on the version they were read from, and
   * without a new version (nothing the partner sees changed). A miss is left to the next tick; so is
   * a subscription a plan holds (its write would put back the state the plan read). One update per
   * subscription, not a bulk write: FerretDB's proxy makes a single conditional update a write by
   * `_id`, while each statement of a bulk one would scan the collection.
   */
  async markReminded(id: string, version: number, through: Date, next: Date | undefined): Promise<boolean> {
    const result = await raw(this.model).updateOne({ _id: id, version, planLock: null }, { $set: { 'state.remindedThrough': through, nextReminderAt: next ?? null } });
    return result.modifiedCount === 1;
  }

  /** Subscriptions whose out-of-queue change was written but not finished (a worker died in between). */
  async withSystemOutcome(limit: number): Promise<SubscriptionDocument[]> {
    return this.model.find({ systemOutcome: { $ne: null } }).limit(limit).lean<SubscriptionDocument[]>().exec();
  }
}

function stateOf(subscription: Subscription): Omit<Subscription, 'version'> {
  const { version: _version, ...state } = subscription;
  return state;
}

function topLevel(subscription: Subscription, nextDue?: DueWork) {
  return {
    customerId: subscription.customerId,
    partnerId: subscription.partnerId,
    offerId: subscription.offerId,
    status: subscription.status,
    nextDueAt: nextDue?.at ?? null,
    nextDueType: nextDue?.type ?? null,
    nextReminderAt: nextReminderAt(subscription) ?? null,
  };
}
