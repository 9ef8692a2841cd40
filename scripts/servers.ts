// `node dist/scripts/servers.js <env-file>`: finds or starts MongoDB and Redis (see local-servers.ts),
// writes `MONGO_URL=…` and `REDIS_URL=…` to <env-file>, and keeps the servers it started running
// until it is stopped. CI uses it to start what the tests need before running them.
import { writeFileSync } from 'node:fs';
import { findOrStartMongo, findOrStartRedis, LocalServer } from './local-servers';

async function main(): Promise<void> {
  const envFile = process.argv[2];
  if (!envFile) throw new Error('usage: servers.js <env-file>');
  const started: LocalServer[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop?.()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  const mongo = await findOrStartMongo({ port: 27017 });
  started.push(mongo);
  const redis = await findOrStartRedis({ port: 6379 });
  started.push(redis);
  writeFileSync(envFile, `MONGO_URL=${mongo.url}\nREDIS_URL=${redis.url}\n`);
  console.log(`[servers] MongoDB: ${mongo.description} (${mongo.url}); Redis: ${redis.description} (${redis.url})`);
}

main().catch((error: Error) => {
  console.error(`[servers] ${error.message}`);
  process.exit(1);
});
