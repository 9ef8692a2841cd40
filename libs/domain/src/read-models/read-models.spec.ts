import { exportRows, neutralizeFormula, toCsv } from './subscription-export';
import { historyEntry } from './history';
import { refundableQuantity } from './refundable-quantity';
import { DomainError } from '../errors/domain-error';
import { DAY, HOUR, T0, World, cmdFor, orderOf, plus } from '../testing/fixtures';

describe('read models', () => {
  it('R-QTY-4 shows the reducible total and per lot the quantity and the moment until which it may be reduced', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    w.run(cmdFor('update-subscription', s.id, { quantity: 13 }), plus(T0, 3 * DAY));
    expect(refundableQuantity(w.sub(s.id), plus(T0, 4 * DAY))).toEqual({
      total: 13, lots: [{ quantity: 10, allowedUntil: plus(T0, 168 * HOUR) }, { quantity: 3, allowedUntil: plus(T0, 3 * DAY + 168 * HOUR) }],
    });
    expect(refundableQuantity(w.sub(s.id), plus(T0, 168 * HOUR))).toEqual({ total: 3, lots: [{ quantity: 3, allowedUntil: plus(T0, 3 * DAY + 168 * HOUR) }] });
    const none = refundableQuantity(w.sub(s.id), plus(T0, 11 * DAY));
    expect(none.total).toBe(0);
    expect(none.lots).toEqual([]);
    expect(none.message).toMatch(/No licenses can be reduced/);
    w.run(cmdFor('suspend-subscription', s.id), plus(T0, DAY));
    expect(refundableQuantity(w.sub(s.id), plus(T0, DAY)).total).toBe(0);
  });

  describe('R-EXP-1 CSV export', () => {
    it('exports id, name, friendly name, quantity, status with auto-renew and renewal date, billing cycle, promotion or none, reseller', () => {
      const w = new World();
      const a = w.buy('microsoft-365-e3', 10, T0, { promotionId: 'promo-1' });
      const b = w.buy('office-365-e1', 5);
      w.run(cmdFor('update-subscription', b.id, { autoRenewEnabled: false }), T0);
      const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
      const rows = exportRows([w.sub(a.id), w.sub(b.id), w.sub(t.id)]);
      expect(rows[0]).toEqual({ subscriptionId: a.id, name: 'Microsoft 365 E3', friendlyName: 'Microsoft 365 E3', quantity: 10, status: 'active; auto-renew on; renews 2027-11-25', billingCycle: 'P1Y monthly', promotion: 'promo-1', reseller: '' });
      expect(rows[1]).toMatchObject({ status: 'active; auto-renew off; ends 2027-11-24', promotion: 'none' });
      expect(rows[2].status).toBe('active; auto-renew on; trial ends 2026-12-24');
      w.run(cmdFor('cancel-subscription', a.id), plus(T0, HOUR));
      expect(exportRows([w.sub(a.id)])[0].status).toBe('cancelled');
    });
    it('escapes per RFC 4180 and neutralizes spreadsheet formulas', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 10);
      w.run(cmdFor('update-subscription', s.id, { friendlyName: '=HYPERLINK("http://evil","x"), "quoted"\nline' }), T0);
      const csv = toCsv(exportRows([w.sub(s.id)]));
      const [header, row] = csv.split('\r\n');
      expect(header).toBe('Subscription ID,Name,Friendly name,Quantity,Status,Billing cycle,Promotion,Reseller');
      expect(row).toBe(`${s.id},Microsoft 365 E3,"'=HYPERLINK(""http://evil"",""x""), ""quoted""\nline",10,active; auto-renew on; renews 2027-11-25,P1Y monthly,none,`);
      expect(csv).toContain('line",10,active; auto-renew on; renews 2027-11-25,P1Y monthly,none,\r\n');
      for (const bad of ['+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeFormula(bad)).toBe(`'${bad}`);
      expect(neutralizeFormula('safe')).toBe('safe');
    });
    it('neutralizes formulas behind what spreadsheets skip: NUL, spaces, LF, NBSP, fullwidth forms (R-EXP-1, issue 15 item 8, OWASP)', () => {
      const hidden = ['\0=1+1', ' =1+1', '  @SUM(A1)', '\n=1', '\u00a0+1', '\u3000-1', '\u200b=1', '\ufeff=1', '\uff1d1+1', '\uff0b1', '\uff0d1', '\uff20SUM(A1)', '\ufe661', ' \uff1d1'];
      for (const bad of hidden) expect(neutralizeFormula(bad)).toBe(`'${bad}`);
      for (const safe of ['Sales team', ' Sales', 'a=b', '100', 'x-1', '\u00a0Sales']) expect(neutralizeFormula(safe)).toBe(safe);
    });
    it('exports the reseller id', () => {
      const w = new World();
      const s = w.buy('microsoft-365-e3', 1);
      expect(exportRows([{ ...s, resellerId: 'partner-reseller' }])[0].reseller).toBe('partner-reseller');
    });
  });

  it('R-AUD-1 records accepted, applied, deferred, refused and failed commands with actor, time, input and outcome', () => {
    const w = new World();
    const cmd = orderOf([{ offerId: 'microsoft-365-e3', quantity: 1 }]);
    expect(historyEntry(cmd, 'user-1', T0, 'accepted')).toEqual({ at: T0, actor: 'user-1', commandId: cmd.commandId, type: 'place-order', outcome: 'accepted', details: { input: cmd } });
    const applied = historyEntry(cmd, 'user-1', T0, w.decide(cmd, T0));
    expect(applied).toMatchObject({ outcome: 'applied', details: { input: cmd, result: { orderId: cmd.orderId } } });
    const refused = historyEntry(cmd, 'user-1', T0, w.decide({ ...cmd, attestationAccepted: false }, T0));
    expect(refused).toMatchObject({ outcome: 'refused', details: { error: { code: 'ATTESTATION_REQUIRED' } } });
    expect(historyEntry(cmd, 'user-1', T0, { kind: 'deferred', reason: 'RENEWAL_IN_PROGRESS' })).toMatchObject({ outcome: 'deferred', details: { reason: 'RENEWAL_IN_PROGRESS' } });
    const e = new DomainError('RENEWAL_CONFLICT_TIMEOUT', 'too long');
    expect(historyEntry(cmd, 'system', T0, 'failed', e)).toMatchObject({ actor: 'system', outcome: 'failed', details: { error: { code: 'RENEWAL_CONFLICT_TIMEOUT' } } });
  });
});
