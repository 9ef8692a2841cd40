import { documentModel } from '../common/document-schema';
import { counter, embedded, nullable, required } from '../common/schema-fields';

/** A signing secret; an old one keeps signing until `retiresAt` after a rotation (api.md: 24 hours). */
export interface WebhookSecret {
  secret: string;
  createdAt: Date;
  retiresAt: Date | null;
}

/** A partner's webhook subscription; `cursor` is the place in the partner's feed it has been given up to. */
export interface WebhookDocument {
  _id: string;
  partnerId: string;
  url: string;
  types: string[];
  description: string | null;
  secrets: WebhookSecret[];
  cursor: number;
  createdAt: Date;
  createdBy: string;
}

export const webhookModel = documentModel<WebhookDocument>('Webhook', 'webhooks', {
  partnerId: required(String),
  url: required(String),
  types: required([String]),
  description: nullable(String),
  secrets: required([embedded({ secret: String, createdAt: Date, retiresAt: nullable(Date) })]),
  cursor: counter(),
  createdAt: required(Date),
  createdBy: required(String),
});
export const WEBHOOK_MODEL = webhookModel.name;
webhookModel.schema.index({ partnerId: 1, _id: 1 });
