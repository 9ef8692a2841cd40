import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/**
 * A partner's request to be related to a customer (api.md "Transfers between partners"). The accept
 * token is a secret shown once: only its SHA-256 is kept.
 */
export interface RelationshipRequestDocument {
  _id: string;
  customerId: string;
  /** The partner that wants the customer. */
  partnerId: string;
  status: 'pending' | 'accepted';
  tokenHash: string;
  /** Service time after which the token no longer accepts. */
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
}

export const RELATIONSHIP_REQUEST_MODEL = 'RelationshipRequest';

export const relationshipRequestSchema = new Schema<RelationshipRequestDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    partnerId: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'accepted'] },
    tokenHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
  },
  { ...baseSchemaOptions, collection: 'relationshipRequests' },
);
