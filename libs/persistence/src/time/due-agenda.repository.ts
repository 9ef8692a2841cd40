import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CUSTOMER_MODEL, CustomerDocument } from '../customers/customer.schema';
import { GroupRef } from '../groups/group-ref';
import { SUBSCRIPTION_MODEL, SubscriptionDocument } from '../subscriptions/subscription.schema';

/** A subscription's next time-driven command (or renewal completion). */
export interface DueCommand {
  id: string;
  type: string;
  at: Date;
  customerId: string;
  partnerId: string;
}

/** What is due at an instant, and when something falls due next. */
export interface DueAgenda {
  /** Time-driven commands due by `now`, earliest first. */
  commands: DueCommand[];
  /** Subscriptions with a reminder due by `now`. */
  reminders: string[];
  /** Deferred groups whose wait is over by `now`. */
  deferred: GroupRef[];
  /** One read held `limit` items due by `now` in some list: read again once these are done. */
  more: boolean;
  /** The earliest instant after `now` and by `until` at which something falls due (when `more` is false). */
  next?: Date;
}

interface Timed {
  _id: string;
  at: Date;
}

/**
 * The due-work index the time processes step by (api.md, "Time"): per field, one query of the one
 * shape an index serves on MongoDB and that FerretDB handles too, a range on one indexed field,
 * sorted by it: `{ nextDueAt: { $lte: until } }`, `{ nextReminderAt: … }`, `{ 'queue.deferredUntil': … }`.
 * Read up to `until` rather than to `now`, one read answers both what is due now and when the clock
 * steps next, so one instant costs one read before its work and one after.
 */
@Injectable()
export class DueAgendaRepository {
  constructor(
    @InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<SubscriptionDocument>,
    @InjectModel(CUSTOMER_MODEL) private readonly customers: Model<CustomerDocument>,
  ) {}

  async read(now: Date, until: Date, limit: number): Promise<DueAgenda> {
    const through = until.getTime() > now.getTime() ? until : now;
    const [commands, reminders, deferredSubscriptions, deferredCustomers] = await Promise.all([
      this.subscriptions.collection
        .find<Pick<SubscriptionDocument, '_id' | 'nextDueAt' | 'nextDueType' | 'customerId' | 'partnerId'>>(
          { nextDueAt: { $lte: through } },
          { projection: { _id: 1, nextDueAt: 1, nextDueType: 1, customerId: 1, partnerId: 1 } },
        )
        .sort({ nextDueAt: 1 })
        .limit(limit)
        .toArray(),
      this.timed(this.subscriptions, 'nextReminderAt', through, limit),
      this.timed(this.subscriptions, 'queue.deferredUntil', through, limit),
      this.timed(this.customers, 'queue.deferredUntil', through, limit),
    ]);
    const due = (at: Date | null | undefined) => at instanceof Date && at.getTime() <= now.getTime();
    const dueCommands = commands.filter((doc) => due(doc.nextDueAt));
    const lists: Timed[][] = [commands.map((doc) => ({ _id: doc._id, at: doc.nextDueAt as Date })), reminders, deferredSubscriptions, deferredCustomers];
    const more = lists.some((list) => list.length === limit && list.every((item) => due(item.at)));
    const later = lists.flatMap((list) => list.filter((item) => !due(item.at)).slice(0, 1).map((item) => item.at.getTime()));
    return {
      commands: dueCommands.map((doc) => ({ id: doc._id, type: doc.nextDueType ?? '', at: doc.nextDueAt as Date, customerId: doc.customerId, partnerId: doc.partnerId })),
      reminders: reminders.filter((item) => due(item.at)).map((item) => item._id),
      deferred: [
        ...deferredSubscriptions.filter((item) => due(item.at)).map((item) => ({ kind: 'subscription' as const, id: item._id })),
        ...deferredCustomers.filter((item) => due(item.at)).map((item) => ({ kind: 'customer' as const, id: item._id })),
      ],
      more,
      ...(later.length > 0 ? { next: new Date(Math.min(...later)) } : {}),
    };
  }

  /** Whether anything is due by `now` (the clock is ready only when nothing is). */
  async anyDue(now: Date): Promise<boolean> {
    const agenda = await this.read(now, now, 1);
    return agenda.commands.length + agenda.reminders.length + agenda.deferred.length > 0;
  }

  private async timed<D extends { _id: string }>(model: Model<D>, field: string, until: Date, limit: number): Promise<Timed[]> {
    const docs = await model.collection
      .find<Record<string, unknown> & { _id: string }>({ [field]: { $lte: until } }, { projection: { _id: 1, [field]: 1 } })
      .sort({ [field]: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => ({ _id: doc._id, at: valueAt(doc, field) })).filter((item): item is Timed => item.at instanceof Date);
  }
}

/** The value at a dotted path of a plain document read from the driver. */
function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
