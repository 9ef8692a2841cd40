import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DocumentStore } from '../common/document-store';
import { raw } from '../common/raw-collection';
import { RELATIONSHIP_REQUEST_MODEL, RelationshipRequestDocument } from './relationship-request.schema';

@Injectable()
export class RelationshipRequestRepository extends DocumentStore<RelationshipRequestDocument> {
  constructor(@InjectModel(RELATIONSHIP_REQUEST_MODEL) model: Model<RelationshipRequestDocument>) {
    super(model);
  }

  /** Single use: only one caller turns a pending request into an accepted one. */
  async markAccepted(id: string, now: Date): Promise<boolean> {
    const result = await raw(this.model).updateOne({ _id: id, status: 'pending' }, { $set: { status: 'accepted', acceptedAt: now } });
    return result.modifiedCount === 1;
  }
}
