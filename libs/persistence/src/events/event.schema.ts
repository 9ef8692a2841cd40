import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/** Something that happened (api.md, "Events and webhooks"); `_id` is a UUID v7 made when it happened. */
export interface EventDocument {
  _id: string;
  type: string;
  occurredAt: Date;
  partnerId: string;
  customerId: string;
  subscriptionId: string | null;
  commandId: string | null;
  data: Record<string, unknown>;
}

export const EVENT_MODEL = 'Event';

export const eventSchema = new Schema<EventDocument>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    partnerId: { type: String, required: true },
    customerId: { type: String, required: true },
    subscriptionId: { type: String, default: null },
    commandId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { ...baseSchemaOptions, collection: 'events' },
);
eventSchema.index({ partnerId: 1, _id: 1 });
