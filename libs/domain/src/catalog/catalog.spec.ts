import { Catalog } from './catalog';
import { CatalogValidationError } from './catalog-schema';
import { catalogData, defaultCatalog } from './catalog-data';
import { offerAvailability } from './offer-availability';
import { customer, direct, World, T0 } from '../testing/fixtures';

const catalog = defaultCatalog();
const clone = (): { version: string; offers: Record<string, unknown>[]; unsupportedUpgradePaths: { from: string; to: string }[] } => structuredClone(catalogData) as never;

describe('catalog', () => {
  it('R-CAT-1 offers have publisher, billing type, category, segments, terms with prices and min/max; listed with filters', () => {
    for (const o of catalog.offers()) {
      expect(['microsoft', 'partner']).toContain(o.publisher);
      expect(['license', 'usage']).toContain(o.billingType);
      expect(['enterprise', 'small-business', 'trial']).toContain(o.category);
      expect(o.segments.length).toBeGreaterThan(0);
    }
    expect(catalog.offers({ publisher: 'partner' }).every((o) => o.publisher === 'partner')).toBe(true);
    expect(catalog.offers({ billingType: 'usage' }).map((o) => o.id)).toEqual(['northwind-container-runtime']);
    expect(catalog.offers({ category: 'trial' }).map((o) => o.id)).toEqual(['microsoft-365-e3-trial', 'microsoft-365-business-premium-trial']);
    expect(catalog.offers({ segment: 'government' }).some((o) => o.id === 'microsoft-365-business-basic')).toBe(false);
    expect(catalog.offers({ segment: 'government' }).some((o) => o.id === 'microsoft-365-e3')).toBe(true);
    expect(catalog.get('nope')).toBeUndefined();
    expect(() => catalog.require('nope')).toThrow(/not in catalog/);
    expect(catalog.version).toBe('2026-11-v1');
  });

  it('R-CAT-5 ships every named offer with realistic USD prices, Business plans to 300, monthly term 20% above annual-paid-monthly', () => {
    const names = ['Microsoft 365 Business Basic', 'Microsoft 365 Business Standard', 'Microsoft 365 Business Premium', 'Microsoft 365 E3',
      'Microsoft 365 E3 (Unattended)', 'Microsoft 365 E5', 'Microsoft 365 E5 without Audio Conferencing', 'Office 365 E1', 'Office 365 E3', 'Office 365 E5',
      'Enterprise Mobility + Security E3', 'Enterprise Mobility + Security E5', 'Windows 11 Enterprise E3', 'Windows 11 Enterprise E3 VDA',
      'Windows 11 Enterprise E5', 'Universal Print', 'Dynamics 365 Team Members', 'Dynamics 365 Human Resources Self Service', 'Project Online Essentials',
      'Microsoft Defender for Endpoint P1', 'Microsoft Defender for Endpoint P2', 'Multi-Geo Capabilities in Microsoft 365', 'Microsoft 365 Copilot',
      'Microsoft 365 E3 Trial', 'Microsoft 365 Business Premium Trial'];
    const byName = new Map(catalog.offers().map((o) => [o.name, o]));
    for (const n of names) expect(byName.has(n)).toBe(true);
    for (const o of catalog.offers().filter((x) => x.billingType === 'license' && x.category !== 'trial')) {
      const p = (d: string, f: string): number => o.terms.find((t) => t.termDuration === d && t.billingFrequency === f)?.unitPrice.amount as number;
      expect(p('P1M', 'monthly') * 5).toBe(p('P1Y', 'monthly') * 6);
      expect(p('P1Y', 'annual')).toBe(12 * p('P1Y', 'monthly'));
      expect(o.terms.every((t) => t.unitPrice.currency === 'USD' && Number.isInteger(t.unitPrice.amount))).toBe(true);
      if (o.category === 'small-business') expect(o.maxQuantity).toBe(300);
      else if (!o.onePerCustomer) expect(o.maxQuantity).toBe(10_000);
    }
    expect(catalog.require('microsoft-365-e3').terms.find((t) => t.termDuration === 'P1Y' && t.billingFrequency === 'monthly')?.unitPrice).toEqual({ amount: 3600, currency: 'USD' });
    for (const t of catalog.offers({ category: 'trial' })) {
      expect(t).toMatchObject({ minQuantity: 25, maxQuantity: 25, terms: [{ termDuration: 'P1M', billingFrequency: 'monthly', unitPrice: { amount: 0 } }] });
    }
    expect(catalog.require('microsoft-365-copilot').baseOfferIds).toEqual(['microsoft-365-business-basic', 'microsoft-365-business-standard', 'microsoft-365-business-premium', 'microsoft-365-e3', 'microsoft-365-e5', 'office-365-e1', 'office-365-e3', 'office-365-e5']);
    expect(catalog.require('multi-geo-capabilities').baseOfferIds).toEqual(['microsoft-365-e3', 'microsoft-365-e5', 'office-365-e3', 'office-365-e5']);
    const isv = catalog.offers({ publisher: 'partner' });
    expect(isv.some((o) => o.countries)).toBe(true);
    expect(isv.some((o) => o.exclusivePartnerIds)).toBe(true);
    expect(catalog.offers().some((o) => o.billingType === 'usage' && !o.transactable)).toBe(true);
    expect(catalog.offers().some((o) => o.onePerCustomer)).toBe(true);
    expect(catalog.offers().every((o) => /^[a-z0-9-]+$/.test(o.id))).toBe(true);
  });

  it('R-CAT-4 upgrade paths are data; the unsupported pairs are a table and cannot appear as paths', () => {
    expect(catalog.require('microsoft-365-e3').upgradePaths).toContain('microsoft-365-e5');
    expect(catalog.unsupportedUpgradePaths()).toHaveLength(16);
    expect(catalog.isUnsupportedUpgrade('defender-for-endpoint-p1', 'defender-for-endpoint-p2')).toBe(true);
    const bad = clone();
    (bad.offers.find((o) => o.id === 'ems-e3') as { upgradePaths: string[] }).upgradePaths.push('ems-e5');
    expect(() => Catalog.fromData(bad)).toThrow(/"ems-e3" → "ems-e5" is an unsupported upgrade path/);
  });

  it('fromData validates the schema and the references, naming each problem', () => {
    expect(() => Catalog.fromData(null)).toThrow(CatalogValidationError);
    expect(() => Catalog.fromData({ version: 'x', offers: 'no', unsupportedUpgradePaths: [] })).toThrow(/catalog.offers: expected a list/);
    const bad = clone();
    Object.assign(bad.offers[0], { id: 'Bad.Id', minQuantity: -1, extra: 1, setupUrl: 'http://x', countries: ['nl'] });
    (bad.offers[1] as { terms: unknown[] }).terms.push({ termDuration: 'P2Y', billingFrequency: 'weekly', unitPrice: { amount: 1.5, currency: 'usd' } });
    let message = '';
    try { Catalog.fromData(bad); } catch (e) { message = (e as Error).message; }
    for (const fragment of ['offers[0].id: expected a kebab-case offer id', 'offers[0].minQuantity', 'offers[0].extra: unknown field', 'offers[0].setupUrl', 'offers[0].countries[0]',
      'terms[3].termDuration', 'terms[3].billingFrequency', 'unitPrice.amount', 'unitPrice.currency']) expect(message).toContain(fragment);
    const refs = clone();
    Object.assign(refs.offers[0], { baseOfferIds: ['ghost'], paidOfferId: 'ghost2', minQuantity: 500, containsOfferIds: ['ghost3'] });
    Object.assign(refs.offers[1], { id: refs.offers[2].id, isAddOn: true, terms: [refs.offers[1].terms as never, refs.offers[1].terms as never].flat().slice(0, 1).concat((refs.offers[1].terms as never[]).slice(0, 1)) });
    (refs.offers[3] as { transactable: boolean; terms: unknown[] }).terms = [];
    refs.unsupportedUpgradePaths.push({ from: 'ghost4', to: 'office-365-e1' });
    try { Catalog.fromData(refs); } catch (e) { message = (e as Error).message; }
    for (const fragment of ['unknown offer "ghost"', 'paidOfferId: unknown offer "ghost2"', 'minQuantity exceeds maxQuantity', 'containsOfferIds[0]', 'duplicate offer id',
      'an add-on needs at least one base offer', 'a transactable offer needs at least one term', 'duplicate term', 'unsupportedUpgradePaths[16].from']) expect(message).toContain(fragment);
  });

  it('R-CAT-3 offerAvailability lists each unbuyable offer with its reason, including a suspended one-per-customer or SaaS subscription', () => {
    const w = new World();
    const bi = w.buy('power-bi-premium-per-capacity', 1);
    const saas = w.buy('tailspin-analytics', 3);
    const avail = (id: string): ReturnType<typeof offerAvailability> => offerAvailability(catalog.require(id), w.cust, direct, [...w.subs.values()]);
    expect(avail('power-bi-premium-per-capacity')).toEqual({ purchasable: false, reason: 'ONE_PER_CUSTOMER_OWNED' });
    expect(avail('tailspin-analytics')).toEqual({ purchasable: true });
    w.run({ type: 'suspend-subscription', commandId: 's1', subscriptionId: bi.id }, T0);
    w.run({ type: 'suspend-subscription', commandId: 's2', subscriptionId: saas.id }, T0);
    expect(avail('power-bi-premium-per-capacity')).toEqual({ purchasable: false, reason: 'SUSPENDED_SUBSCRIPTION_EXISTS' });
    expect(avail('tailspin-analytics')).toEqual({ purchasable: false, reason: 'SUSPENDED_SUBSCRIPTION_EXISTS' });
    expect(avail('microsoft-365-e3')).toEqual({ purchasable: true });
  });

  it('R-ADD-1 only add-ons whose base requirement is met are offered', () => {
    const c = customer();
    expect(offerAvailability(catalog.require('microsoft-365-copilot'), c, direct, [])).toEqual({ purchasable: false, reason: 'BASE_LICENSE_REQUIRED' });
    expect(offerAvailability(catalog.require('microsoft-365-copilot'), { ...c, licensesHeldElsewhere: [{ offerId: 'office-365-e1', quantity: 1 }] }, direct, [])).toEqual({ purchasable: true });
    expect(offerAvailability(catalog.require('microsoft-365-copilot'), { ...c, holdings: [{ offerId: 'office-365-e1', licenses: 2, subscriptions: 1 }] }, direct, [])).toEqual({ purchasable: true });
    expect(offerAvailability(catalog.require('multi-geo-capabilities'), { ...c, country: 'JP' }, direct, [], { ignoreBaseRequirement: true })).toEqual({ purchasable: true });
  });
});
