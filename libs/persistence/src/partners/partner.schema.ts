import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

export interface PartnerDocument {
  _id: string;
  name: string;
  type: 'direct-bill' | 'indirect-provider' | 'indirect-reseller';
  country: string;
  mpaSigned: boolean;
  providerId?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PARTNER_MODEL = 'Partner';

export const partnerSchema = new Schema<PartnerDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, required: true, enum: ['direct-bill', 'indirect-provider', 'indirect-reseller'] },
    country: { type: String, required: true },
    mpaSigned: { type: Boolean, required: true },
    providerId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...baseSchemaOptions, collection: 'partners' },
);
