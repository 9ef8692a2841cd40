import { Catalog, catalogData } from '@app/domain';
import { CATALOG_MODEL, CatalogDocument, CatalogRepository, CURRENT_CATALOG_ID } from '@app/persistence';
import { Connection, Model } from 'mongoose';
import { repositoriesOn } from '../support/repositories';
import { connectTestDatabase, dropAndClose } from '../support/test-database';

const R_CAT_5_NAMES = [
  'Microsoft 365 Business Basic', 'Microsoft 365 Business Standard', 'Microsoft 365 Business Premium', 'Microsoft 365 E3',
  'Microsoft 365 E3 (Unattended)', 'Microsoft 365 E5', 'Microsoft 365 E5 without Audio Conferencing', 'Office 365 E1', 'Office 365 E3',
  'Office 365 E5', 'Enterprise Mobility + Security E3', 'Enterprise Mobility + Security E5', 'Windows 11 Enterprise E3',
  'Windows 11 Enterprise E3 VDA', 'Windows 11 Enterprise E5', 'Universal Print', 'Dynamics 365 Team Members',
  'Dynamics 365 Human Resources Self Service', 'Project Online Essentials', 'Microsoft Defender for Endpoint P1',
  'Microsoft Defender for Endpoint P2', 'Multi-Geo Capabilities in Microsoft 365', 'Microsoft 365 Copilot', 'Microsoft 365 E3 Trial',
  'Microsoft 365 Business Premium Trial',
];

const shippedVersion = (catalogData as { version: string }).version;

// The catalog lives in MongoDB so every API and worker process reads the same one (R-CAT-5 data file).
describe('CatalogRepository (MongoDB)', () => {
  let connection: Connection;
  let catalogs: CatalogRepository;
  let model: Model<CatalogDocument>;

  beforeAll(async () => {
    connection = await connectTestDatabase('catalogrepo');
    ({ catalogs } = await repositoriesOn(connection));
    model = connection.model(CATALOG_MODEL) as unknown as Model<CatalogDocument>;
  });

  beforeEach(async () => {
    await model.collection.deleteMany({});
  });

  afterAll(async () => {
    await dropAndClose(connection);
  });

  const stored = () => model.collection.find({}).toArray();

  it('R-CAT-5 seedFromDataFile stores the shipped catalog as one document and answers it', async () => {
    const now = new Date('2026-11-25T10:00:00.000Z');
    const seeded = await catalogs.seedFromDataFile(now);
    expect(seeded).toBeInstanceOf(Catalog);
    expect(seeded.version).toBe(shippedVersion);
    const docs = await stored();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: CURRENT_CATALOG_ID, version: shippedVersion, updatedAt: now });
    expect(docs[0].data).toEqual(JSON.parse(JSON.stringify(catalogData)));
  });

  it('seeding twice, and from 5 processes at once, leaves one document and raises no error', async () => {
    const first = new Date('2026-11-25T10:00:00.000Z');
    await catalogs.seedFromDataFile(first);
    await expect(catalogs.seedFromDataFile(new Date('2026-11-26T10:00:00.000Z'))).resolves.toBeInstanceOf(Catalog);
    expect(await stored()).toHaveLength(1);
    // The same version is not written again.
    expect((await stored())[0].updatedAt).toEqual(first);

    await model.collection.deleteMany({});
    const processes = Array.from({ length: 5 }, () => new CatalogRepository(model));
    const results = await Promise.allSettled(processes.map((repo) => repo.seedFromDataFile(new Date())));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const docs = await stored();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: CURRENT_CATALOG_ID, version: shippedVersion });

    // And 5 more at once on a database where it is stored already.
    const again = await Promise.allSettled(processes.map((repo) => repo.seedFromDataFile(new Date())));
    expect(again.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await stored()).toHaveLength(1);
  });

  it('seeding replaces a stored catalog of another version', async () => {
    const old = structuredClone(catalogData) as { version: string; offers: { name: string }[] };
    old.version = '2025-01-v0';
    old.offers = old.offers.slice(0, 3);
    await model.collection.insertOne({ _id: CURRENT_CATALOG_ID, version: old.version, data: old, updatedAt: new Date(0) } as never);
    await catalogs.seedFromDataFile(new Date());
    const docs = await stored();
    expect(docs).toHaveLength(1);
    expect(docs[0].version).toBe(shippedVersion);
    expect((await catalogs.current(0)).offers().length).toBe((catalogData as { offers: unknown[] }).offers.length);
  });

  it('R-CAT-5 current() answers a Catalog with the named offers, seeding an empty database', async () => {
    const catalog = await catalogs.current(0);
    expect(catalog).toBeInstanceOf(Catalog);
    expect(catalog.version).toBe(shippedVersion);
    expect(await stored()).toHaveLength(1);
    const byName = new Map(catalog.offers().map((offer) => [offer.name, offer]));
    for (const name of R_CAT_5_NAMES) expect(byName.has(name)).toBe(true);
    expect(byName.get('Microsoft 365 E3')).toMatchObject({ id: 'microsoft-365-e3', publisher: 'microsoft', billingType: 'license', isAddOn: false });
    expect(byName.get('Microsoft 365 Copilot')).toMatchObject({ isAddOn: true });
    expect(catalog.require('microsoft-365-e3').terms.find((t) => t.termDuration === 'P1Y' && t.billingFrequency === 'monthly')?.unitPrice).toEqual({ amount: 3600, currency: 'USD' });
  });

  it('current() reads what is stored (another process may have seeded it), and keeps it for maxAgeMs', async () => {
    const edited = structuredClone(catalogData) as { version: string; offers: { id: string; name: string }[] };
    edited.version = '2026-12-v2';
    edited.offers.find((o) => o.id === 'microsoft-365-e3')!.name = 'Microsoft 365 E3 (renamed)';
    await model.collection.insertOne({ _id: CURRENT_CATALOG_ID, version: edited.version, data: edited, updatedAt: new Date() } as never);
    const reader = new CatalogRepository(model);
    const read = await reader.current(60_000);
    expect(read.version).toBe('2026-12-v2');
    expect(read.require('microsoft-365-e3').name).toBe('Microsoft 365 E3 (renamed)');

    await model.collection.deleteMany({});
    expect((await reader.current(60_000)).version).toBe('2026-12-v2'); // cached
    expect((await reader.current(0)).version).toBe(shippedVersion); // read again: empty, so seeded
  });
});
