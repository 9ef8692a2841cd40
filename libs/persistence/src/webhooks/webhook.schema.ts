import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

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

export const WEBHOOK_MODEL = 'Webhook';

export const webhookSchema = new Schema<WebhookDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    url: { type: String, required: true },
    types: { type: [String], required: true },
    description: { type: String, default: null },
    secrets: {
      type: [new Schema({ secret: String, createdAt: Date, retiresAt: { type: Date, default: null } }, { _id: false, versionKey: false })],
      required: true,
    },
    cursor: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { ...baseSchemaOptions, collection: 'webhooks' },
);
webhookSchema.index({ partnerId: 1, _id: 1 });
