import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

export type TransferStatus = 'pending' | 'submitted' | 'completed';

/** A transfer request (R-TRA-1) and, once the source submitted it (R-TRA-2), the command that carries it out. */
export interface TransferDocument {
  _id: string;
  customerId: string;
  sourcePartnerId: string;
  targetPartnerId: string;
  customerEmail: string;
  status: TransferStatus;
  createdAt: Date;
  createdBy: string;
  /** Set at submission: the command, the chosen subscriptions and the ids they get on the target's side. */
  commandId: string | null;
  subscriptionIds: string[];
  newSubscriptionIds: string[];
  submittedAt: Date | null;
  completedAt: Date | null;
}

export const TRANSFER_MODEL = 'Transfer';

export const transferSchema = new Schema<TransferDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    sourcePartnerId: { type: String, required: true },
    targetPartnerId: { type: String, required: true },
    customerEmail: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'submitted', 'completed'] },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    commandId: { type: String, default: null },
    subscriptionIds: { type: [String], default: [] },
    newSubscriptionIds: { type: [String], default: [] },
    submittedAt: { type: Date, default: null },
    completedAt: { type: Date, default: null },
  },
  { ...baseSchemaOptions, collection: 'transfers' },
);
// GET /v1/transfers: a partner's incoming and outgoing transfers, in id order.
transferSchema.index({ sourcePartnerId: 1, _id: 1 });
transferSchema.index({ targetPartnerId: 1, _id: 1 });
