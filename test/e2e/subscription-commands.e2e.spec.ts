import { RunningApps, startApps } from '../support/running-apps';
import { PartnerUsers, partnerUsers, SubscriptionSteps, subscriptionPath as sub } from '../support/subscription-steps';

const BASIC = 'microsoft-365-business-basic';
const STANDARD = 'microsoft-365-business-standard';
const PREMIUM = 'microsoft-365-business-premium';

// The subscription commands of api.md (suspend, reactivate, cancel, upgrades, scheduled change,
// conversions) through both apps over HTTP; the reads are in subscription-reads.e2e.spec.ts.
describe('subscription commands end to end (API and worker processes)', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let steps: SubscriptionSteps;

  beforeAll(async () => {
    apps = await startApps('subcommands');
    users = await partnerUsers(apps.baseUrl);
    steps = new SubscriptionSteps(users.admin);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('suspends (status suspended, auto-renew off) and reactivates without turning auto-renew on (R-SUS-1, R-SUS-3)', async () => {
    const customerId = await steps.customer('Suspend BV');
    const [id] = await steps.order(customerId, { offerId: PREMIUM, quantity: 10 });

    const accepted = await users.admin.post(sub(customerId, id, '/suspend'));
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/v1/commands/${accepted.body.commandId}`);
    expect(await users.admin.finished(accepted.body.commandId)).toMatchObject({ type: 'suspend-subscription', status: 'succeeded', subscriptionId: id });
    expect((await users.admin.get(sub(customerId, id))).body).toMatchObject({ status: 'suspended', autoRenewEnabled: false, version: 1 });

    // billing-admin may suspend and reactivate (R-ROLE-1); auto-renew stays off (R-SUS-3).
    const reactivated = await new SubscriptionSteps(users.billing).command('POST', sub(customerId, id, '/reactivate'));
    expect(reactivated).toMatchObject({ status: 'succeeded', result: { warnings: [expect.objectContaining({ code: 'AUTO_RENEW_OFF' })] } });
    expect((await users.admin.get(sub(customerId, id))).body).toMatchObject({ status: 'active', autoRenewEnabled: false });
    expect(await steps.command('POST', sub(customerId, id, '/reactivate'))).toMatchObject({ status: 'failed', error: { code: 'SUBSCRIPTION_NOT_SUSPENDED' } });
  });

  it('cancels inside the window with a prorated refund line (R-CAN-1); later commands fail with SUBSCRIPTION_CANCELLED (R-CAN-3)', async () => {
    const customerId = await steps.customer('Cancel BV');
    const [id] = await steps.order(customerId, { offerId: PREMIUM, quantity: 10 });

    const cancelled = await steps.command('POST', sub(customerId, id, '/cancel'));
    expect(cancelled).toMatchObject({ status: 'succeeded', result: { cancellation: 'prorated-refund', refund: { currency: 'USD' } } });
    expect(cancelled.result.refund.amount).toBeLessThan(0);
    expect((await users.admin.get(sub(customerId, id))).body).toMatchObject({ status: 'cancelled', autoRenewEnabled: false });

    const charges = (await users.admin.get(sub(customerId, id, '/charges'))).body.items;
    expect(charges.map((c: any) => c.type)).toEqual(['purchase', 'cancel-refund']);
    const [purchase, refund] = charges;
    expect(refund).toMatchObject({ quantity: 10, periodStart: purchase.periodStart, periodEnd: purchase.periodEnd });
    // One started day is used (R-QTY-3): the refund is negative and smaller than what was charged.
    expect(refund.amount.amount).toBeLessThan(0);
    expect(-refund.amount.amount).toBeLessThan(purchase.amount.amount);
    expect(refund.amount.amount).toBe(cancelled.result.refund.amount);

    for (const action of ['/suspend', '/reactivate', '/cancel']) {
      expect(await steps.command('POST', sub(customerId, id, action))).toMatchObject({ status: 'failed', error: { code: 'SUBSCRIPTION_CANCELLED' } });
    }
  });

  it('answers a dry run of cancel with would-succeed and a negative refund, changing nothing (R-CAN-1)', async () => {
    const customerId = await steps.customer('DryRun BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 4 });
    const before = (await users.admin.get(sub(customerId, id))).body;

    const preview = await users.admin.post(`${sub(customerId, id, '/cancel')}?dryRun=true`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ verdict: 'would-succeed', charges: [{ subscriptionId: id, type: 'cancel-refund', quantity: 4 }] });
    expect(preview.body.charges[0].amount.amount).toBeLessThan(0);
    expect(preview.body.effects.length).toBeGreaterThan(0);

    expect((await users.admin.get(sub(customerId, id))).body).toEqual(before);
    expect((await users.admin.get(sub(customerId, id, '/charges'))).body.items.map((c: any) => c.type)).toEqual(['purchase']);
    expect((await users.admin.get(`/v1/commands?subscriptionId=${id}`)).body.items.map((c: any) => c.type)).toEqual(['place-order']);
  });

  it('lists upgrade eligibilities (R-UPG-2, R-UPG-3) and upgrades Business Basic to Business Standard in place (R-UPG-1, R-UPG-4)', async () => {
    const customerId = await steps.customer('Upgrade BV');
    const [basicId, standardId] = await steps.order(customerId, { offerId: BASIC, quantity: 5 }, { offerId: STANDARD, quantity: 2 });

    const eligibilities = await users.agent.get(sub(customerId, basicId, '/upgrades'));
    expect(eligibilities.status).toBe(200);
    const toStandard = eligibilities.body.items.find((item: any) => item.targetOfferId === STANDARD);
    // The existing Business Standard is still inside its cancellation window, so it cannot receive licenses (R-UPG-3).
    expect(toStandard).toEqual({ targetOfferId: STANDARD, eligible: true, existingTargets: [{ subscriptionId: standardId, eligible: false, reason: 'IN_CANCELLATION_WINDOW' }] });

    const upgraded = await steps.command('POST', sub(customerId, basicId, '/upgrades'), { targetOfferId: STANDARD, quantity: 5 });
    expect(upgraded).toMatchObject({ status: 'succeeded', result: { subscriptionId: basicId, targetSubscriptionId: basicId, full: true } });
    expect((await users.admin.get(sub(customerId, basicId))).body).toMatchObject({ offerId: STANDARD, offerName: 'Microsoft 365 Business Standard', quantity: 5 });
    const types = (await users.admin.get(sub(customerId, basicId, '/charges'))).body.items.map((c: any) => c.type);
    expect(types).toEqual(['purchase', 'credit', 'upgrade']);
  });

  it('upgrades part of a subscription into a new coterminous one whose id was assigned at intake (R-UPG-5)', async () => {
    const customerId = await steps.customer('Partial BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 10 });
    const upgraded = await steps.command('POST', sub(customerId, id, '/upgrades'), { targetOfferId: PREMIUM, quantity: 4 });
    expect(upgraded).toMatchObject({ status: 'succeeded', result: { full: false } });
    const newId = upgraded.result.targetSubscriptionId;
    const [source, target] = await Promise.all([users.admin.get(sub(customerId, id)), users.admin.get(sub(customerId, newId))]);
    expect(source.body).toMatchObject({ offerId: BASIC, quantity: 6 });
    expect(target.body).toMatchObject({ offerId: PREMIUM, quantity: 4, termEndDate: source.body.termEndDate });
    const history = (await users.admin.get(sub(customerId, newId, '/history'))).body.items;
    expect(history.map((e: any) => [e.type, e.outcome])).toEqual([['upgrade-subscription', 'accepted'], ['upgrade-subscription', 'applied']]);
  });

  it('refuses an unsupported upgrade path with UPGRADE_NOT_SUPPORTED (R-CAT-4, R-UPG-1)', async () => {
    const customerId = await steps.customer('Unsupported BV');
    const [id] = await steps.order(customerId, { offerId: 'ems-e3', quantity: 3 });
    const items = (await users.admin.get(sub(customerId, id, '/upgrades'))).body.items;
    expect(items).toContainEqual({ targetOfferId: 'ems-e5', eligible: false, reason: 'UNSUPPORTED_PATH', existingTargets: [] });

    const refused = await steps.command('POST', sub(customerId, id, '/upgrades'), { targetOfferId: 'ems-e5', quantity: 3 });
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'UPGRADE_NOT_SUPPORTED' } });
    expect((await users.admin.get(sub(customerId, id))).body).toMatchObject({ offerId: 'ems-e3', quantity: 3, version: 0 });

    const nameless = await users.admin.post(sub(customerId, id, '/upgrades'), { quantity: 3 });
    expect(nameless.status).toBe(400);
    expect(nameless.body.code).toBe('VALIDATION_FAILED');
  });

  it('puts, reads, replaces and deletes a scheduled change (R-SCH-1, R-SCH-2, R-SCH-3)', async () => {
    const customerId = await steps.customer('Schedule BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 10 });
    const path = sub(customerId, id, '/scheduled-change');
    const missing = await users.admin.get(path);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');

    const { termEndDate } = (await users.admin.get(sub(customerId, id))).body;
    const coterm = new Date(new Date(termEndDate).getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(await steps.command('PUT', path, { quantity: 8, cotermEndDate: coterm })).toMatchObject({ status: 'succeeded' });
    expect((await users.admin.get(path)).body).toMatchObject({ kind: 'renewal', quantity: 8, cotermEndDate: `${coterm}T00:00:00.000Z` });

    expect(await steps.command('PUT', path, { offerId: STANDARD })).toMatchObject({ status: 'succeeded', result: { licenseReassignment: 'automatic' } });
    const replaced = (await users.admin.get(path)).body;
    expect(replaced).toMatchObject({ kind: 'renewal', offerId: STANDARD });
    expect(replaced.quantity).toBeUndefined();

    for (const bad of [{}, { cotermEndDate: '2027-02-30' }, { cotermEndDate: '2027-03-01T10:00:00Z' }, { quantity: 0 }, { note: 'x' }]) {
      const refused = await users.admin.put(path, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }

    expect(await steps.command('DELETE', path)).toMatchObject({ type: 'delete-scheduled-change', status: 'succeeded' });
    expect((await users.admin.get(path)).status).toBe(404);

    await steps.command('PATCH', sub(customerId, id), { autoRenewEnabled: false });
    expect(await steps.command('PUT', path, { quantity: 8 })).toMatchObject({ status: 'failed', error: { code: 'AUTO_RENEW_REQUIRED' } });
  });

  it('orders a Microsoft 365 E3 Trial of 25 and converts it mid-trial to a paid subscription (R-TRI-1, R-TRI-2, R-TRI-3, R-TRI-4)', async () => {
    const customerId = await steps.customer('Trial BV');
    const [trialId] = await steps.order(customerId, { offerId: 'microsoft-365-e3-trial', quantity: 25, termDuration: 'P1M' });
    expect((await users.admin.get(sub(customerId, trialId))).body).toMatchObject({ isTrial: true, quantity: 25, status: 'active', autoRenewEnabled: true });
    expect(await steps.command('POST', sub(customerId, trialId, '/suspend'))).toMatchObject({ status: 'failed', error: { code: 'TRIAL_RESTRICTED' } });

    const converted = await steps.command('POST', sub(customerId, trialId, '/conversions'), {});
    expect(converted).toMatchObject({ type: 'convert-trial', status: 'succeeded', result: { subscriptionId: trialId } });
    const paidId = converted.result.targetSubscriptionId;
    expect(paidId).not.toBe(trialId);
    expect((await users.admin.get(sub(customerId, paidId))).body).toMatchObject({
      offerId: 'microsoft-365-e3', quantity: 25, isTrial: false, status: 'active', termDuration: 'P1Y', billingFrequency: 'monthly',
    });
    expect((await users.admin.get(sub(customerId, trialId))).body).toMatchObject({ status: 'expired' });
    expect((await users.admin.get(sub(customerId, paidId, '/charges'))).body.items).toMatchObject([{ type: 'conversion', quantity: 25 }]);
  });

  it('refuses a helpdesk-agent with 403, another partner with 404 and bad input with 400 (R-ROLE-1, R-ROLE-2, R-CON-1)', async () => {
    const customerId = await steps.customer('Guarded BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 3 });

    const forbidden = await users.helpdesk.post(sub(customerId, id, '/suspend'));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    for (const [method, rest] of [['POST', '/suspend'], ['POST', '/cancel?dryRun=true'], ['GET', '/upgrades'], ['GET', '/scheduled-change'], ['GET', '/history'], ['GET', '/charges']]) {
      const hidden = await users.other.request(method, sub(customerId, id, rest), method === 'POST' ? {} : undefined);
      expect([rest, hidden.status, hidden.body.code]).toEqual([rest, 404, 'NOT_FOUND']);
    }

    // A command without input takes no body or `{}`, and refuses any field.
    const bodiless = await users.admin.request('POST', `${sub(customerId, id, '/cancel')}?dryRun=true`);
    expect([bodiless.status, bodiless.body.verdict]).toEqual([200, 'would-succeed']);
    const unknownField = await users.admin.post(sub(customerId, id, '/suspend'), { reason: 'non-payment' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details).toContainEqual(expect.objectContaining({ field: 'reason' }));

    // The same Idempotency-Key answers the same command; If-Match of an old version fails (R-CON-1).
    const key = { 'idempotency-key': 'suspend-guarded-1', 'if-match': '"7"' };
    const [a, b] = await Promise.all([users.admin.post(sub(customerId, id, '/suspend'), {}, key), users.admin.post(sub(customerId, id, '/suspend'), {}, key)]);
    expect(b.body.commandId).toBe(a.body.commandId);
    expect(await users.admin.finished(a.body.commandId)).toMatchObject({ status: 'failed', error: { code: 'VERSION_MISMATCH' } });
    expect((await users.admin.get(sub(customerId, id))).body).toMatchObject({ status: 'active', version: 0 });
  });
});
