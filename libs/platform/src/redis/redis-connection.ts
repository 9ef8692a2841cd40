/** BullMQ's connection options for REDIS_URL: no per-command retry limit, so blocking calls wait out outages. */
export function bullmqConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}
