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

/** A model of ours: the name repositories inject it by, and the schema of its collection's documents. */
export interface DocumentModel<T> {
  name: string;
  schema: Schema<T>;
}

/** The model `name` kept in `collection`: documents with `fields` besides the string `_id` we make. */
export function documentModel<T extends { _id: string }>(name: string, collection: string, fields: SchemaDefinition<Omit<T, '_id'>, T>): DocumentModel<T> {
  return { name, schema: new Schema<T>({ _id: required(String), ...fields }, { ...documentOptions, collection }) };
}
