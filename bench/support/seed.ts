// Seeds a phase over HTTP, the way an upstream system does: one partner, customers, and
// subscriptions bought through orders (as test/support/scenario.ts does).
import { HttpClient, signToken } from '../../scripts/api-client';
import { BENCH_JWT_SECRET } from './apps';

const SEED_ORDERS_AT_ONCE = 8;

export interface Seeded {
  partnerId: string;
  /** Subscription ids, in the order bought. */
  subscriptions: string[];
  customerOf: Map<string, string>;
}

/** One partner; customers of `perCustomer` subscriptions each, bought in one order per customer. */
export async function seed(baseUrl: string, subscriptions: number, perCustomer = 50, offerId = 'microsoft-365-business-basic'): Promise<Seeded> {
  const partnerId = 'bench-partner';
  const operator = new HttpClient(baseUrl, await signToken(BENCH_JWT_SECRET, { roles: ['operator'] }, '2h'));
  const agent = new HttpClient(baseUrl, await signToken(BENCH_JWT_SECRET, { partnerId, roles: ['admin-agent'] }, '2h'));
  const partner = await operator.put(`/v1/partners/${partnerId}`, { name: partnerId, type: 'direct-bill', country: 'NL', mpaSigned: true });
  if (partner.status !== 200) throw new Error(`partner: ${partner.status} ${partner.text}`);

  const sizes: number[] = [];
  for (let left = subscriptions; left > 0; left -= perCustomer) sizes.push(Math.min(perCustomer, left));
  const line = { offerId, quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' };
  const buy = async (size: number, index: number) => {
    const customer = await agent.post('/v1/customers', { name: `Bench customer ${index + 1}`, country: 'NL', segment: 'commercial' });
    if (customer.status !== 201) throw new Error(`customer: ${customer.status} ${customer.text}`);
    const customerId: string = customer.body.id;
    const order = await agent.post(`/v1/customers/${customerId}/orders`, { lines: Array(size).fill(line), attestationAccepted: true }, { prefer: 'wait=30' });
    if (order.status !== 200 && order.status !== 202) throw new Error(`order: ${order.status} ${order.text}`);
    const command = order.status === 200 ? order.body : await agent.finished(order.body.commandId, 1_800_000);
    if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
    return { customerId, ids: command.result.subscriptionIds as string[] };
  };
  // A few orders at a time: seeding is not what is measured, and a hundred large orders at once
  // only queue up behind each other.
  const bought: Awaited<ReturnType<typeof buy>>[] = [];
  for (let from = 0; from < sizes.length; from += SEED_ORDERS_AT_ONCE) {
    bought.push(...(await Promise.all(sizes.slice(from, from + SEED_ORDERS_AT_ONCE).map((size, i) => buy(size, from + i)))));
  }
  const customerOf = new Map<string, string>();
  for (const { customerId, ids } of bought) for (const id of ids) customerOf.set(id, customerId);
  return { partnerId, subscriptions: bought.flatMap((b) => b.ids), customerOf };
}
