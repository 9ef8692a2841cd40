import { Schema } from 'mongoose';
import { documentModel } from '../common/document-schema';
import { required } from '../common/schema-fields';

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

export const CURRENT_CATALOG_ID = 'current';

export const catalogModel = documentModel<CatalogDocument>('Catalog', 'catalog', {
  version: required(String),
  data: required(Schema.Types.Mixed),
  updatedAt: required(Date),
});
export const CATALOG_MODEL = catalogModel.name;
