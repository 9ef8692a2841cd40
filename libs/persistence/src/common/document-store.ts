import { Model, mongo } from 'mongoose';
import { raw } from './raw-collection';

/** A collection of documents inserted whole and read back by id; the repository adds its own changes. */
export abstract class DocumentStore<T extends { _id: string }> {
  protected constructor(protected readonly model: Model<T>) {}

  async insert(doc: T): Promise<void> {
    // T has its _id, so it is the driver's OptionalUnlessRequiredId<T>; TypeScript cannot see that for a type parameter.
    await raw(this.model).insertOne(doc as mongo.OptionalUnlessRequiredId<T>);
  }

  get(id: string): Promise<T | null> {
    return this.model.findById(id).lean<T>().exec();
  }
}
