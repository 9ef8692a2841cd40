import { documentModel } from '../common/document-schema';
import { listOf, nullable, oneOf, required } from '../common/schema-fields';

export const TRANSFER_STATUSES = ['pending', 'submitted', 'completed'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

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

export const transferModel = documentModel<TransferDocument>('Transfer', 'transfers', {
  customerId: required(String),
  sourcePartnerId: required(String),
  targetPartnerId: required(String),
  customerEmail: required(String),
  status: oneOf(TRANSFER_STATUSES),
  createdAt: required(Date),
  createdBy: required(String),
  commandId: nullable(String),
  subscriptionIds: listOf(String),
  newSubscriptionIds: listOf(String),
  submittedAt: nullable(Date),
  completedAt: nullable(Date),
});
export const TRANSFER_MODEL = transferModel.name;
// GET /v1/transfers: a partner's incoming and outgoing transfers, in id order.
transferModel.schema.index({ sourcePartnerId: 1, _id: 1 });
transferModel.schema.index({ targetPartnerId: 1, _id: 1 });
