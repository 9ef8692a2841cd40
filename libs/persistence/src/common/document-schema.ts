import { Schema, SchemaDefinition } from 'mongoose';
import { required } from './schema-fields';

/** Our documents: string ids we make, no mongoose __v (we keep our own `version`), no virtual id. */
const documentOptions = {
  _id: false,
  versionKey: false,
  id: false,
  minimize: false,
  strict: 'throw',
  strictQuery: true,
  autoIndex: true,
} as const;

/** The schema of a collection's documents: `fields` besides the string `_id` we make. */
export function documentSchema<T extends { _id: string }>(collection: string, fields: SchemaDefinition<Omit<T, '_id'>, T>): Schema<T> {
  return new Schema<T>({ _id: required(String), ...fields }, { ...documentOptions, collection });
}
