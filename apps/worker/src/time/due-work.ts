/** Due items one read of the due-work index takes at the most, for each kind of due work. */
export const DUE_BATCH = 2_000;

const IN_PARALLEL = 16;

/** Works on `items` IN_PARALLEL at a time: they are different subscriptions, each item's own work stays in order. */
export async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += IN_PARALLEL) await Promise.all(items.slice(start, start + IN_PARALLEL).map(work));
}
