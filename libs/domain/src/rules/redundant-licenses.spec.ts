import { T0, World, orderOf } from '../testing/fixtures';

describe('R-UPG-9 redundant licenses', () => {
  it('flags the lower subscription when a higher offer containing it is bought, with the deadline two billing cycles after the higher licenses were first billed', () => {
    const w = new World();
    const lower = w.buy('ems-e5', 20);
    const d = w.run(orderOf([{ offerId: 'microsoft-365-e5', quantity: 20, billingFrequency: 'monthly' }]), T0);
    const flagged = d.updated.find((s) => s.id === lower.id);
    // first billed 2026-11-25 for the cycle ending 2026-12-25; two cycles end 2027-01-25
    expect(flagged?.redundantLicenses).toEqual({ deadline: new Date('2027-01-25T00:00:00.000Z'), higherSubscriptionId: d.created[0].id, higherOfferId: 'microsoft-365-e5' });
    expect(d.effects.join(' ')).toMatch(/redundant licenses/);
    expect(d.holdingDeltas).toEqual([{ offerId: 'microsoft-365-e5', licenses: 20, subscriptions: 1 }]);
  });

  it('annual billing: two annual cycles; offers not contained, trials and already flagged subscriptions are not flagged', () => {
    const w = new World();
    const lower = w.buy('windows-11-enterprise-e5', 5);
    w.buy('dynamics-365-team-members', 5);
    const d = w.run(orderOf([{ offerId: 'microsoft-365-e5', quantity: 5, termDuration: 'P3Y', billingFrequency: 'annual' }]), T0);
    expect(d.updated.map((s) => s.id)).toEqual([lower.id]);
    expect(d.updated[0].redundantLicenses?.deadline).toEqual(new Date('2028-11-25T00:00:00.000Z'));
    expect(w.run(orderOf([{ offerId: 'microsoft-365-e5', quantity: 5 }]), T0).updated).toEqual([]);
    const t = new World();
    t.buy('office-365-e3', 3);
    expect(t.run(orderOf([{ offerId: 'microsoft-365-e3-trial', quantity: 25, termDuration: 'P1M' }]), T0).updated).toEqual([]);
  });
});
