import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/** One offer of the catalog as the domain defines it, stamped with the catalog version it came from. */
export interface OfferDocument {
  _id: string;
  catalogVersion: string;
  offer: Record<string, unknown>;
  updatedAt: Date;
}

export const OFFER_MODEL = 'Offer';

export const offerSchema = new Schema<OfferDocument>(
  {
    _id: { type: String, required: true },
    catalogVersion: { type: String, required: true },
    offer: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...baseSchemaOptions, collection: 'offers' },
);
