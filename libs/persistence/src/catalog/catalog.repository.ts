import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Catalog, catalogData } from '@app/domain';
import { Model } from 'mongoose';
import { OFFER_MODEL, OfferDocument } from './offer.schema';

/**
 * The catalog lives in MongoDB; the shipped data file (libs/domain) is validated and written there
 * at start, offer by offer, so every process reads the same catalog.
 */
@Injectable()
export class CatalogRepository {
  private cached?: { catalog: Catalog; loadedAt: number };

  constructor(@InjectModel(OFFER_MODEL) private readonly model: Model<OfferDocument>) {}

  /** Validates the shipped catalog (throws on a bad file) and stores every offer of it. */
  async seedFromDataFile(now: Date): Promise<Catalog> {
    const shipped = Catalog.fromData(catalogData);
    await this.model.collection.bulkWrite(
      shipped.offers().map((offer) => ({
        replaceOne: {
          filter: { _id: offer.id },
          replacement: { catalogVersion: shipped.version, offer: offer as unknown as Record<string, unknown>, updatedAt: now },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    this.cached = undefined;
    return shipped;
  }

  /** The catalog, read from MongoDB at most once every `maxAgeMs`. */
  async current(maxAgeMs = 30_000): Promise<Catalog> {
    if (this.cached && this.cached.loadedAt + maxAgeMs > performance.now()) return this.cached.catalog;
    const docs = await this.model.find().lean<OfferDocument[]>().exec();
    const version = docs[0]?.catalogVersion ?? 'empty';
    const catalog = Catalog.fromData({ version, offers: docs.map((doc) => doc.offer) });
    this.cached = { catalog, loadedAt: performance.now() };
    return catalog;
  }
}
