import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { raw } from '../common/raw-collection';
import { CUSTOMER_MODEL, CustomerDocument } from '../customers/customer.schema';
import { SUBSCRIPTION_MODEL, SubscriptionDocument } from '../subscriptions/subscription.schema';
import { DueAgenda, DueReading, DueSubscription } from './due-reading';

export type { DueAgenda, DueCommand } from './due-reading';
export { DueReading } from './due-reading';

type Row = Pick<SubscriptionDocument, '_id' | 'nextDueAt' | 'nextDueType' | 'nextReminderAt' | 'customerId' | 'partnerId'> & {
  queue?: { deferredUntil?: Date | null };
};

/**
 * The due-work index the time processes step by (api.md, "Time"): the subscriptions with anything
 * due by `until` in one query, a range on each of the three indexed fields (`nextDueAt`,
 * `nextReminderAt`, `queue.deferredUntil`) joined by `$or` (on MongoDB an index union; FerretDB
 * scans the collection, once, instead of once per field), and the customers' deferred groups the
 * same way. Read up to `until` rather than to `now`, one reading answers what is due at every
 * instant up to there, so the sandbox clock reads once per instant (DueReading).
 */
@Injectable()
export class DueAgendaRepository {
  constructor(
    @InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<SubscriptionDocument>,
    @InjectModel(CUSTOMER_MODEL) private readonly customers: Model<CustomerDocument>,
  ) {}

  /** What is due by `now` (at most `limit` of each kind), and the next instant up to `until`. */
  async read(now: Date, until: Date, limit: number): Promise<DueAgenda> {
    return (await this.reading(now, until)).at(now, limit);
  }

  async reading(now: Date, until: Date): Promise<DueReading> {
    const through = until.getTime() > now.getTime() ? until : now;
    const by = { $lte: through };
    const [rows, customers] = await Promise.all([
      raw(this.subscriptions)
        .find<Row>(
          { $or: [{ nextDueAt: by }, { nextReminderAt: by }, { 'queue.deferredUntil': by }] },
          { projection: { _id: 1, nextDueAt: 1, nextDueType: 1, nextReminderAt: 1, 'queue.deferredUntil': 1, customerId: 1, partnerId: 1 } },
        )
        .toArray(),
      raw(this.customers)
        .find<{ _id: string; queue?: { deferredUntil?: Date | null } }>({ 'queue.deferredUntil': by }, { projection: { _id: 1, 'queue.deferredUntil': 1 } })
        .toArray(),
    ]);
    const subscriptions: DueSubscription[] = rows.map((row) => ({
      id: row._id,
      customerId: row.customerId,
      partnerId: row.partnerId,
      ...(row.nextDueAt && row.nextDueType ? { command: { type: row.nextDueType, at: row.nextDueAt } } : {}),
      ...(row.nextReminderAt ? { reminderAt: row.nextReminderAt } : {}),
      ...(row.queue?.deferredUntil ? { deferredUntil: row.queue.deferredUntil } : {}),
    }));
    return new DueReading(
      through,
      subscriptions,
      customers.flatMap((doc) => (doc.queue?.deferredUntil ? [{ id: doc._id, at: doc.queue.deferredUntil }] : [])),
    );
  }

  /** Whether anything is due by `now` (the clock is ready only when nothing is). */
  async anyDue(now: Date): Promise<boolean> {
    return (await this.reading(now, now)).at(now, 1).count > 0;
  }
}
