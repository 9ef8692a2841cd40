/** BullMQ's connection options for a Worker on REDIS_URL: no per-command retry limit, so blocking calls wait out outages. */
export function bullmqConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

/**
 * BullMQ's connection options for a Queue (a producer) on REDIS_URL: while Redis is away, adding a
 * job fails at once instead of waiting for the reconnection, so an HTTP request is never held up by
 * it (the command is in MongoDB already; the reconciler wakes its group once Redis is back).
 */
export function bullmqQueueConnection(url: string): { url: string; enableOfflineQueue: false; maxRetriesPerRequest: 1 } {
  return { url, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}
