import mongoose, { Connection } from 'mongoose';
import { HttpClient } from '../../scripts/api-client';
import { RunningApps } from './running-apps';
import { tokenFor } from './tokens';

/** Runs async tasks with at most `limit` in flight; answers their results in order. */
export async function inPool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface Tenant {
  operator: HttpClient;
  agent: HttpClient;
  partnerId: string;
}

export async function partnerOn(apps: RunningApps, partnerId = 'contoso'): Promise<Tenant> {
  const anonymous = new HttpClient(apps.baseUrl);
  const operator = anonymous.as(await tokenFor({ roles: ['operator'] }));
  const agent = anonymous.as(await tokenFor({ partnerId, roles: ['admin-agent'] }));
  const put = await operator.put(`/v1/partners/${partnerId}`, { name: partnerId, type: 'direct-bill', country: 'NL', mpaSigned: true });
  if (put.status !== 200) throw new Error(`partner: ${put.status} ${put.text}`);
  return { operator, agent, partnerId };
}

export async function customerOf(agent: HttpClient, body: Record<string, unknown> = {}): Promise<string> {
  const response = await agent.post('/v1/customers', { name: 'Customer', country: 'NL', segment: 'commercial', ...body });
  if (response.status !== 201) throw new Error(`customer: ${response.status} ${response.text}`);
  return response.body.id;
}

/** Buys subscriptions through orders (at most 100 lines each) and answers their ids. */
export async function buy(
  agent: HttpClient,
  customerId: string,
  count: number,
  line: Record<string, unknown> = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' },
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 100) {
    const lines = Array.from({ length: Math.min(100, count - start) }, () => line);
    const order = await agent.post(`/v1/customers/${customerId}/orders`, { lines, attestationAccepted: true }, { prefer: 'wait=30' });
    const command = order.status === 200 ? order.body : await agent.finished(order.body.commandId, 120_000);
    if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
    ids.push(...command.result.subscriptionIds);
  }
  return ids;
}

/** A direct connection to the apps' database, to check what they stored. */
export function databaseOf(apps: RunningApps): Promise<Connection> {
  return mongoose.createConnection(apps.mongoUrl, { serverSelectionTimeoutMS: 30_000, ignoreUndefined: true }).asPromise();
}

/** Waits until every accepted command has finished; answers how long it took. */
export async function allFinished(db: Connection, limitMs = 300_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const open = await db.collection('commands').countDocuments({ status: { $nin: ['succeeded', 'failed'] } });
      if (open === 0) return Date.now() - started;
    } catch {
      // the database may be restarting in a fault test
    }
    if (Date.now() - started > limitMs) throw new Error(`commands still open after ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 1000));
  }
}

export interface CommandRow {
  _id: string;
  status: string;
  seq: number | null;
  subscriptionId: string | null;
  result: { subscriptionVersion?: number } | null;
  error: { code: string } | null;
  payload: Record<string, unknown>;
}

export function commandsOf(db: Connection, filter: Record<string, unknown> = {}): Promise<CommandRow[]> {
  return db.collection<CommandRow>('commands').find(filter).toArray() as Promise<CommandRow[]>;
}
