import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { raw } from '../common/raw-collection';
import { RELATIONSHIP_REQUEST_MODEL, RelationshipRequestDocument } from './relationship-request.schema';

@Injectable()
export class RelationshipRequestRepository {
  constructor(@InjectModel(RELATIONSHIP_REQUEST_MODEL) private readonly model: Model<RelationshipRequestDocument>) {}

  async insert(doc: RelationshipRequestDocument): Promise<void> {
    await raw(this.model).insertOne(doc);
  }

  async get(id: string): Promise<RelationshipRequestDocument | null> {
    return this.model.findById(id).lean<RelationshipRequestDocument>().exec();
  }

  /** Single use: only one caller turns a pending request into an accepted one. */
  async markAccepted(id: string, now: Date): Promise<boolean> {
    const result = await raw(this.model).updateOne({ _id: id, status: 'pending' }, { $set: { status: 'accepted', acceptedAt: now } });
    return result.modifiedCount === 1;
  }
}
