import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Customer, Holding } from '@app/domain';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/mongo-errors';
import { Page, pageOf } from '../common/page';
import { raw } from '../common/raw-collection';
import { advanceGroup, StoredOutcome } from '../groups/group-fields';
import { CUSTOMER_MODEL, CustomerDocument, ReservationFields } from './customer.schema';

export interface CustomerRecord {
  customer: Customer;
  version: number;
  reservations: ReservationFields[];
  createdAt: Date;
}

export type NewCustomer = Omit<Customer, 'holdings' | 'reservations'>;

/** What `PATCH /v1/customers/{id}` may change. */
export type CustomerEdit = Partial<Pick<Customer, 'name' | 'email' | 'licensesHeldElsewhere'>>;

/** `created: false` when a customer with this id was there already (an Idempotency-Key replay). */
export interface CustomerInsert {
  created: boolean;
  record: CustomerRecord;
  requestHash: string | null;
}

export interface CustomerChange {
  holdings?: Holding[];
  reservations?: ReservationFields[];
  /** The order command this write finishes, when the customer's own group is advanced by it. */
  advance?: { seq: number; commandId: string; outcome: StoredOutcome };
}

export function toCustomerRecord(doc: CustomerDocument): CustomerRecord {
  return {
    customer: {
      id: doc._id,
      partnerId: doc.partnerId,
      name: doc.name,
      country: doc.country,
      segment: doc.segment,
      ...(doc.email ? { email: doc.email } : {}),
      licensesHeldElsewhere: doc.licensesHeldElsewhere.map(({ offerId, quantity }) => ({ offerId, quantity })),
      ...(doc.relationshipPartnerIds?.length ? { relationshipPartnerIds: [...doc.relationshipPartnerIds] } : {}),
      holdings: doc.holdings.map(({ offerId, licenses, subscriptions }) => ({ offerId, licenses, subscriptions })),
      reservations: doc.reservations.map(({ commandId, deltas }) => ({
        commandId,
        deltas: deltas.map(({ offerId, licenses, subscriptions }) => ({ offerId, licenses, subscriptions })),
      })),
    },
    version: doc.version,
    reservations: doc.reservations,
    createdAt: doc.createdAt,
  };
}

@Injectable()
export class CustomerRepository {
  constructor(@InjectModel(CUSTOMER_MODEL) private readonly model: Model<CustomerDocument>) {}

  async insert(customer: NewCustomer, now: Date, requestHash: string | null = null): Promise<CustomerRecord> {
    return (await this.insertOnce(customer, now, requestHash)).record;
  }

  /** Inserts the customer unless its (deterministic) id is taken; then answers the one there. */
  async insertOnce(customer: NewCustomer, now: Date, requestHash: string | null): Promise<CustomerInsert> {
    const doc: CustomerDocument = {
      _id: customer.id,
      partnerId: customer.partnerId,
      name: customer.name,
      country: customer.country,
      segment: customer.segment,
      email: customer.email ?? null,
      licensesHeldElsewhere: customer.licensesHeldElsewhere,
      relationshipPartnerIds: [],
      holdings: [],
      reservations: [],
      version: 0,
      createdAt: now,
      queue: { lastSeq: 0, pending: [], deferredUntil: null },
      lastAppliedSeq: 0,
      lastOutcome: null,
      requestHash,
    };
    try {
      await raw(this.model).insertOne(doc);
      return { created: true, record: toCustomerRecord(doc), requestHash };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.model.findById(customer.id).lean<CustomerDocument>().exec();
      if (!existing) throw error;
      return { created: false, record: toCustomerRecord(existing), requestHash: existing.requestHash ?? null };
    }
  }

  /**
   * Name, e-mail and licenses held elsewhere; the version moves on, so a command that decided on
   * the old holdings elsewhere (customer-wide add-on limits) decides again. Null if there is none.
   */
  async edit(id: string, edit: CustomerEdit): Promise<CustomerRecord | null> {
    const set: Record<string, unknown> = {};
    if (edit.name !== undefined) set.name = edit.name;
    if (edit.email !== undefined) set.email = edit.email;
    if (edit.licensesHeldElsewhere !== undefined) set.licensesHeldElsewhere = edit.licensesHeldElsewhere.map(({ offerId, quantity }) => ({ offerId, quantity }));
    const doc = await raw(this.model).findOneAndUpdate({ _id: id }, { $set: set, $inc: { version: 1 } }, { returnDocument: 'after' });
    return doc ? toCustomerRecord(doc) : null;
  }

  async get(id: string): Promise<CustomerRecord | null> {
    const doc = await this.model.findById(id).lean<CustomerDocument>().exec();
    return doc ? toCustomerRecord(doc) : null;
  }

  /** The customer if the partner may see it (R-ROLE-2), else null. */
  async getForPartner(id: string, partnerId: string): Promise<CustomerRecord | null> {
    const doc = await this.model.findOne({ _id: id, partnerId }).lean<CustomerDocument>().exec();
    return doc ? toCustomerRecord(doc) : null;
  }

  /** The partner's own customers and those it has an accepted relationship with, in id order. */
  async listForPartner(partnerId: string, limit: number, cursor?: string): Promise<Page<CustomerRecord>> {
    const after = cursor ? { _id: { $gt: cursor } } : {};
    const query = { $or: [{ partnerId, ...after }, { relationshipPartnerIds: partnerId, ...after }] };
    const docs = await this.model.find(query).sort({ _id: 1 }).limit(limit + 1).lean<CustomerDocument[]>().exec();
    const page = pageOf(docs, limit, (doc) => doc._id);
    return { items: page.items.map(toCustomerRecord), next: page.next };
  }

  /** An accepted relationship request: the partner sees the customer from now on. Repeating it changes nothing. */
  async addRelationship(id: string, partnerId: string): Promise<boolean> {
    const result = await raw(this.model).updateOne({ _id: id }, { $addToSet: { relationshipPartnerIds: partnerId } });
    return result.matchedCount === 1;
  }

  /** One conditional update on the customer's version: holdings, reservations, and the group's advance. */
  async change(id: string, expectedVersion: number, change: CustomerChange): Promise<boolean> {
    const step = change.advance ? advanceGroup(change.advance.seq, change.advance.commandId, change.advance.outcome) : undefined;
    const set: Record<string, unknown> = { ...(step?.set ?? {}) };
    if (change.holdings) set.holdings = change.holdings;
    if (change.reservations) set.reservations = change.reservations;
    const result = await raw(this.model).updateOne(
      { _id: id, version: expectedVersion, ...(step?.filter ?? {}) },
      { $set: set, $inc: { version: 1 }, ...(step ? { $pull: step.pull } : {}) },
    );
    return result.modifiedCount === 1;
  }
}
