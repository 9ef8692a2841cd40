import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Partner } from '@app/domain';
import { Model } from 'mongoose';
import { PARTNER_MODEL, PartnerDocument } from './partner.schema';

export interface PartnerRecord extends Partner {
  createdAt: Date;
  updatedAt: Date;
}

/** Partners change rarely and every command reads one: a read is reused for this long in a process. */
const CACHE_MS = 5_000;

@Injectable()
export class PartnerRepository {
  private readonly cache = new Map<string, { record?: PartnerRecord; readAt: number }>();

  constructor(@InjectModel(PARTNER_MODEL) private readonly model: Model<PartnerDocument>) {}

  async find(id: string): Promise<PartnerRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached && performance.now() - cached.readAt < CACHE_MS) return cached.record;
    const doc = await this.model.findById(id).lean<PartnerDocument>().exec();
    const record = doc ? toRecord(doc) : undefined;
    this.cache.set(id, { record, readAt: performance.now() });
    return record;
  }

  /** The partners of these ids that exist, in the order given; read by `_id` one by one (an `$in` scans the collection on FerretDB). */
  async findMany(ids: string[]): Promise<PartnerRecord[]> {
    const docs = await Promise.all(ids.map((id) => this.model.findById(id).lean<PartnerDocument>().exec()));
    return docs.filter((doc): doc is PartnerDocument => doc !== null).map(toRecord);
  }

  /** PUT semantics: creates or replaces. */
  async upsert(partner: Partner, now: Date): Promise<{ partner: PartnerRecord }> {
    const { id, ...fields } = partner;
    this.cache.delete(id);
    const doc = await this.model
      .findOneAndUpdate(
        { _id: id },
        { $set: { ...fields, providerId: fields.providerId ?? null, updatedAt: now }, $setOnInsert: { createdAt: now } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PartnerDocument>()
      .exec();
    return { partner: toRecord(doc as PartnerDocument) };
  }
}

function toRecord(doc: PartnerDocument): PartnerRecord {
  return {
    id: doc._id,
    name: doc.name,
    type: doc.type,
    country: doc.country,
    mpaSigned: doc.mpaSigned,
    ...(doc.providerId ? { providerId: doc.providerId } : {}),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
