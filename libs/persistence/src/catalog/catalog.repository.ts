import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Catalog, catalogData } from '@app/domain';
import { Model } from 'mongoose';
import { raw } from '../common/raw-collection';
import { CATALOG_MODEL, CatalogDocument, CURRENT_CATALOG_ID } from './catalog.schema';

/**
 * The catalog lives in MongoDB, so every process reads the same one. At start the shipped data
 * file (libs/domain) is validated and stored when its version differs from the stored one.
 */
@Injectable()
export class CatalogRepository {
  private cached?: { catalog: Catalog; loadedAt: number };

  constructor(@InjectModel(CATALOG_MODEL) private readonly model: Model<CatalogDocument>) {}

  /** Validates the shipped catalog (throws on a bad file) and stores it unless that version is stored. */
  async seedFromDataFile(now: Date): Promise<Catalog> {
    const shipped = Catalog.fromData(catalogData);
    await raw(this.model).updateOne(
      { _id: CURRENT_CATALOG_ID, version: { $ne: shipped.version } },
      { $set: { version: shipped.version, data: catalogData as Record<string, unknown>, updatedAt: now } },
      { upsert: true },
    ).catch((error: { code?: number }) => {
      if (error.code !== 11000) throw error; // stored already, by this version or another process
    });
    this.cached = undefined;
    return shipped;
  }

  /** The catalog in force, read from MongoDB at most once every `maxAgeMs`. */
  async current(maxAgeMs = 30_000): Promise<Catalog> {
    if (this.cached && this.cached.loadedAt + maxAgeMs > performance.now()) return this.cached.catalog;
    const doc = await this.model.findById(CURRENT_CATALOG_ID).lean<CatalogDocument>().exec();
    const catalog = doc ? Catalog.fromData(doc.data) : await this.seedFromDataFile(new Date());
    this.cached = { catalog, loadedAt: performance.now() };
    return catalog;
  }
}
