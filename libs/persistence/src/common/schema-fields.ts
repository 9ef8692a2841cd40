import { Schema, SchemaDefinition } from 'mongoose';

/** A field every document of the collection has. */
export function required<T>(type: T) {
  return { type, required: true as const };
}

/** A field that stays null until it is set. */
export function nullable<T>(type: T) {
  return { type, default: null };
}

/** A required string that takes one of `values`. */
export function oneOf(values: readonly string[]) {
  return { type: String, required: true as const, enum: [...values] };
}

/** A list, empty at first. */
export function listOf<T>(item: T) {
  return { type: [item], default: [] };
}

/** A counter that starts at 0. */
export function counter() {
  return { type: Number, required: true as const, default: 0 };
}

/** A nested document kept inside its parent: no id, no mongoose version. */
export function embedded(fields: SchemaDefinition): Schema {
  return new Schema(fields, { _id: false, versionKey: false });
}
