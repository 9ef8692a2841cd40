import type { SubmitTransfer } from '../model/commands';
import type { Partner } from '../model/partner';
import { checkTransferRequest, checkTransferSubmission, transferVisibleTo } from '../rules/transfer.rules';
import { DAY, T0, World, customer, direct, expectRefused, orderOf, plus, reseller } from '../testing/fixtures';

const target: Partner = { id: 'partner-target', name: 'Target BV', type: 'direct-bill', country: 'NL', mpaSigned: true };
const LATER = plus(T0, 40 * DAY);

const setup = (): World => new World(customer({ relationshipPartnerIds: [target.id], email: 'it@contoso.example' }), direct, [direct, target, reseller]);
const submit = (ids: string[], extra: Partial<SubmitTransfer> = {}): SubmitTransfer => ({
  type: 'submit-transfer', commandId: `cmd-tr-${ids.join('-')}`, transferId: 'tr-1', customerId: 'cust-1', sourcePartnerId: direct.id, targetPartnerId: target.id,
  subscriptionIds: ids, newSubscriptionIds: ids.map((id) => `moved-${id}`), ...extra,
});

describe('transfers between partners', () => {
  it('R-TRA-1 a target partner with an accepted relationship requests a transfer naming the source partner and the customer e-mail', () => {
    const c = customer({ relationshipPartnerIds: [target.id] });
    expect(checkTransferRequest(target, c, direct.id, 'it@contoso.example')).toBeUndefined();
    expect(checkTransferRequest(target, customer(), direct.id, 'it@contoso.example')?.details.reason).toBe('NO_ACCEPTED_RELATIONSHIP');
    expect(checkTransferRequest(target, c, 'partner-x', 'it@contoso.example')?.details.reason).toBe('WRONG_SOURCE_PARTNER');
    expect(checkTransferRequest(target, c, direct.id, 'not-an-email')?.code).toBe('TRANSFER_NOT_ALLOWED');
    expect(checkTransferRequest({ ...reseller }, { ...c, relationshipPartnerIds: [reseller.id] }, direct.id, 'a@b.co')?.details.reason).toBe('TARGET_CANNOT_TRANSACT');
  });

  it('R-TRA-2 the source partner sees the request and submits it; the target sees it; others get 404', () => {
    const request = { id: 'tr-1', customerId: 'cust-1', sourcePartnerId: direct.id, targetPartnerId: target.id, customerEmail: 'a@b.co', status: 'pending' as const };
    expect(transferVisibleTo(direct.id, request)).toBe(true);
    expect(transferVisibleTo(target.id, request)).toBe(true);
    expect(transferVisibleTo('partner-x', request)).toBe(false);
    expect(checkTransferSubmission(direct.id, request)).toBeUndefined();
    expect(checkTransferSubmission(target.id, request)?.code).toBe('TRANSFER_NOT_ALLOWED');
    expect(checkTransferSubmission('partner-x', request)?.code).toBe('NOT_FOUND');
    expect(checkTransferSubmission(direct.id, { ...request, status: 'completed' })?.details.reason).toBe('NOT_PENDING');
  });

  it('R-TRA-3 recreates each chosen subscription on the target (same offer, quantity, term end), ends the source, credits and bills without double billing', () => {
    const w = setup();
    const s = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    const d = w.run(submit([s.id]), LATER);
    const [moved] = d.created;
    expect(moved).toMatchObject({ id: `moved-${s.id}`, partnerId: target.id, offerId: s.offerId, quantity: 10, termEndDate: s.termEndDate, origin: { kind: 'transfer', subscriptionId: s.id } });
    expect(moved.cancellableUntil).toBeUndefined();
    expect(d.updated[0]).toMatchObject({ id: s.id, status: 'cancelled', endedReason: 'transferred' });
    const [credit, charge] = d.charges;
    expect(credit).toMatchObject({ subscriptionId: s.id, type: 'credit' });
    expect(charge).toMatchObject({ subscriptionId: moved.id, type: 'purchase', periodStart: plus(T0, 40 * DAY) });
    // the source used 40 days (of 365) and the target pays the other 325
    expect(-credit.amount.amount).toBe(432_000 - Math.round((432_000 * 40) / 365));
    expect(charge.amount.amount).toBe(10 * Math.round((43_200 * 325) / 365));
    expect(d.holdingDeltas).toEqual([]);
    expect(d.events.map((e) => e.type)).toEqual(['subscription.transferred', 'subscription.created', 'transfer.completed', 'transfer.completed']);
    expect(d.events[1].partnerId).toBe(target.id);
    // each side's feed tells the transfer completed
    expect(d.events.slice(2).map((e) => e.partnerId)).toEqual([target.id, direct.id]);
  });

  it('R-TRA-3 add-ons move with their base when chosen; an add-on left behind keeps running with a warning (R-ADD-RATIO)', () => {
    const w = setup();
    const base = w.buy('microsoft-365-e3', 100);
    const cp = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 10, baseSubscriptionId: base.id }]), T0).created[0];
    const mg = w.run(orderOf([{ offerId: 'multi-geo-capabilities', quantity: 5, baseSubscriptionId: base.id }]), T0).created[0];
    const d = w.run(submit([base.id, cp.id]), LATER);
    expect(d.created.find((s) => s.id === `moved-${base.id}`)?.addOnSubscriptionIds).toEqual([`moved-${cp.id}`]);
    expect(d.created.find((s) => s.id === `moved-${cp.id}`)?.baseSubscriptionId).toBe(`moved-${base.id}`);
    expect(d.warnings).toEqual([expect.objectContaining({ code: 'ADDON_LEFT_BEHIND', subscriptionIds: [mg.id] })]);
    expect(d.events.some((e) => e.type === 'subscription.addon-ratio-warning')).toBe(true);
    expect(w.sub(mg.id).status).toBe('active');
  });

  it('R-TRA-3 refuses without an accepted relationship, for another partner\'s subscription, a trial, or a reseller target (TRANSFER_NOT_ALLOWED)', () => {
    const w = setup();
    const s = w.buy('microsoft-365-e3', 10);
    const noRel = new World(customer(), direct, [direct, target]);
    noRel.subs.set(s.id, s);
    expect(expectRefused(noRel.decide(submit([s.id]), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('NO_ACCEPTED_RELATIONSHIP');
    expect(expectRefused(w.decide(submit(['nope']), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('WRONG_PARTNER');
    const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    expect(expectRefused(w.decide(submit([t.id]), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('NOT_TRANSFERABLE');
    expect(expectRefused(w.decide(submit([s.id], { targetPartnerId: reseller.id }), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('TARGET_CANNOT_TRANSACT');
    expect(expectRefused(w.decide(submit([s.id], { targetPartnerId: direct.id }), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('SAME_PARTNER');
    expect(expectRefused(w.decide(submit([s.id], { targetPartnerId: 'ghost' }), LATER), 'TRANSFER_NOT_ALLOWED').reason).toBe('UNKNOWN_TARGET');
    expectRefused(w.decide(submit([s.id], { newSubscriptionIds: [] }), LATER), 'VALIDATION_FAILED');
  });

  it('R-REN-4 a partner-of-record change waits while a chosen subscription renews', () => {
    const w = setup();
    const s = w.buy('microsoft-365-e3', 10);
    w.subs.set(s.id, { ...s, renewalInProgress: true });
    expect(w.decide(submit([s.id]), LATER)).toEqual({ kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' });
  });

  it('R-ROLE-2 another partner cannot submit a transfer for a customer it does not see', () => {
    const w = new World(customer({ partnerId: 'partner-other' }), direct, [direct, target]);
    expectRefused(w.decide(submit(['x']), LATER), 'NOT_FOUND');
  });
});
