import { addCalendarDays, calendarTimeBetween } from '../src';
import { BERLIN, NEW_YORK } from './calendars';

describe('addCalendarDays', () => {
  it.each([
    ['14 days, weekends and all', BERLIN, '2026-06-05T18:30+02:00', 14, '2026-06-19T18:30+02:00'],
    [
      '30 days over the March change keep the wall clock',
      BERLIN,
      '2026-03-20T10:00+01:00',
      30,
      '2026-04-19T10:00+02:00',
    ],
    [
      '14 days over the October change keep the wall clock',
      BERLIN,
      '2026-10-20T23:30+02:00',
      14,
      '2026-11-03T23:30+01:00',
    ],
    [
      '14 days in New York over its November change',
      NEW_YORK,
      '2026-10-25T12:00-04:00',
      14,
      '2026-11-08T12:00-05:00',
    ],
    ['zero days', BERLIN, '2026-06-05T18:30+02:00', 0, '2026-06-05T18:30+02:00'],
  ])('%s', (_case, calendar, start, days, due) => {
    expect(addCalendarDays(new Date(start), days, calendar).toISOString()).toBe(
      new Date(due).toISOString(),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses %p days', (days) => {
    expect(() => addCalendarDays(new Date('2026-06-01T00:00Z'), days, BERLIN)).toThrow(RangeError);
  });
});

describe('calendarTimeBetween', () => {
  const DAY = 86_400_000;
  it.each([
    ['a plain week', '2026-06-05T18:30+02:00', '2026-06-12T18:30+02:00', 7 * DAY],
    ['30 days over the March change', '2026-03-20T10:00+01:00', '2026-04-19T10:00+02:00', 30 * DAY],
    [
      '14 days over the October change',
      '2026-10-20T23:30+02:00',
      '2026-11-03T23:30+01:00',
      14 * DAY,
    ],
    ['the March night itself', '2026-03-29T00:00+01:00', '2026-03-29T04:00+02:00', 4 * 3_600_000],
    ['backwards', '2026-06-12T18:30+02:00', '2026-06-05T18:30+02:00', 0],
  ])('%s', (_case, from, to, ms) => {
    expect(calendarTimeBetween(new Date(from), new Date(to), BERLIN)).toBe(ms);
  });

  it('measures back what addCalendarDays added, in any zone', () => {
    const start = new Date('2026-10-25T12:00-04:00');
    expect(calendarTimeBetween(start, addCalendarDays(start, 14, NEW_YORK), NEW_YORK)).toBe(
      14 * DAY,
    );
  });
});
