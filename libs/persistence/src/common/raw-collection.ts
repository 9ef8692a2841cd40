import { Model, mongo } from 'mongoose';

/**
 * The driver's collection behind a model, typed with our document (string `_id`) or a part of it
 * every document has. Used for the conditional updates whose exact form matters: mongoose adds
 * nothing to them.
 */
export function raw<D extends T, T extends { _id: string } = D>(model: Model<D>): mongo.Collection<T> {
  // Boundary: mongoose types `model.collection` as its own wrapper class, which proxies the
  // driver's collection method for method; the driver's type is the one whose filters check our fields.
  return model.collection as unknown as mongo.Collection<T>;
}
