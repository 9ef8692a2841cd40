import { randomBytes } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';

/** A database of its own for one test file (names: letters, digits, _ and -, at most 63). */
export function testDatabaseName(label: string): string {
  return `t_${label.replace(/[^A-Za-z0-9]/g, '').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
}

/** MONGO_URL with its database replaced. */
export function mongoUrlFor(database: string, server = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/subscriptions'): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function connectTestDatabase(label: string): Promise<Connection> {
  const name = testDatabaseName(label);
  return mongoose.createConnection(mongoUrlFor(name), { maxPoolSize: 100, serverSelectionTimeoutMS: 10_000, ignoreUndefined: true }).asPromise();
}

export async function dropAndClose(connection: Connection): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}
