/** Wraps `work` so that a call while a run is under way gets that run instead of starting another. */
export function oneAtATime<T>(work: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => (current ??= work().finally(() => (current = undefined)));
}
