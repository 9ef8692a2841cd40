import * as domain from '../index';
import { T0, World, deepFreeze, expectAccepted, expectRefused, orderOf } from './fixtures';

describe('test fixtures and the public entry point', () => {
  it('expectAccepted / expectRefused fail loudly', () => {
    const w = new World();
    const refused = w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { attestationAccepted: false }), T0);
    const accepted = w.decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0);
    expect(() => expectAccepted(refused)).toThrow(/ATTESTATION_REQUIRED/);
    expect(() => expectAccepted({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' })).toThrow(/got deferred$/);
    expect(() => expectRefused(accepted, 'X')).toThrow(/got accepted/);
    expect(() => expectRefused(refused, 'OTHER')).toThrow(/expected OTHER/);
    expect(() => w.sub('missing')).toThrow(/no subscription/);
    expect(Object.isFrozen(deepFreeze({ a: { b: 1 } }).a)).toBe(true);
  });

  it('@app/domain exports the contract names', () => {
    for (const name of ['decide', 'commandNeedsCustomerSubscriptions', 'Catalog', 'catalogData', 'FixedClock', 'DomainError', 'DEFAULT_POLICY', 'applyHoldingDeltas',
      'nextDueWork', 'refundableQuantity', 'upgradeEligibilities', 'offerAvailability', 'exportRows', 'toCsv', 'termEndDate', 'mayPerform', 'visibleTo',
      'principalFromClaims', 'authorize', 'historyEntry', 'resolveDeferral', 'holdingsFromSubscriptions', 'prorate', 'refundFor']) {
      expect(domain).toHaveProperty(name);
    }
    expect(domain.commandNeedsCustomerSubscriptions('place-order')).toBe(true);
    expect(domain.commandNeedsCustomerSubscriptions('update-subscription')).toBe(false);
  });
});
