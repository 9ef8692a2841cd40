import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Page, pageOf } from '../common/page';
import { DocumentStore } from '../common/document-store';
import { raw } from '../common/raw-collection';
import { TRANSFER_MODEL, TransferDocument } from './transfer.schema';

export interface TransferSubmission {
  commandId: string;
  subscriptionIds: string[];
  newSubscriptionIds: string[];
  at: Date;
}

@Injectable()
export class TransferRepository extends DocumentStore<TransferDocument> {
  constructor(@InjectModel(TRANSFER_MODEL) model: Model<TransferDocument>) {
    super(model);
  }

  /** The partner's transfers, as source (outgoing) or target (incoming), in id order. */
  async listForPartner(partnerId: string, limit: number, cursor?: string): Promise<Page<TransferDocument>> {
    const after = cursor ? { _id: { $gt: cursor } } : {};
    const docs = await this.model
      .find({ $or: [{ sourcePartnerId: partnerId, ...after }, { targetPartnerId: partnerId, ...after }] })
      .sort({ _id: 1 })
      .limit(limit + 1)
      .lean<TransferDocument[]>()
      .exec();
    return pageOf(docs, limit, (doc) => doc._id);
  }

  /**
   * Records the submission on a pending transfer, or on a submitted one whose command `replacing`
   * failed (the source may submit again). False when another submission got there first.
   */
  async submit(id: string, submission: TransferSubmission, replacing?: string): Promise<boolean> {
    const from = replacing ? { status: 'submitted' as const, commandId: replacing } : { status: 'pending' as const };
    const result = await raw(this.model).updateOne(
      { _id: id, ...from },
      {
        $set: {
          status: 'submitted',
          commandId: submission.commandId,
          subscriptionIds: submission.subscriptionIds,
          newSubscriptionIds: submission.newSubscriptionIds,
          submittedAt: submission.at,
        },
      },
    );
    return result.modifiedCount === 1;
  }

  /** The submission's command succeeded. */
  async complete(id: string, commandId: string, at: Date): Promise<void> {
    await raw(this.model).updateOne({ _id: id, status: 'submitted', commandId }, { $set: { status: 'completed', completedAt: at } });
  }
}
