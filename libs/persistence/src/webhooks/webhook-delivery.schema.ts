import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

export interface DeliveryAttempt {
  /** Real time of the attempt. */
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One event to one webhook: `_id` is `<webhookId>_<eventId>`, so it is made once however often it is dispatched. */
export interface WebhookDeliveryDocument {
  _id: string;
  webhookId: string;
  partnerId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: DeliveryAttempt[];
  createdAt: Date;
  nextAttemptAt: Date | null;
}

export const WEBHOOK_DELIVERY_MODEL = 'WebhookDelivery';

export const webhookDeliverySchema = new Schema<WebhookDeliveryDocument>(
  {
    _id: { type: String, required: true },
    webhookId: { type: String, required: true },
    partnerId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'succeeded', 'failed'] },
    attempts: {
      type: [new Schema({ at: Date, statusCode: { type: Number, default: null }, error: { type: String, default: null }, durationMs: Number }, { _id: false, versionKey: false })],
      default: [],
    },
    createdAt: { type: Date, required: true },
    nextAttemptAt: { type: Date, default: null },
  },
  { ...baseSchemaOptions, collection: 'webhook_deliveries' },
);
// GET /v1/webhooks/{id}/deliveries, newest first.
webhookDeliverySchema.index({ webhookId: 1, _id: -1 });
// The pending ones, for the requeuer.
webhookDeliverySchema.index({ status: 1 });
