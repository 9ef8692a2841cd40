import { HttpClient } from './http-client';

/** Small steps the subscription e2e specs share: a customer, an order, a command waited for. */
export class SubscriptionSteps {
  constructor(private readonly client: HttpClient) {}

  async customer(name: string): Promise<string> {
    const created = await this.client.post('/v1/customers', { name, country: 'NL', segment: 'commercial' });
    if (created.status !== 201) throw new Error(`customer ${name}: ${created.status} ${created.text}`);
    return created.body.id;
  }

  /** Places an order of one line per entry and answers the new subscription ids, in line order. */
  async order(customerId: string, ...lines: { offerId: string; quantity: number; termDuration?: string; billingFrequency?: string }[]): Promise<string[]> {
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
