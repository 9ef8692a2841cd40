import { FixedClock, addIsoDuration } from './clock';
import { addDays, addDuration, addHours, dayAfter, isoDay, maxDate, minDate, startOfDay, subtractDuration, termEndDate } from './calendar';

describe('time', () => {
  it('FixedClock stands still, moves by milliseconds or ISO durations, and can be set', () => {
    const clock = new FixedClock('2026-11-25T10:00:00.000Z');
    const first = clock.now();
    first.setTime(0);
    expect(clock.now()).toEqual(new Date('2026-11-25T10:00:00.000Z'));
    clock.advance(1000);
    expect(clock.now()).toEqual(new Date('2026-11-25T10:00:01.000Z'));
    clock.advance('P8D');
    expect(clock.now()).toEqual(new Date('2026-12-03T10:00:01.000Z'));
    clock.advance('PT2M');
    expect(clock.now()).toEqual(new Date('2026-12-03T10:02:01.000Z'));
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now()).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(() => clock.advance('eight days')).toThrow(/ISO 8601/);
    expect(() => new FixedClock('not a date')).toThrow(/valid date/);
    expect(new FixedClock(new Date('2026-01-31T00:00:00Z')).now()).toEqual(new Date('2026-01-31T00:00:00Z'));
    expect(addIsoDuration(new Date('2026-01-31T00:00:00Z'), 'P1M')).toEqual(new Date('2026-02-28T00:00:00Z'));
  });

  it('R-REN-2 calendar helpers: UTC days, month clamping, inclusive term end, the day after', () => {
    expect(startOfDay(new Date('2026-11-25T23:59:59.999Z'))).toEqual(new Date('2026-11-25T00:00:00.000Z'));
    expect(addHours(new Date('2026-11-25T00:00:00Z'), 168)).toEqual(new Date('2026-12-02T00:00:00Z'));
    expect(addDays(new Date('2026-11-25T00:00:00Z'), 7)).toEqual(new Date('2026-12-02T00:00:00Z'));
    expect(addDuration(new Date('2026-01-31T00:00:00Z'), 'P1M', 3)).toEqual(new Date('2026-04-30T00:00:00Z'));
    expect(subtractDuration(new Date('2027-11-25T00:00:00Z'), 'P1M', 2)).toEqual(new Date('2027-09-25T00:00:00Z'));
    expect(termEndDate(new Date('2024-02-29T12:00:00Z'), 'P1Y')).toEqual(new Date('2025-02-27T00:00:00Z'));
    expect(dayAfter(new Date('2023-03-01T00:00:00Z'))).toEqual(new Date('2023-03-02T00:00:00Z'));
    expect(isoDay(new Date('2023-03-01T13:00:00Z'))).toBe('2023-03-01');
    const a = new Date(1);
    const b = new Date(2);
    expect([maxDate(a, b), maxDate(b, a), minDate(a, b), minDate(b, a)]).toEqual([b, b, a, a]);
  });
});
