import { Model, mongo } from 'mongoose';

/**
 * The driver's collection behind a model, typed with our document (string `_id`). Used for the
 * conditional updates whose exact form matters: mongoose adds nothing to them.
 */
export function raw<T extends { _id: string }>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}
