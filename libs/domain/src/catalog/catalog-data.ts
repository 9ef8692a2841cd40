import catalogV1 from './catalog.v1.json';
import { Catalog } from './catalog';

/** The shipped, versioned catalog data (R-CAT-5). */
export const catalogData: unknown = catalogV1;

/** The shipped catalog, validated once. */
export function defaultCatalog(): Catalog {
  return Catalog.fromData(catalogData);
}
