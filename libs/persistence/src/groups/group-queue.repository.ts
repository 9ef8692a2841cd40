import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
import { CUSTOMER_MODEL, CustomerDocument } from '../customers/customer.schema';
import { SUBSCRIPTION_MODEL, SubscriptionDocument } from '../subscriptions/subscription.schema';
import { raw } from '../common/raw-collection';
import { advanceGroup, GroupQueueFields, GroupRun, StoredOutcome } from './group-fields';
import { GroupKind, GroupRef } from './group-ref';

/** What every group's document has: its queue, id and version. */
type GroupDocument = GroupQueueFields & { _id: string; version: number };

/** The document a group serializes: a subscription, or a customer for its orders. */
export type GroupHolder = SubscriptionDocument | CustomerDocument;

/** The subscription a subscription group's command works on. */
export function subscriptionHolder(holder: GroupHolder): SubscriptionDocument {
  if (!('state' in holder)) throw new Error(`group document ${holder._id} is not a subscription`);
  return holder;
}

/** The customer a customer group's command (an order) works on. */
export function customerHolder(holder: GroupHolder): CustomerDocument {
  if ('state' in holder) throw new Error(`group document ${holder._id} is not a customer`);
  return holder;
}

/** A command's place in its group, and whether the group is waiting (then so does the command). */
export interface Enlisted {
  seq: number;
  deferred?: { until: Date; reason: string };
}

/** The per-group command queues kept on subscription and customer documents. */
@Injectable()
export class GroupQueueRepository {
  constructor(
    @InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<SubscriptionDocument>,
    @InjectModel(CUSTOMER_MODEL) private readonly customers: Model<CustomerDocument>,
  ) {}

  /**
   * Appends an accepted command to its group, unless the group holds it already (waiting, or
   * among the last applied, whose records may not be finished yet); 'missing' when the group's document does not exist. Enlisting twice is
   * harmless, so a retried request can enlist a record its first attempt wrote but did not enlist.
   */
  async enlist(ref: GroupRef, commandId: string): Promise<Enlisted | 'missing'> {
    const doc =
      (await this.collection(ref.kind).findOneAndUpdate(
        { _id: ref.id, 'queue.pending': { $ne: commandId }, 'lastOutcome.commandId': { $ne: commandId }, 'lastRun.ids': { $ne: commandId } },
        { $inc: { 'queue.lastSeq': 1 }, $push: { 'queue.pending': commandId } },
        { returnDocument: 'after' },
      )) ?? (await this.collection(ref.kind).findOne({ _id: ref.id }, { projection: { queue: 1 } }));
    if (!doc) return 'missing';
    const { deferredUntil, deferredReason } = doc.queue;
    return { seq: doc.queue.lastSeq, ...(deferredUntil && deferredReason ? { deferred: { until: deferredUntil, reason: deferredReason } } : {}) };
  }

  async load(ref: GroupRef): Promise<GroupHolder | null> {
    return ref.kind === 'subscription' ? raw(this.subscriptions).findOne({ _id: ref.id }) : raw(this.customers).findOne({ _id: ref.id });
  }

  /** Takes the group past a command that changed nothing (refused, failed, or finished before). */
  async advance(ref: GroupRef, seq: number, commandId: string, outcome: StoredOutcome): Promise<boolean> {
    const step = advanceGroup(seq, commandId, outcome);
    const result = await this.collection(ref.kind).updateOne({ _id: ref.id, ...step.filter }, { $set: step.set, $pull: step.pull });
    return result.modifiedCount === 1;
  }

  /**
   * Drops the charges and events from the group's last outcome once they are written elsewhere, so
   * a document read by every command (a customer after a large order) stays small.
   */
  async slimOutcome(ref: GroupRef, commandId: string): Promise<void> {
    await this.collection(ref.kind).updateOne({ _id: ref.id, 'lastOutcome.commandId': commandId }, { $set: { 'lastOutcome.charges': [], 'lastOutcome.events': [] } });
  }

  /** The same for a run applied at once: its outcomes are kept without their charges and events. */
  async slimRun(ref: GroupRef, run: GroupRun): Promise<void> {
    const slim = (outcome: StoredOutcome): StoredOutcome => ({ ...outcome, charges: [], events: [] });
    const last = run.outcomes[run.outcomes.length - 1];
    await this.collection(ref.kind).updateOne(
      { _id: ref.id, lastAppliedSeq: last.seq, 'lastOutcome.commandId': last.commandId },
      { $set: { lastOutcome: slim(last), lastRun: { ids: run.ids, outcomes: run.outcomes.map(slim) } } },
    );
  }

  async defer(ref: GroupRef, until: Date, reason: string): Promise<void> {
    await this.collection(ref.kind).updateOne({ _id: ref.id }, { $set: { 'queue.deferredUntil': until, 'queue.deferredReason': reason } });
  }

  /** Lets a deferred group try again at once (its renewal completed). */
  async resume(ref: GroupRef): Promise<void> {
    await this.collection(ref.kind).updateOne({ _id: ref.id, 'queue.deferredUntil': { $ne: null } }, { $set: { 'queue.deferredUntil': null } });
  }

  /** Every group with accepted commands not yet finished (the reconciler re-enqueues them). */
  withPendingWork(): Promise<GroupRef[]> {
    return this.groupsMatching({ 'queue.pending.0': { $exists: true } });
  }

  private async groupsMatching(filter: Record<string, unknown>): Promise<GroupRef[]> {
    const [subs, customers] = await Promise.all([
      this.subscriptions.collection.find(filter, { projection: { _id: 1 } }).toArray(),
      this.customers.collection.find(filter, { projection: { _id: 1 } }).toArray(),
    ]);
    return [
      ...customers.map((doc) => ({ kind: 'customer' as const, id: String(doc._id) })),
      ...subs.map((doc) => ({ kind: 'subscription' as const, id: String(doc._id) })),
    ];
  }

  private collection(kind: GroupKind): mongo.Collection<GroupDocument> {
    // The raw driver collection: these updates are the engine's, not a model's, and stay exactly as written.
    return kind === 'subscription' ? raw<SubscriptionDocument, GroupDocument>(this.subscriptions) : raw<CustomerDocument, GroupDocument>(this.customers);
  }
}
