import { documentModel } from '../common/document-schema';
import { embedded, listOf, nullable, oneOf, required } from '../common/schema-fields';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

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
  status: (typeof DELIVERY_STATUSES)[number];
  attempts: DeliveryAttempt[];
  createdAt: Date;
  nextAttemptAt: Date | null;
}

export const webhookDeliveryModel = documentModel<WebhookDeliveryDocument>('WebhookDelivery', 'webhook_deliveries', {
  webhookId: required(String),
  partnerId: required(String),
  eventId: required(String),
  eventType: required(String),
  status: oneOf(DELIVERY_STATUSES),
  attempts: listOf(embedded({ at: Date, statusCode: nullable(Number), error: nullable(String), durationMs: Number })),
  createdAt: required(Date),
  nextAttemptAt: nullable(Date),
});
export const WEBHOOK_DELIVERY_MODEL = webhookDeliveryModel.name;
// GET /v1/webhooks/{id}/deliveries, newest first.
webhookDeliveryModel.schema.index({ webhookId: 1, _id: -1 });
// The pending ones, for the requeuer.
webhookDeliveryModel.schema.index({ status: 1 });
