import { documentModel } from '../common/document-schema';
import { nullable, oneOf, required } from '../common/schema-fields';

const RELATIONSHIP_REQUEST_STATUSES = ['pending', 'accepted'] as const;

/**
 * A partner's request to be related to a customer (api.md "Transfers between partners"). The accept
 * token is a secret shown once: only its SHA-256 is kept.
 */
export interface RelationshipRequestDocument {
  _id: string;
  customerId: string;
  /** The partner that wants the customer. */
  partnerId: string;
  status: (typeof RELATIONSHIP_REQUEST_STATUSES)[number];
  tokenHash: string;
  /** Service time after which the token no longer accepts. */
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
}

export const relationshipRequestModel = documentModel<RelationshipRequestDocument>('RelationshipRequest', 'relationshipRequests', {
  customerId: required(String),
  partnerId: required(String),
  status: oneOf(RELATIONSHIP_REQUEST_STATUSES),
  tokenHash: required(String),
  expiresAt: required(Date),
  createdAt: required(Date),
  acceptedAt: nullable(Date),
});
export const RELATIONSHIP_REQUEST_MODEL = relationshipRequestModel.name;
