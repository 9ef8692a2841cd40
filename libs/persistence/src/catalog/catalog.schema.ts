import { Schema } from 'mongoose';
import { baseSchemaOptions } from '../common/base-schema-options';

/**
 * The catalog in force: one document holding the whole versioned catalog data (offers, upgrade
 * paths), as the domain's schema validates it.
 */
export interface CatalogDocument {
  _id: string;
  version: string;
  data: Record<string, unknown>;
  updatedAt: Date;
}

export const CATALOG_MODEL = 'Catalog';
export const CURRENT_CATALOG_ID = 'current';

export const catalogSchema = new Schema<CatalogDocument>(
  {
    _id: { type: String, required: true },
    version: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { ...baseSchemaOptions, collection: 'catalog' },
);
