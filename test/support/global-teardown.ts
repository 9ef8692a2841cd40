export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__startedServers ?? [];
  globalThis.__startedServers = [];
  await Promise.all(started.map((server) => server.stop?.()));
}
