import { decide, decisionReadsCustomerSubscriptions } from '../decide';
import { DEFAULT_POLICY } from '../model/policy';
import { nextDueWork } from '../read-models/next-due-work';
import { DAY, T0, World, cmdFor, ctx, orderOf, plus } from '../testing/fixtures';

// The worker loads a customer's subscriptions only for a decision that reads them: a renewal's
// completion reads them only to name add-ons it leaves out of ratio (R-ADD-RATIO), a trial's end only to
// find the subscription a scheduled conversion goes into (R-TRI-6). Deciding without them must then decide the same.
describe('which decisions read the customer subscriptions', () => {
  function renewing(w: World, id: string) {
    const start = nextDueWork(w.sub(id), DEFAULT_POLICY)?.at as Date;
    w.run(cmdFor('start-renewal', id), start);
    return plus(start, DEFAULT_POLICY.renewalProcessingMs);
  }

  it('R-REN-3 completing a renewal with no add-on out of ratio reads none, and decides the same without them', () => {
    const w = new World();
    const base = w.buy('microsoft-365-e3', 10, T0, { billingFrequency: 'annual' });
    w.buy('office-365-e1', 5);
    const completes = renewing(w, base.id);
    const command = cmdFor('complete-renewal', base.id);
    expect(decisionReadsCustomerSubscriptions(command, w.cust, w.sub(base.id), ctx(completes))).toBe(false);
    const withAll = decide(w.input(command), ctx(completes));
    expect(decide({ ...w.input(command), subscriptions: [] }, ctx(completes))).toEqual(withAll);
  });

  it('R-ADD-RATIO completing the renewal of a base whose add-on is out of ratio reads them, to name the add-on', () => {
    const w = new World();
    const base = w.buy('microsoft-365-e3', 100, T0, { billingFrequency: 'annual' });
    const second = w.buy('office-365-e3', 50);
    const addOn = w.run(orderOf([{ offerId: 'microsoft-365-copilot', quantity: 120 }]), T0).created[0];
    w.run(cmdFor('cancel-subscription', second.id), plus(T0, DAY));
    const completes = renewing(w, base.id);
    const command = cmdFor('complete-renewal', base.id);
    expect(decisionReadsCustomerSubscriptions(command, w.cust, w.sub(base.id), ctx(completes))).toBe(true);
    const d = decide(w.input(command), ctx(completes));
    expect(d.kind === 'accepted' && d.warnings).toEqual([expect.objectContaining({ code: 'ADDON_RATIO', subscriptionIds: [addOn.id] })]);
  });

  it('R-TRI-1 ending a trial without a conversion into another subscription reads none; other commands still do', () => {
    const w = new World();
    const trial = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    const ends = nextDueWork(trial, DEFAULT_POLICY)?.at as Date;
    const command = cmdFor('end-trial', trial.id);
    expect(decisionReadsCustomerSubscriptions(command, w.cust, w.sub(trial.id), ctx(ends))).toBe(false);
    expect(decide({ ...w.input(command), subscriptions: [] }, ctx(ends))).toEqual(decide(w.input(command), ctx(ends)));
    expect(decisionReadsCustomerSubscriptions(cmdFor('cancel-subscription', trial.id), w.cust, w.sub(trial.id), ctx(T0))).toBe(true);
    expect(decisionReadsCustomerSubscriptions(cmdFor('update-subscription', trial.id), w.cust, w.sub(trial.id), ctx(T0))).toBe(false);
  });
});
