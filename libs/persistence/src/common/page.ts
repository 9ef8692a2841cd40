/** A page of a list (api.md: `{ items, next }`). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** `docs` were fetched with limit + 1, so one more means there is a next page. */
export function pageOf<T>(docs: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const items = docs.slice(0, limit);
  const next = docs.length > limit && items.length > 0 ? cursorOf(items[items.length - 1]) : null;
  return { items, next };
}
