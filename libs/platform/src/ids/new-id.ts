import { v7 } from 'uuid';

/** Ids we make: UUID v7, so they sort by creation time. */
export function newId(): string {
  return v7();
}
