import { HttpClient } from '../../scripts/api-client';
import { tokenFor } from './tokens';

/** Small steps the subscription e2e specs share: a customer, an order, a command waited for. */
export class SubscriptionSteps {
  constructor(private readonly client: HttpClient) {}

  async customer(name: string): Promise<string> {
    const created = await this.client.post('/v1/customers', { name, country: 'NL', segment: 'commercial' });
    if (created.status !== 201) throw new Error(`customer ${name}: ${created.status} ${created.text}`);
    return created.body.id;
  }

  /** Places an order of one line per entry and answers the new subscription ids, in line order. */
  async order(customerId: string, ...lines: { offerId: string; quantity: number; termDuration?: string; billingFrequency?: string; baseSubscriptionId?: string }[]): Promise<string[]> {
    const command = await this.command('POST', `/v1/customers/${customerId}/orders`, {
      lines: lines.map((line) => ({ termDuration: 'P1Y', billingFrequency: 'monthly', ...line })),
      attestationAccepted: true,
    });
    if (command.status !== 'succeeded') throw new Error(`order failed: ${JSON.stringify(command.error)}`);
    return command.result.subscriptionIds;
  }

  /** Sends a command with `Prefer: wait` and answers the finished command. */
  async command(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
    const response = await this.client.request(method, path, body ?? {}, { prefer: 'wait=20', ...headers });
    if (response.status === 202) return this.client.finished(response.body.commandId);
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body;
  }
}

export interface PartnerUsers {
  /** contoso's global-admin (user `alice`), the main actor. */
  admin: HttpClient;
  agent: HttpClient;
  billing: HttpClient;
  helpdesk: HttpClient;
  /** northwind's global-admin: another partner. */
  other: HttpClient;
}

/** Creates the partners contoso and northwind and answers a client for each role the specs use. */
export async function partnerUsers(baseUrl: string): Promise<PartnerUsers> {
  const anonymous = new HttpClient(baseUrl);
  const operator = anonymous.as(await tokenFor({ roles: ['operator'] }));
  for (const id of ['contoso', 'northwind']) {
    const put = await operator.put(`/v1/partners/${id}`, { name: id, type: 'direct-bill', country: 'NL', mpaSigned: true });
    if (put.status !== 200) throw new Error(`partner ${id}: ${put.status} ${put.text}`);
  }
  const user = async (roles: string[], partnerId = 'contoso', sub?: string) => anonymous.as(await tokenFor({ partnerId, roles, ...(sub ? { sub } : {}) }));
  return {
    admin: await user(['global-admin'], 'contoso', 'alice'),
    agent: await user(['admin-agent']),
    billing: await user(['billing-admin']),
    helpdesk: await user(['helpdesk-agent']),
    other: await user(['global-admin'], 'northwind'),
  };
}

export const subscriptionPath = (customerId: string, id: string, rest = '') => `/v1/customers/${customerId}/subscriptions/${id}${rest}`;
