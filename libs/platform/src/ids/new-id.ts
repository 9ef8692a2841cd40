import { v5, v7 } from 'uuid';

/** Ids we make: UUID v7, so they sort by creation time. */
export function newId(): string {
  return v7();
}

const DERIVED_NAMESPACE = '6f1f9a52-2b1e-4c55-9a53-6c0b7f3e8d21';

/** The same id for the same parts (UUID v5): for what may be made twice, such as an event a repeated tick emits. */
export function derivedId(...parts: string[]): string {
  return v5(parts.join('|'), DERIVED_NAMESPACE);
}
