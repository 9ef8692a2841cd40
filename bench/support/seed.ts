// Seeds a phase over HTTP, the way an upstream system does: one partner, customers, and
// subscriptions bought through orders (as test/support/scenario.ts does).
import { SignJWT } from 'jose';
import { BENCH_JWT_SECRET } from './apps';

export async function tokenFor(claims: { partnerId?: string; roles: string[] }): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-user')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BENCH_JWT_SECRET));
}

export class Http {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json, text };
  }

  async finished(commandId: string, limitMs = 180_000): Promise<any> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const { body } = await this.request('GET', `/v1/commands/${commandId}`);
      if (body && (body.status === 'succeeded' || body.status === 'failed')) return body;
      if (Date.now() > deadline) throw new Error(`command ${commandId} not finished: ${JSON.stringify(body)}`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

export interface Seeded {
  partnerId: string;
  /** Subscription ids, in the order bought. */
  subscriptions: string[];
  customerOf: Map<string, string>;
}

/** One partner; customers of `perCustomer` subscriptions each, bought in one order per customer. */
export async function seed(baseUrl: string, subscriptions: number, perCustomer = 50): Promise<Seeded> {
  const partnerId = 'bench-partner';
  const operator = new Http(baseUrl, await tokenFor({ roles: ['operator'] }));
  const agent = new Http(baseUrl, await tokenFor({ partnerId, roles: ['admin-agent'] }));
  const partner = await operator.request('PUT', `/v1/partners/${partnerId}`, { name: partnerId, type: 'direct-bill', country: 'NL', mpaSigned: true });
  if (partner.status !== 200) throw new Error(`partner: ${partner.status} ${partner.text}`);

  const sizes: number[] = [];
  for (let left = subscriptions; left > 0; left -= perCustomer) sizes.push(Math.min(perCustomer, left));
  const line = { offerId: 'microsoft-365-business-basic', quantity: 1, termDuration: 'P1Y', billingFrequency: 'monthly' };
  const bought = await Promise.all(
    sizes.map(async (size, index) => {
      const customer = await agent.request('POST', '/v1/customers', { name: `Bench customer ${index + 1}`, country: 'NL', segment: 'commercial' });
      if (customer.status !== 201) throw new Error(`customer: ${customer.status} ${customer.text}`);
      const customerId: string = customer.body.id;
      const order = await agent.request('POST', `/v1/customers/${customerId}/orders`, { lines: Array(size).fill(line), attestationAccepted: true }, { prefer: 'wait=30' });
      if (order.status !== 200 && order.status !== 202) throw new Error(`order: ${order.status} ${order.text}`);
      const command = order.status === 200 ? order.body : await agent.finished(order.body.commandId);
      if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
      return { customerId, ids: command.result.subscriptionIds as string[] };
    }),
  );
  const customerOf = new Map<string, string>();
  for (const { customerId, ids } of bought) for (const id of ids) customerOf.set(id, customerId);
  return { partnerId, subscriptions: bought.flatMap((b) => b.ids), customerOf };
}
