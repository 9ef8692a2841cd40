import { findOrStartMongo, findOrStartRedis, LocalServer } from '../../scripts/local-servers';

declare global {
  var __startedServers: LocalServer[] | undefined;
}

// Runs once per Jest project; the second run finds what the first one found or started.
export default async function globalSetup(): Promise<void> {
  const mongo = await findOrStartMongo({ port: 0 });
  const redis = await findOrStartRedis({ port: 0 });
  process.env.MONGO_URL = mongo.url;
  process.env.REDIS_URL = redis.url;
  globalThis.__startedServers = [...(globalThis.__startedServers ?? []), mongo, redis].filter((s) => s.stop);
}
