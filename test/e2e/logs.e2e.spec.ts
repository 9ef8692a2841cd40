import { ChildProcess } from 'node:child_process';
import { RunningApps, startApps } from '../support/running-apps';
import { customerOf, partnerOn, Tenant } from '../support/scenario';

type LogLine = Record<string, any>;

// Structured logs: JSON lines, the request id on the lines of a request (and in X-Request-Id), the
// command id on the lines of a command in the worker.
describe('logs carry the request id and the command id', () => {
  let apps: RunningApps;
  let tenant: Tenant;
  const lines: LogLine[] = [];

  function collect(child: ChildProcess, app: string): void {
    let rest = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const complete = text.split('\n');
      rest = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) lines.push({ app, ...JSON.parse(line) });
    });
  }

  beforeAll(async () => {
    apps = await startApps('logs', { env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' } });
    collect(apps.api, 'api');
    collect(apps.workers[0], 'worker');
    tenant = await partnerOn(apps);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('names the request on its lines and the command on the worker lines that apply it', async () => {
    const customerId = await customerOf(tenant.agent);
    const order = await tenant.agent.post(
      `/v1/customers/${customerId}/orders`,
      { lines: [{ offerId: 'microsoft-365-business-basic', quantity: 3, termDuration: 'P1Y', billingFrequency: 'monthly' }], attestationAccepted: true },
      { 'x-request-id': 'upstream-trace-42' },
    );
    expect(order.status).toBe(202);
    expect(order.headers.get('x-request-id')).toBe('upstream-trace-42');
    const { commandId } = order.body;
    expect((await tenant.agent.finished(commandId)).status).toBe('succeeded');

    const requestLines = lines.filter((line) => line.app === 'api' && line.req?.url === `/v1/customers/${customerId}/orders`);
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.every((line) => line.requestId === 'upstream-trace-42')).toBe(true);

    const commandLines = lines.filter((line) => line.app === 'worker' && line.commandId === commandId);
    expect(commandLines).toContainEqual(expect.objectContaining({ msg: 'command succeeded', commandType: 'place-order', group: `cus:${customerId}` }));
    // Nothing the worker logged about this command lacks its id.
    expect(lines.filter((line) => line.app === 'worker' && line.commandId !== commandId && JSON.stringify(line).includes(commandId))).toEqual([]);
  });
});
