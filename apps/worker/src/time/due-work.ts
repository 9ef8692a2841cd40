/** Due items one read of the due-work index takes at the most, for each kind of due work. */
export const DUE_BATCH = 2_000;

const IN_PARALLEL = 16;

/**
 * Works on `items` IN_PARALLEL at a time, each lane taking the next item as soon as its last is
 * done (a slow item holds up only its lane): they are different subscriptions, and each item's own
 * work stays in order.
 */
export async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(IN_PARALLEL, items.length) }, lane));
}
