// What moving the clock must have done to a subscription, counted from the rules (rules.md, api.md
// "Events and webhooks") and the facts its read model showed when it was bought: written here
// without the product's code, so that the scale spec checks the product against the rulebook.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A subscription as GET …/subscriptions/{id} showed it just after it was bought (and auto-renew set). */
export interface BoughtSubscription {
  id: string;
  isTrial: boolean;
  autoRenewEnabled: boolean;
  billingFrequency: string;
  termEndDate: string;
  trialEndDate?: string;
  refundableQuantity: { lots: { allowedUntil: string }[] };
}

/** Counts per "<subscription id> <event type>" and "<subscription id> charge:<type>". */
export type Counts = Map<string, number>;

/** UTC calendar months after `at` (the spec buys on days 1–19, so no month end clamps). */
function plusMonths(at: number, months: number): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * What happens to `s` by `end`, with renewals completing `renewalMs` after they start. Annual
 * terms only (the new term of a renewal ends a year later, past any `end` the spec uses).
 */
export function expectedWork(s: BoughtSubscription, end: number, renewalMs: number, into: Counts): void {
  const add = (key: string, at: number) => {
    if (at <= end) into.set(`${s.id} ${key}`, (into.get(`${s.id} ${key}`) ?? 0) + 1);
  };
  // R-TRI-1: a trial with auto-renew off expires at the end of its last day; trial-ending 7 and 1 day before.
  if (s.isTrial) {
    const trialEnd = new Date(s.trialEndDate as string).getTime() + DAY;
    for (const days of [7, 1]) add('subscription.trial-ending', trialEnd - days * DAY);
    if (!s.autoRenewEnabled) add('subscription.expired', trialEnd);
    else throw new Error('the scale spec buys trials with auto-renew off only');
    return; // R-TRI-3: no reduction window of a trial closes
  }
  // The purchase's 7-day window closes: a reminder 24 hours before.
  for (const lot of s.refundableQuantity.lots) add('subscription.reduction-window-closing', new Date(lot.allowedUntil).getTime() - 24 * HOUR);
  // R-REN-2: the term ends at the start of the day after termEndDate.
  const termEnd = new Date(s.termEndDate).getTime() + DAY;
  // Monthly billing: a cycle charge at each monthly cycle end, counted back from the term end (R-REN-5).
  const cycleEnds = (termEndExcl: number) => (s.billingFrequency === 'monthly' ? Array.from({ length: 11 }, (_, k) => plusMonths(termEndExcl, -(k + 1))) : []);
  for (const at of cycleEnds(termEnd)) add('charge:cycle', at);
  if (!s.autoRenewEnabled) {
    add('subscription.expired', termEnd); // R-REN-6
    return;
  }
  for (const days of [30, 7]) add('subscription.renewal-upcoming', termEnd - days * DAY);
  add('subscription.renewal-started', termEnd);
  // R-REN-3: completes later, charges the new term, and opens a new 7-day window (closing reminder 24 h before it ends).
  const completed = termEnd + renewalMs;
  add('subscription.renewed', completed);
  add('charge:renewal', completed);
  add('subscription.reduction-window-closing', completed + 7 * DAY - 24 * HOUR);
  for (const at of cycleEnds(plusMonths(termEnd, 12))) add('charge:cycle', at);
  for (const days of [30, 7]) add('subscription.renewal-upcoming', plusMonths(termEnd, 12) - days * DAY);
}

/** Keys of `expected` and `actual` whose counts differ, with both counts (empty when they agree). */
export function differences(expected: Counts, actual: Counts, limit = 20): string[] {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  return [...keys].filter((key) => (expected.get(key) ?? 0) !== (actual.get(key) ?? 0)).slice(0, limit).map((key) => `${key}: expected ${expected.get(key) ?? 0}, got ${actual.get(key) ?? 0}`);
}
