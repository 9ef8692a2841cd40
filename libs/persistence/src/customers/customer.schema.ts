import { SEGMENTS, Segment, Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { counter, embedded, listOf, nullable, oneOf, required } from '../common/schema-fields';
import { GroupQueueFields, groupQueueSchemaFields, StoredOutcome } from '../groups/group-fields';

export interface HoldingFields {
  offerId: string;
  licenses: number;
  subscriptions: number;
}

/** What an order decided, kept in its reservation on the customer so a redelivery replays it. */
export interface OrderPlan {
  created: Subscription[];
  /**
   * Existing subscriptions the order changes, and which of their fields: a base's add-on list
   * (R-ADD-3) and redundant licenses (R-UPG-9). Only orders write those fields, and a customer's
   * orders run one at a time, so they can be written onto whatever else changed meanwhile.
   */
  updated: { state: Subscription; fields: (keyof Subscription)[] }[];
  outcome: StoredOutcome;
}

export interface ReservationFields {
  commandId: string;
  deltas: HoldingFields[];
  /** The decided writes of an order (its new subscriptions), so a redelivery replays them. */
  plan?: OrderPlan | null;
  at: Date;
}

export interface CustomerDocument extends GroupQueueFields {
  _id: string;
  partnerId: string;
  name: string;
  country: string;
  segment: Segment;
  email?: string | null;
  licensesHeldElsewhere: { offerId: string; quantity: number }[];
  /** Partners other than the owner with an accepted relationship (they see the customer, api.md). */
  relationshipPartnerIds?: string[];
  holdings: HoldingFields[];
  reservations: ReservationFields[];
  version: number;
  createdAt: Date;
  /** The fingerprint of the request that created it under an Idempotency-Key, to tell a replay from another body. */
  requestHash?: string | null;
}

const holdingSchema = embedded({ offerId: required(String), licenses: required(Number), subscriptions: required(Number) });

export const customerModel = documentModel<CustomerDocument>('Customer', 'customers', {
  partnerId: { ...required(String), index: true },
  name: required(String),
  country: required(String),
  segment: oneOf(SEGMENTS),
  email: nullable(String),
  requestHash: nullable(String),
  licensesHeldElsewhere: listOf(embedded({ offerId: required(String), quantity: required(Number) })),
  // Indexed: GET /v1/customers lists the customers a partner is related to as well as its own.
  relationshipPartnerIds: { ...listOf(String), index: true },
  holdings: listOf(holdingSchema),
  reservations: listOf(
    embedded({
      commandId: required(String),
      deltas: listOf(holdingSchema),
      plan: nullable(Schema.Types.Mixed),
      at: required(Date),
    }),
  ),
  version: counter(),
  createdAt: required(Date),
  ...groupQueueSchemaFields,
});
export const CUSTOMER_MODEL = customerModel.name;
