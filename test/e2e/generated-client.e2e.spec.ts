import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/local-servers';
import { RunningApps, startApps } from '../support/running-apps';
import { tokenFor } from '../support/tokens';

const CLIENT_DIR = join(projectRoot, 'test', 'generated-client');
type Json = Record<string, any>;

/** openapi-typescript's types of `document` into test/generated-client/api-types.ts, then tsc over the walkthrough; answers tsc's complaints. */
function generateAndTypeCheck(document: Json): string {
  const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  execFileSync(join(projectRoot, 'node_modules', '.bin', 'openapi-typescript'), [file, '--output', join(CLIENT_DIR, 'api-types.ts')], { stdio: 'pipe' });
  try {
    execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(CLIENT_DIR, 'tsconfig.json')], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: Buffer }).stdout ?? error);
  }
}

// A generated client as the document's first user (issue 14): types from the served /docs-json,
// the README walkthrough through openapi-fetch, type-checked, then run against the real apps.
describe('a client generated from the served OpenAPI document', () => {
  let apps: RunningApps;
  let document: Json;

  beforeAll(async () => {
    apps = await startApps('generatedclient');
    document = (await (await fetch(`${apps.baseUrl}/docs-json`)).json()) as Json;
  });

  afterAll(async () => {
    await apps?.stop();
  });

  it('does not compile against a document that lacks what the walkthrough reads', () => {
    const renamed: Json = JSON.parse(JSON.stringify(document));
    const subscription = renamed.components.schemas.SubscriptionView;
    subscription.properties.licenseCount = subscription.properties.quantity;
    delete subscription.properties.quantity;
    subscription.required = subscription.required.map((name: string) => (name === 'quantity' ? 'licenseCount' : name));
    expect(generateAndTypeCheck(renamed)).toContain("Property 'quantity' does not exist");
  });

  it('drives the README walkthrough: partner, customer, offers, order with Prefer: wait, the subscription, a quantity change with If-Match from its ETag', async () => {
    expect(generateAndTypeCheck(document)).toBe('');
    const walkthroughModule = join(CLIENT_DIR, 'readme-walkthrough');
    const { readmeWalkthrough } = await import(walkthroughModule);
    const result = await readmeWalkthrough(apps.baseUrl, {
      operator: await tokenFor({ roles: ['operator'] }),
      agent: await tokenFor({ partnerId: 'contoso', roles: ['admin-agent'] }),
    });
    expect(result.offerIds).toContain('microsoft-365-business-premium');
    expect(result.orderStatus).toBe(200);
    expect(result.commandLocation).toBe(`/v1/commands/${result.order.id}`);
    expect(result.order).toMatchObject({ type: 'place-order', status: 'succeeded', result: { subscriptionIds: [expect.any(String)] } });
    expect(result.etag).toBe(`"${result.version}"`);
    expect(result.change).toMatchObject({ type: 'update-subscription', status: 'succeeded' });
    expect(result.quantityAfter).toBe(15);
  });
});
