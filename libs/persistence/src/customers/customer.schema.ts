import type { Subscription } from '@app/domain';
import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';
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
  segment: 'commercial' | 'education' | 'government' | 'nonprofit';
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

export const CUSTOMER_MODEL = 'Customer';

const holdingSchema = new Schema<HoldingFields>(
  { offerId: { type: String, required: true }, licenses: { type: Number, required: true }, subscriptions: { type: Number, required: true } },
  { _id: false, versionKey: false },
);

export const customerSchema = new Schema<CustomerDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    country: { type: String, required: true },
    segment: { type: String, required: true, enum: ['commercial', 'education', 'government', 'nonprofit'] },
    email: { type: String, default: null },
    requestHash: { type: String, default: null },
    licensesHeldElsewhere: {
      type: [new Schema({ offerId: { type: String, required: true }, quantity: { type: Number, required: true } }, { _id: false, versionKey: false })],
      default: [],
    },
    // Indexed: GET /v1/customers lists the customers a partner is related to as well as its own.
    relationshipPartnerIds: { type: [String], default: [], index: true },
    holdings: { type: [holdingSchema], default: [] },
    reservations: {
      type: [
        new Schema(
          {
            commandId: { type: String, required: true },
            deltas: { type: [holdingSchema], default: [] },
            plan: { type: Schema.Types.Mixed, default: null },
            at: { type: Date, required: true },
          },
          { _id: false, versionKey: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    ...groupQueueSchemaFields,
  },
  { ...baseSchemaOptions, collection: 'customers' },
);
