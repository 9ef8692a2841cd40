import { TargetRefusedError, WebhookTransport } from '../../apps/worker/src/webhooks/webhook-transport';
import { WebhookReceiver } from '../support/webhook-receiver';

// The SSRF check at delivery time (api.md: resolved addresses are checked when sending, not only at
// registration, since DNS can change), and no redirect followed.
describe('WebhookTransport', () => {
  const transport = new WebhookTransport();
  let receiver: WebhookReceiver;
  let url: string;

  beforeAll(async () => {
    receiver = new WebhookReceiver((request) => (request.body === 'redirect' ? 302 : 200));
    url = await receiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
  });

  it('refuses a host that resolves to a loopback address now, before connecting', async () => {
    const port = new URL(url).port;
    for (const target of [`https://localhost:${port}/hook`, `https://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
      await expect(transport.post(target, '{}', {}, { timeoutMs: 2_000, allowPrivate: false })).rejects.toBeInstanceOf(TargetRefusedError);
    }
    expect(receiver.requests).toHaveLength(0);
  });

  it('sends with private targets allowed, and does not follow a redirect', async () => {
    expect(await transport.post(url, 'hello', {}, { timeoutMs: 2_000, allowPrivate: true })).toEqual({ statusCode: 200 });
    expect(await transport.post(url, 'redirect', {}, { timeoutMs: 2_000, allowPrivate: true })).toEqual({ statusCode: 302 });
    expect(receiver.requests.map((r) => r.body)).toEqual(['hello', 'redirect']);
  });
});
