// The README's walkthrough as an integrator writes it: a client generated from the served OpenAPI
// document (openapi-typescript types, written by test/e2e/generated-client.e2e.spec.ts) driven
// through openapi-fetch. It is type-checked against those types before it runs, so a document
// that does not describe what the walkthrough needs fails the spec at compile time.
import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';

type Command = components['schemas']['CommandView'];

export interface WalkthroughTokens {
  operator: string;
  agent: string;
}

export async function readmeWalkthrough(baseUrl: string, tokens: WalkthroughTokens) {
  const asOperator = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${tokens.operator}` } });
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${tokens.agent}` } });

  const partner = await asOperator.PUT('/v1/partners/{partnerId}', {
    params: { path: { partnerId: 'contoso' } },
    body: { name: 'Contoso', type: 'direct-bill', country: 'NL', mpaSigned: true },
  });
  if (!partner.data) throw new Error(`partner: ${partner.response.status}`);

  const created = await api.POST('/v1/customers', { body: { name: 'Fabrikam BV', country: 'NL', segment: 'commercial' } });
  if (!created.data) throw new Error(`customer: ${created.response.status}`);
  const customerId: string = created.data.id;

  const offers = await api.GET('/v1/offers', { params: { query: { customerId } } });
  const offerIds: string[] = (offers.data?.items ?? []).filter((offer) => offer.availability?.purchasable).map((offer) => offer.id);

  // 202 Accepted, or with `Prefer: wait` 200 and the finished command.
  const order = await api.POST('/v1/customers/{customerId}/orders', {
    params: { path: { customerId }, header: { Prefer: 'wait=30' } },
    body: { lines: [{ offerId: 'microsoft-365-business-premium', quantity: 10, termDuration: 'P1Y', billingFrequency: 'monthly' }], attestationAccepted: true },
  });
  const location = order.response.headers.get('location');
  const finished = await finishedCommand(api, order.data && 'id' in order.data ? order.data : undefined, location);
  const subscriptionIds = finished.result?.subscriptionIds as string[];
  const subscriptionId = subscriptionIds[0];

  const path = { customerId, subscriptionId };
  const read = await api.GET('/v1/customers/{customerId}/subscriptions/{subscriptionId}', { params: { path } });
  if (!read.data) throw new Error(`subscription: ${read.response.status}`);
  const etag = read.response.headers.get('etag') ?? '';

  const change = await api.PATCH('/v1/customers/{customerId}/subscriptions/{subscriptionId}', {
    params: { path, header: { 'If-Match': etag, Prefer: 'wait=30' } },
    body: { quantity: read.data.quantity + 5 },
  });
  const changed = await finishedCommand(api, change.data && 'id' in change.data ? change.data : undefined, change.response.headers.get('location'));
  const after = await api.GET('/v1/customers/{customerId}/subscriptions/{subscriptionId}', { params: { path } });

  return {
    offerIds,
    orderStatus: order.response.status,
    order: finished,
    etag,
    version: read.data.version,
    change: changed,
    quantityAfter: after.data?.quantity,
    commandLocation: location,
  };
}

/** The command a `Prefer: wait` answer carried, or read from its Location. */
async function finishedCommand(api: ReturnType<typeof createClient<paths>>, answered: Command | undefined, location: string | null): Promise<Command> {
  if (answered && 'status' in answered && (answered.status === 'succeeded' || answered.status === 'failed')) return answered;
  const commandId = (location ?? '').split('/').pop() ?? '';
  const { data } = await api.GET('/v1/commands/{commandId}', { params: { path: { commandId } } });
  if (!data) throw new Error(`command ${commandId} not found`);
  return data;
}
