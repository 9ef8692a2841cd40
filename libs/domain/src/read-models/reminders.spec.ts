import { nextReminderAt, remindersDue, upcomingReminders } from './reminders';
import { DAY, HOUR, T0, World, cmdFor, plus } from '../testing/fixtures';

describe('reminders (api.md events)', () => {
  it('R-REN-1 renewal upcoming 30 and 7 days before the renewal; a reduction window closing 24 h before it closes', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    expect(upcomingReminders(s, T0).map((r) => [r.type, r.at.toISOString()])).toEqual([
      ['subscription.reduction-window-closing', plus(T0, 144 * HOUR).toISOString()],
      ['subscription.renewal-upcoming', '2027-10-26T00:00:00.000Z'],
      ['subscription.renewal-upcoming', '2027-11-18T00:00:00.000Z'],
    ]);
    expect(upcomingReminders(s, plus(T0, 145 * HOUR))).toHaveLength(2);
    w.run(cmdFor('update-subscription', s.id, { autoRenewEnabled: false }), T0);
    expect(upcomingReminders(w.sub(s.id), plus(T0, 8 * DAY))).toEqual([]);
    w.run(cmdFor('suspend-subscription', s.id), T0);
    expect(upcomingReminders(w.sub(s.id), T0)).toEqual([]);
  });

  it('R-TRI-1 trial ending 7 days and 1 day before the trial ends; R-TRI-3 no reduction window closing for a trial', () => {
    const w = new World();
    const t = w.buy('microsoft-365-e3-trial', 25, T0, { termDuration: 'P1M' });
    expect(upcomingReminders(t, T0).map((r) => [r.type, r.at.toISOString()])).toEqual([
      ['subscription.trial-ending', '2026-12-18T00:00:00.000Z'], ['subscription.trial-ending', '2026-12-24T00:00:00.000Z'],
    ]);
  });

  it('R-REN-1 sends each reminder once: those due after remindedThrough and by now; the next one is indexed', () => {
    const w = new World();
    const s = w.buy('microsoft-365-e3', 10);
    const closing = plus(T0, 144 * HOUR);
    expect(nextReminderAt(s)).toEqual(closing);
    expect(remindersDue(s, plus(closing, -1))).toEqual([]);
    const due = remindersDue(s, closing);
    expect(due.map((r) => r.type)).toEqual(['subscription.reduction-window-closing']);
    const sent = { ...s, remindedThrough: closing };
    expect(remindersDue(sent, plus(closing, DAY))).toEqual([]);
    expect(nextReminderAt(sent)?.toISOString()).toBe('2027-10-26T00:00:00.000Z');
    expect(remindersDue(sent, new Date('2027-12-01T00:00:00Z')).map((r) => r.data.daysLeft)).toEqual([30, 7]);
    expect(new Set([...due, ...remindersDue(sent, new Date('2027-12-01T00:00:00Z'))].map((r) => r.key)).size).toBe(3);
  });
});
