import { authorize } from '../auth/role.policy';
import { principalFromClaims } from '../auth/principal';
import type { ErrorCode } from './error-codes';
import type { Decision } from '../model/decision';
import { DEFAULT_POLICY } from '../model/policy';
import { resolveDeferral } from '../rules/deferral.rules';
import { DAY, HOUR, T0, World, cmdFor, customer, orderOf, plus, reseller } from '../testing/fixtures';

const codeOf = (d: Decision): string => (d.kind === 'refused' ? d.error.code : d.kind === 'deferred' ? d.reason : 'accepted');
const bought = (offerId = 'microsoft-365-e3', q = 10): [World, string] => {
  const w = new World();
  return [w, w.buy(offerId, q).id];
};

/** R-ERR-1: each code of the contract table is produced by the rule that owns it. */
const SCENARIOS: Record<string, () => string> = {
  PARTNER_CANNOT_TRANSACT: () => codeOf(new World(customer({ partnerId: reseller.id }), reseller).decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]), T0)),
  RESELLER_INVALID: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { resellerId: 'ghost' }), T0)),
  ATTESTATION_REQUIRED: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { attestationAccepted: false }), T0)),
  ADDITIONAL_RESELLERS_INVALID: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }], { additionalResellerIds: ['x'] }), T0)),
  SUBSCRIPTION_LIMIT_REACHED: () => codeOf(new World(customer({ holdings: [{ offerId: 'office-365-e1', licenses: 300, subscriptions: 300 }] })).decide(orderOf([{ offerId: 'office-365-e3', quantity: 1 }]), T0)),
  QUANTITY_OUT_OF_RANGE: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-business-basic', quantity: 301 }]), T0)),
  OFFER_NOT_AVAILABLE: () => codeOf(new World().decide(orderOf([{ offerId: 'northwind-container-runtime', quantity: 1 }]), T0)),
  BASE_LICENSE_REQUIRED: () => codeOf(new World().decide(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 1 }]), T0)),
  MULTI_GEO_MINIMUM: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 400 }, { offerId: 'multi-geo-capabilities', quantity: 19 }]), T0)),
  COPILOT_EXCEEDS_BASE: () => codeOf(new World().decide(orderOf([{ offerId: 'microsoft-365-e3', quantity: 10 }, { offerId: 'microsoft-365-copilot', quantity: 11 }]), T0)),
  REDUCTION_WINDOW_CLOSED: () => { const [w, id] = bought(); return codeOf(w.decide(cmdFor('update-subscription', id, { quantity: 1 }), plus(T0, 8 * DAY))); },
  UPDATE_LIMIT_REACHED: () => { const [w, id] = bought(); w.subs.set(id, { ...w.sub(id), updateCount: 1200 }); return codeOf(w.decide(cmdFor('update-subscription', id, { friendlyName: 'n' }), T0)); },
  UPGRADE_NOT_SUPPORTED: () => { const [w, id] = bought('defender-for-endpoint-p1'); return codeOf(w.decide(cmdFor('upgrade-subscription', id, { targetOfferId: 'defender-for-endpoint-p2', quantity: 10, schedule: 'now', newSubscriptionId: 'n' }), T0)); },
  UPGRADE_TARGET_INELIGIBLE: () => { const [w, id] = bought(); const t = w.buy('microsoft-365-e5', 1); return codeOf(w.decide(cmdFor('upgrade-subscription', id, { targetSubscriptionId: t.id, quantity: 1, schedule: 'now', newSubscriptionId: 'n' }), T0)); },
  SUBSCRIPTION_NOT_ACTIVE: () => { const [w, id] = bought(); w.run(cmdFor('suspend-subscription', id), T0); return codeOf(w.decide(cmdFor('upgrade-subscription', id, { targetOfferId: 'microsoft-365-e5', quantity: 1, schedule: 'now', newSubscriptionId: 'n' }), T0)); },
  AUTO_RENEW_REQUIRED: () => { const [w, id] = bought(); w.run(cmdFor('update-subscription', id, { autoRenewEnabled: false }), T0); return codeOf(w.decide(cmdFor('put-scheduled-change', id, { quantity: 2 }), T0)); },
  TRIAL_RESTRICTED: () => { const w = new World(); const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' }); return codeOf(w.decide(cmdFor('update-subscription', t.id, { quantity: 26 }), T0)); },
  CONVERSION_NOT_ALLOWED: () => { const w = new World(); const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' }); return codeOf(w.decide(cmdFor('convert-trial', t.id, { schedule: 'now', quantity: 10, newSubscriptionId: 'n' }), T0)); },
  CANCELLATION_WINDOW_CLOSED: () => { const [w, id] = bought(); return codeOf(w.decide(cmdFor('cancel-subscription', id), plus(T0, 168 * HOUR))); },
  SUBSCRIPTION_CANCELLED: () => { const [w, id] = bought(); w.run(cmdFor('cancel-subscription', id), T0); return codeOf(w.decide(cmdFor('reactivate-subscription', id), T0)); },
  SUBSCRIPTION_EXPIRED: () => { const [w, id] = bought(); w.subs.set(id, { ...w.sub(id), status: 'expired' }); return codeOf(w.decide(cmdFor('update-subscription', id, { quantity: 3 }), T0)); },
  RENEWAL_IN_PROGRESS: () => { const [w, id] = bought(); w.subs.set(id, { ...w.sub(id), renewalInProgress: true }); return codeOf(w.decide(cmdFor('update-subscription', id, { quantity: 12 }), T0)); },
  RENEWAL_CONFLICT_TIMEOUT: () => { const r = resolveDeferral(T0, plus(T0, 27 * HOUR), DEFAULT_POLICY); return r.kind === 'refused' ? r.error.code : r.reason; },
  READ_ONLY_DURING_RENEWAL: () => { const [w, id] = bought(); w.subs.set(id, { ...w.sub(id), renewalInProgress: true }); return codeOf(w.decide(cmdFor('update-subscription', id, { autoRenewEnabled: false }), T0)); },
  TRANSFER_NOT_ALLOWED: () => { const [w, id] = bought(); return codeOf(w.decide({ type: 'submit-transfer', commandId: 'c', transferId: 't', customerId: 'cust-1', sourcePartnerId: 'partner-direct', targetPartnerId: 'partner-other', subscriptionIds: [id], newSubscriptionIds: ['n'] }, T0)); },
  VERSION_MISMATCH: () => { const [w, id] = bought(); return codeOf(w.decide(cmdFor('update-subscription', id, { quantity: 12, ifMatchVersion: 7 }), T0)); },
  UNAUTHENTICATED: () => { const r = principalFromClaims({ sub: 'u' }, T0); return 'code' in r ? r.code : 'accepted'; },
  FORBIDDEN: () => authorize(['helpdesk-agent'], 'subscriptions:cancel')?.code ?? 'allowed',
  NOT_FOUND: () => { const [w, id] = bought(); w.subs.set(id, { ...w.sub(id), partnerId: 'partner-other' }); return codeOf(w.decide(cmdFor('update-subscription', id, { quantity: 12 }), T0)); },
};

describe('R-ERR-1 every contract code is produced by its rule', () => {
  it.each(Object.keys(SCENARIOS))('%s', (code) => {
    expect(SCENARIOS[code]()).toBe(code as ErrorCode);
  });
});
