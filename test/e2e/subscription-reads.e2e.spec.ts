import { RunningApps, startApps } from '../support/running-apps';
import { PartnerUsers, partnerUsers, SubscriptionSteps, subscriptionPath as sub } from '../support/subscription-steps';

const BASIC = 'microsoft-365-business-basic';
const STANDARD = 'microsoft-365-business-standard';

// The subscription reads of api.md (history, charges, CSV export) through both apps over HTTP.
describe('subscription history, charges and export end to end (API and worker processes)', () => {
  let apps: RunningApps;
  let users: PartnerUsers;
  let steps: SubscriptionSteps;

  beforeAll(async () => {
    apps = await startApps('subreads');
    users = await partnerUsers(apps.baseUrl);
    steps = new SubscriptionSteps(users.admin);
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('keeps the history: accepted, applied and refused entries with actor, input and outcome (R-AUD-1)', async () => {
    const customerId = await steps.customer('History BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 3 });
    await steps.command('POST', sub(customerId, id, '/suspend'));
    const refused = await steps.command('POST', sub(customerId, id, '/suspend'));

    const history = await users.helpdesk.get(sub(customerId, id, '/history'));
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: any) => `${e.type}:${e.outcome}`)).toEqual([
      'place-order:accepted', 'place-order:applied', 'suspend-subscription:accepted', 'suspend-subscription:applied',
      'suspend-subscription:accepted', 'suspend-subscription:refused',
    ]);
    const last = history.body.items[5];
    expect(last).toMatchObject({ actor: 'alice', commandId: refused.id, details: { input: { subscriptionId: id }, error: { code: 'SUBSCRIPTION_NOT_ACTIVE' } } });
    expect(Date.parse(last.at)).not.toBeNaN();

    const page = await users.admin.get(`${sub(customerId, id, '/history')}?limit=4`);
    expect(page.body.items).toHaveLength(4);
    const rest = await users.admin.get(`${sub(customerId, id, '/history')}?limit=4&cursor=${page.body.next}`);
    expect(rest.body).toMatchObject({ items: history.body.items.slice(4), next: null });
  });


  it('lists the charges of a purchase to those who may read them (R-QTY-3, R-ROLE-1)', async () => {
    const customerId = await steps.customer('Charges BV');
    const [id] = await steps.order(customerId, { offerId: BASIC, quantity: 7 });
    const charges = await users.billing.get(sub(customerId, id, '/charges'));
    expect(charges.status).toBe(200);
    expect(charges.body.items).toEqual([
      { at: expect.any(String), type: 'purchase', quantity: 7, periodStart: expect.any(String), periodEnd: expect.any(String), amount: { amount: expect.any(Number), currency: 'USD' } },
    ]);
    expect(charges.body.items[0].amount.amount).toBeGreaterThan(0);
    expect((await users.agent.get(sub(customerId, id, '/charges'))).status).toBe(403);
  });


  it('exports the subscriptions as CSV with the header and a neutralized formula (R-EXP-1)', async () => {
    const customerId = await steps.customer('Export BV');
    const [first] = await steps.order(customerId, { offerId: BASIC, quantity: 2 }, { offerId: STANDARD, quantity: 1 });
    await steps.command('PATCH', sub(customerId, first), { friendlyName: '=SUM(A1,B1)' });

    const csv = await users.billing.get(`/v1/customers/${customerId}/subscriptions.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Subscription ID,Name,Friendly name,Quantity,Status,Billing cycle,Promotion,Reseller');
    expect(lines).toHaveLength(3);
    expect(csv.text).toContain(`${first},Microsoft 365 Business Basic,"'=SUM(A1,B1)",2,active; auto-renew on; renews `);
    expect(csv.text).toContain(',P1Y monthly,none,');

    // The JSON list and the subscription routes are still theirs; other partners and roles are kept out.
    expect((await users.admin.get(`/v1/customers/${customerId}/subscriptions`)).body.items).toHaveLength(2);
    expect((await users.other.get(`/v1/customers/${customerId}/subscriptions.csv`)).status).toBe(404);
    expect((await users.helpdesk.get(`/v1/customers/${customerId}/subscriptions.csv`)).status).toBe(403);
    const paths = Object.keys((await users.admin.get('/docs-json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/customers/{customerId}/subscriptions.csv', '/v1/customers/{customerId}/subscriptions/{subscriptionId}/suspend']));
  });

});
