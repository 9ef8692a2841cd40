import { stringify } from 'csv-stringify/sync';
import { termEndExclusive } from '../billing/billing-cycle';
import type { Subscription } from '../model/subscription';
import { isoDay } from '../time/calendar';

export interface ExportRow {
  subscriptionId: string;
  name: string;
  friendlyName: string;
  quantity: number;
  status: string;
  billingCycle: string;
  promotion: string;
  reseller: string;
}

export const EXPORT_COLUMNS: readonly { key: keyof ExportRow; header: string }[] = [
  { key: 'subscriptionId', header: 'Subscription ID' },
  { key: 'name', header: 'Name' },
  { key: 'friendlyName', header: 'Friendly name' },
  { key: 'quantity', header: 'Quantity' },
  { key: 'status', header: 'Status' },
  { key: 'billingCycle', header: 'Billing cycle' },
  { key: 'promotion', header: 'Promotion' },
  { key: 'reseller', header: 'Reseller' },
];

/** R-EXP-1: one row per subscription; the status carries auto-renew and the renewal date where there is one. */
export function exportRows(subscriptions: readonly Subscription[]): ExportRow[] {
  return subscriptions.map((s) => ({
    subscriptionId: s.id,
    name: s.offerName,
    friendlyName: s.friendlyName,
    quantity: s.quantity,
    status: statusText(s),
    billingCycle: `${s.termDuration} ${s.billingFrequency}`,
    promotion: s.promotionId ?? 'none',
    reseller: s.resellerId ?? '',
  }));
}

function statusText(s: Subscription): string {
  if (s.status !== 'active' && s.status !== 'suspended') return s.status;
  const renews = s.autoRenewEnabled && s.status === 'active' && !s.pendingCancellation;
  const when = s.isTrial ? `trial ends ${isoDay(s.trialEndDate as Date)}` : renews ? `renews ${isoDay(termEndExclusive(s))}` : `ends ${isoDay(s.termEndDate)}`;
  return `${s.status}; auto-renew ${s.autoRenewEnabled ? 'on' : 'off'}; ${when}`;
}

/** Spreadsheets run cells starting with these as formulas; a leading apostrophe makes them text (OWASP). */
const FORMULA_START = /^[=+\-@]/;
/** Cells starting with these are refused or mangled by spreadsheets whatever follows (OWASP lists tab and CR). */
const CONTROL_START = /^[\t\r]/;
/** What spreadsheets skip before a formula: whitespace (NBSP, ideographic space, LF...), control and zero-width characters. */
const SKIPPED_LEADING = /^[\s\p{Cc}\p{Cf}]+/u;

/**
 * A cell is a formula when it starts with = + - @ once what a spreadsheet skips is gone and
 * fullwidth or small forms (＝, ＋, ﹦) are read as their ASCII twins (NFKC), as Excel and
 * LibreOffice read them.
 */
export function neutralizeFormula(value: string): string {
  const visible = value.normalize('NFKC').replace(SKIPPED_LEADING, '');
  return CONTROL_START.test(value) || FORMULA_START.test(visible) ? `'${value}` : value;
}

/** R-EXP-1: RFC 4180 CSV (CRLF, quotes doubled, fields with separators quoted), formula injection neutralized. */
export function toCsv(rows: readonly ExportRow[]): string {
  const records = rows.map((r) => EXPORT_COLUMNS.map((c) => neutralizeFormula(String(r[c.key]))));
  return stringify([EXPORT_COLUMNS.map((c) => c.header), ...records], { record_delimiter: '\r\n' });
}
