import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { raw } from '../common/raw-collection';
import { SUBSCRIPTION_MODEL, SubscriptionDocument } from './subscription.schema';

/** What holding a subscription for a plan found. */
export type PlanHold =
  | { kind: 'held' }
  /** The plan's write to it was made already (a redelivery). */
  | { kind: 'written' }
  /** Another command's plan holds it. */
  | { kind: 'held-by'; commandId: string }
  /** It moved on from the version the plan was decided on. */
  | { kind: 'moved' };

/** The filter every state write of `commandId` puts on a subscription: no other command's plan holds it. */
export function notHeldByOthers(commandId: string) {
  return { planLock: { $in: [null, commandId] } };
}

/**
 * A command changing several subscriptions holds each of them (`planLock`) before it writes any:
 * while held, no other command writes it (every state write filters on `notHeldByOthers`), so
 * once all are held the plan's writes cannot meet a subscription that moved on. Each write of the
 * plan lets go of its subscription. A command finding one held waits (`planWaiters`) and is woken
 * by the holder.
 */
@Injectable()
export class PlanHolds {
  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly model: Model<SubscriptionDocument>) {}

  /** Holds a subscription for the command, on the version its plan was decided on. */
  async hold(id: string, version: number, commandId: string): Promise<PlanHold> {
    const result = await raw(this.model).updateOne({ _id: id, version, ...notHeldByOthers(commandId) }, { $set: { planLock: commandId } });
    if (result.matchedCount === 1) return { kind: 'held' };
    const doc = await this.model.findById(id, { crossWrites: 1, planLock: 1 }).lean<Pick<SubscriptionDocument, 'crossWrites' | 'planLock'>>().exec();
    if (doc?.crossWrites?.includes(commandId)) return { kind: 'written' };
    if (doc?.planLock && doc.planLock !== commandId) return { kind: 'held-by', commandId: doc.planLock };
    return { kind: 'moved' };
  }

  /** The command holding the subscription for its plan, if another than `commandId`. */
  async holderOtherThan(id: string, commandId: string): Promise<string | undefined> {
    const doc = await this.model.findById(id, { planLock: 1 }).lean<Pick<SubscriptionDocument, 'planLock'>>().exec();
    return doc?.planLock && doc.planLock !== commandId ? doc.planLock : undefined;
  }

  /** Lets go of the subscriptions the command still holds (its plan is dropped, or it finished without carrying it out). */
  async release(ids: string[], commandId: string): Promise<void> {
    for (const id of ids) await raw(this.model).updateOne({ _id: id, planLock: commandId }, { $set: { planLock: null } });
  }

  /** Puts a group on the list to wake when `holder` lets go of the subscription; false when it has already. */
  async waitFor(id: string, holder: string, groupKey: string): Promise<boolean> {
    const result = await raw(this.model).updateOne({ _id: id, planLock: holder }, { $addToSet: { planWaiters: groupKey } });
    return result.matchedCount === 1;
  }

  /** The groups waiting for these subscriptions, taken off their lists (to be woken). */
  async takeWaiters(ids: string[]): Promise<string[]> {
    const waiting = new Set<string>();
    for (const id of ids) {
      const keys = (await this.model.findById(id, { planWaiters: 1 }).lean<Pick<SubscriptionDocument, 'planWaiters'>>().exec())?.planWaiters ?? [];
      if (keys.length === 0) continue;
      // Exactly the keys read: a group added meanwhile waits for a later holder and stays listed.
      await raw(this.model).updateOne({ _id: id }, { $pullAll: { planWaiters: keys } });
      keys.forEach((key) => waiting.add(key));
    }
    return [...waiting];
  }
}
