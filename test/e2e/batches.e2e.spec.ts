import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'mongoose';
import { HttpClient } from '../../scripts/api-client';
import { RunningApps, startApps } from '../support/running-apps';
import { databaseOf } from '../support/scenario';
import { partnerUsers, PartnerUsers, SubscriptionSteps, subscriptionPath } from '../support/subscription-steps';
import { tokenFor } from '../support/tokens';

const BASIC = 'microsoft-365-business-basic';

// Bulk license adjustments (api.md): every row is a quantity command in its subscription's group,
// so rows meet the same rules as single requests (R-QTY-1 reduction window, R-REN-4 deferral,
// R-ROLE-1 roles, R-ROLE-2 another partner's resources answer 404).
describe('batches', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let db: Connection;
  let customerId: string;
  let subs: Record<'a' | 'b' | 'w' | 't' | 'r' | 'r2', string>;
  let mainBatch: string;
  let cancelled: string;
  let foreign: string;

  const csv = (client: HttpClient, body: string, query = '') =>
    client.request('POST', `/v1/batches${query}`, body, { 'content-type': 'text/csv' });
  const results = async (client: HttpClient, id: string) => {
    const response = await client.get(`/v1/batches/${id}/results.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    return parse(response.text, { columns: true }) as Record<string, string>[];
  };
  const settled = async (client: HttpClient, id: string, done: (batch: any) => boolean) => {
    for (const deadline = Date.now() + 60_000; ; ) {
      const batch = (await client.get(`/v1/batches/${id}`)).body;
      if (done(batch)) return batch;
      if (Date.now() > deadline) throw new Error(`batch ${id} did not settle: ${JSON.stringify(batch)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const quantity = async (id: string) => (await users.agent.get(subscriptionPath(customerId, id))).body.quantity;

  beforeAll(async () => {
    apps = await startApps('batches', { env: { CLOCK_MODE: 'sandbox', RENEWAL_PROCESSING_DURATION: 'PT1H', TIME_TICK_INTERVAL: 'PT1H', CONFLICT_RETRY_DELAY: 'PT30M' } });
    users = await partnerUsers(apps.baseUrl);
    db = await databaseOf(apps);
    const steps = new SubscriptionSteps(users.agent);
    customerId = await steps.customer('Fabrikam');
    const [a, b, w, t] = await steps.order(customerId, ...Array.from({ length: 4 }, () => ({ offerId: BASIC, quantity: 5 })));
    const [r, r2] = await steps.order(customerId, ...Array.from({ length: 2 }, () => ({ offerId: BASIC, quantity: 3, termDuration: 'P1M' })));
    subs = { a, b, w, t, r, r2 };
    const other = new SubscriptionSteps(users.other);
    [foreign] = await other.order(await other.customer('Other'), { offerId: BASIC, quantity: 5 });
    // Past r's term end: r is renewing (R-REN-4), and every first 7-day window has closed (R-QTY-1).
    const termEnd = (await users.agent.get(subscriptionPath(customerId, r))).body.termEndDate;
    const moved = await users.agent.as(await tokenFor({ roles: ['operator'] })).post('/v1/clock', { setTo: new Date(new Date(termEnd).getTime() + 24 * 3_600_000 + 60_000).toISOString() });
    expect(moved.body.status).toBe('ready');
    expect((await users.agent.get(subscriptionPath(customerId, r))).body.renewalInProgress).toBe(true);
  });

  afterAll(async () => {
    await db?.close();
    await apps?.stop();
  });

  it('takes every row of a CSV file; a row on a subscription in renewal is deferred (R-REN-4)', async () => {
    const file = [
      '\uFEFFcustomerId,subscriptionId,quantity',
      `${customerId},${subs.a},10`,
      `${customerId},${subs.b},0`,
      `${customerId},${subs.w},2`,
      `${customerId},${foreign},3`,
      `${customerId},${subs.a}`,
      `${customerId},${subs.t},7`,
      `"${customerId}","${subs.t}","9"`,
      `${customerId},${subs.r},4`,
      `${customerId},${subs.a},ten`,
      `=1+1,${subs.a},1`,
      `"${customerId},${subs.a},1`,
    ].join('\r\n');
    const accepted = await csv(users.agent, file);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'validating', total: 11 });
    expect(accepted.headers.get('location')).toBe(`/v1/batches/${accepted.body.id}`);
    const id = accepted.body.id;

    const waiting = await settled(users.agent, id, (batch) => batch.pending === 0);
    expect(waiting).toMatchObject({ status: 'running', total: 11, succeeded: 3, failed: 7, deferred: 1, cancelled: 0, pending: 0 });
    expect((await results(users.agent, id))[7]).toMatchObject({ rowNumber: '8', outcome: 'deferred' });
    mainBatch = id;
  });

  it('cancel in the middle: rows not yet applied are not applied, and the counts say which', async () => {
    // Rows on r2 wait for its renewal (R-REN-4); the cancel comes while they wait and while later chunks are queued.
    const lines = [`${customerId},${subs.a},11`, `${customerId},${subs.r2},6`, `${customerId},${subs.r2},7`];
    for (let i = 0; i < 1_000; i++) lines.push(`${customerId},${foreign},${20 + (i % 50)}`);
    lines.push(`${customerId},${subs.b},30`);
    const accepted = await csv(users.agent, ['customerId,subscriptionId,quantity', ...lines].join('\n'));
    expect(accepted.status).toBe(202);
    cancelled = accepted.body.id;
    await settled(users.agent, cancelled, (batch) => batch.succeeded > 0 && batch.deferred > 0);
    const cancel = await users.agent.post(`/v1/batches/${cancelled}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
  });

  it('applies the deferred row once the renewal completes; the results file says what became of every row (R-QTY-1, R-ROLE-2)', async () => {
    const id = mainBatch;
    // The renewal completes: the deferred row applies (R-REN-4), and the batch ends.
    const operator = users.agent.as(await tokenFor({ roles: ['operator'] }));
    // The cancelled batch's queued rows are refused meanwhile; the clock answers once all is done.
    let clock = (await operator.post('/v1/clock', { advanceBy: 'PT1H' })).body;
    while (clock.status !== 'ready') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      clock = (await operator.get('/v1/clock')).body;
    }
    const done = await settled(users.agent, id, (batch) => batch.status === 'completed');
    expect(done).toMatchObject({ total: 11, succeeded: 4, failed: 7, deferred: 0, pending: 0 });
    expect(done.finishedAt).toBeDefined();

    const rows = await results(users.agent, id);
    expect(Object.keys(rows[0])).toEqual(['rowNumber', 'customerId', 'subscriptionId', 'quantity', 'outcome', 'errorCode', 'message']);
    expect(rows.map((row) => [row.rowNumber, row.outcome, row.errorCode])).toEqual([
      ['1', 'succeeded', ''],
      ['2', 'failed', 'VALIDATION_FAILED'],
      ['3', 'failed', 'REDUCTION_WINDOW_CLOSED'],
      ['4', 'failed', 'NOT_FOUND'],
      ['5', 'failed', 'VALIDATION_FAILED'],
      ['6', 'succeeded', ''],
      ['7', 'succeeded', ''],
      ['8', 'succeeded', ''],
      ['9', 'failed', 'VALIDATION_FAILED'],
      ['10', 'failed', 'VALIDATION_FAILED'],
      ['11', 'failed', 'VALIDATION_FAILED'],
    ]);
    expect(rows[1].message).toMatch(/from 1 to 100,000/);
    expect(rows[3].message).not.toMatch(/northwind|another partner/i);
    expect(rows[8]).toMatchObject({ quantity: 'ten', message: 'quantity is not a whole number' });
    expect(rows[9].customerId).toBe("'=1+1");
    expect(rows[10].message).toMatch(/not valid CSV/);
    expect(await quantity(subs.r)).toBe(4);
    expect(await quantity(subs.w)).toBe(5);

    // Rows on one subscription applied in file order (G1): t's history shows 7 before 9.
    const history = (await users.agent.get(subscriptionPath(customerId, subs.t, '/history'))).body.items;
    const batchRows = history.filter((entry: any) => entry.commandId?.startsWith(id));
    expect([...new Set(batchRows.map((entry: any) => entry.commandId))]).toEqual([`${id}-r6`, `${id}-r7`]);

    const event = await db.collection('events').findOne({ type: 'batch.completed', 'data.batchId': id });
    expect(event).toMatchObject({ partnerId: 'contoso', data: { status: 'completed', succeeded: 4, failed: 7 } });
    expect((await users.agent.get('/v1/batches?limit=500')).body.items.map((batch: any) => batch.id)).toContain(id);

    // The cancelled batch: its deferred rows met the cancel when the renewal completed.
    const done2 = await settled(users.agent, cancelled, (batch) => batch.status === 'cancelled' || batch.status === 'completed');
    expect(done2).toMatchObject({ status: 'cancelled', total: 1_004, deferred: 0, pending: 0 });
    expect(done2.succeeded + done2.cancelled + done2.failed).toBe(1_004);
    const rows2 = await results(users.agent, cancelled);
    expect(rows2).toHaveLength(1_004);
    expect(rows2.slice(0, 3).map((row) => row.outcome)).toEqual(['succeeded', 'cancelled', 'cancelled']);
    expect(rows2[1].errorCode).toBe('BATCH_CANCELLED');
    const applied = rows2.filter((row) => row.outcome === 'succeeded');
    expect(applied).toHaveLength(done2.succeeded);
    expect(rows2.filter((row) => row.outcome === 'cancelled')).toHaveLength(done2.cancelled);
    expect(await quantity(subs.r2)).toBe(3);
    // What each subscription holds is exactly its last applied row: nothing after the cancel applied.
    for (const sub of [subs.a, subs.b, subs.t]) {
      const last = applied.filter((row) => row.subscriptionId === sub).pop();
      if (last) expect(await quantity(sub)).toBe(Number(last.quantity));
    }
    expect(await db.collection('commands').countDocuments({ batchId: cancelled, status: { $nin: ['succeeded', 'failed'] } })).toBe(0);
  });

  it('dry run: decides every row against the current state and the rows before it, applies none', async () => {
    const accepted = await users.agent.post('/v1/batches', {
      dryRun: true,
      rows: [
        { customerId, subscriptionId: subs.w, quantity: 8 },
        { customerId, subscriptionId: subs.w, quantity: 12 },
        { customerId, subscriptionId: subs.w, quantity: 1 },
        { customerId, subscriptionId: subs.b, quantity: 'abc' },
      ],
    });
    expect(accepted.status).toBe(202);
    const done = await settled(users.agent, accepted.body.id, (batch) => batch.status === 'completed');
    expect(done).toMatchObject({ dryRun: true, total: 4, succeeded: 2, failed: 2 });
    const rows = await results(users.agent, accepted.body.id);
    expect(rows.map((row) => [row.outcome, row.errorCode])).toEqual([
      ['would-succeed', ''],
      ['would-succeed', ''],
      ['would-fail', 'REDUCTION_WINDOW_CLOSED'],
      ['would-fail', 'VALIDATION_FAILED'],
    ]);
    // Row 2 is decided after row 1 on the same subscription: from 8, not from today's 5.
    expect(rows[0].message).toMatch(/adds 3 licenses/);
    expect(rows[1].message).toMatch(/adds 4 licenses/);
    expect(await quantity(subs.w)).toBe(5);
  });

  it('refuses what is not a batch, and keeps batches to their partner and roles (R-ROLE-1, R-ROLE-2)', async () => {
    expect((await csv(users.agent, 'a,b,c\n1,2,3\n')).status).toBe(400);
    expect((await csv(users.agent, '\u0000\u0001binary')).status).toBe(400);
    expect((await users.agent.request('POST', '/v1/batches', 'x', { 'content-type': 'application/octet-stream' })).status).toBe(415);
    expect((await users.agent.post('/v1/batches', { rows: [] })).status).toBe(400);
    expect((await csv(users.helpdesk, `customerId,subscriptionId,quantity\n${customerId},${subs.a},3\n`)).status).toBe(403);
    const sales = users.agent.as(await tokenFor({ partnerId: 'contoso', roles: ['sales-agent'] }));
    const accepted = await sales.post('/v1/batches', { dryRun: true, rows: [{ customerId, subscriptionId: subs.a, quantity: 11 }] });
    expect(accepted.status).toBe(202);
    expect((await users.other.get(`/v1/batches/${accepted.body.id}`)).status).toBe(404);
    expect((await users.other.get(`/v1/batches/${accepted.body.id}/results.csv`)).status).toBe(404);
    expect((await users.other.post(`/v1/batches/${accepted.body.id}/cancel`)).status).toBe(404);
    expect((await users.helpdesk.get(`/v1/batches/${accepted.body.id}`)).status).toBe(403);
  });

  it('the CLI uploads, follows, writes the results next to the file and exits 0, 1 or 2', async () => {
    const token = await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] });
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile('node', ['dist/scripts/batch.js', ...args], { env: { ...process.env, API_TOKEN: token } }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const dir = mkdtempSync(join(tmpdir(), 'batch-cli-'));
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, `customerId,subscriptionId,quantity\n${customerId},${subs.b},40\n${customerId},${subs.b},nope\n`);
    const some = await run([mixed, '--api', apps.baseUrl]);
    expect(some.code).toBe(1);
    expect(some.stdout).toMatch(/completed: 1 succeeded, 1 failed, 0 cancelled of 2 rows/);
    const written = parse(readFileSync(join(dir, 'mixed.results.csv')), { columns: true }) as Record<string, string>[];
    expect(written.map((row) => [row.rowNumber, row.outcome, row.errorCode])).toEqual([['1', 'succeeded', ''], ['2', 'failed', 'VALIDATION_FAILED']]);
    expect(await quantity(subs.b)).toBe(40);

    const good = join(dir, 'good.csv');
    writeFileSync(good, `customerId,subscriptionId,quantity\r\n${customerId},${subs.b},41\r\n`);
    const all = await run([good, '--dry-run', '--api', apps.baseUrl]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/1 would succeed, 0 failed/);
    expect(await quantity(subs.b)).toBe(40);

    expect((await run([])).code).toBe(2);
    expect((await run([join(dir, 'missing.csv')])).code).toBe(2);
    expect((await run([good, '--api', 'http://127.0.0.1:9'])).code).toBe(2);
  });
});
