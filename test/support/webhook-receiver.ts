import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  /** Set once the receiver answered (never, for a receiver that hangs). */
  answered?: number;
}

/** A webhook receiver on loopback; `answer` decides each request's status, or undefined to never answer. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  constructor(private readonly answer: (request: ReceivedRequest, index: number) => number | undefined) {}

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received: ReceivedRequest = { headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') };
        const status = this.answer(received, this.requests.length);
        this.requests.push(received);
        if (status === undefined) {
          this.hanging.push(res);
          return;
        }
        received.answered = status;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  /** Requests received for one event (its `webhook-id`). */
  of(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers['webhook-id'] === eventId);
  }

  async until(check: () => boolean, limitMs = 60_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met; ${this.requests.length} requests`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done) ?? done(undefined));
  }
}
