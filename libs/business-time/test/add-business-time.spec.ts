import { DateTime } from 'luxon';
import { addBusinessTime, businessDays } from '../src';
import {
  AUCKLAND,
  BERLIN,
  BERLIN_NIGHTS,
  calendar,
  HOUR,
  KOLKATA,
  MINUTE,
  NEW_YORK,
} from './calendars';

const MAY_DAY = calendar({ holidays: ['2026-05-01'] });
const MORNINGS = calendar({
  workingDays: [1, 2, 3, 4],
  workingHours: { start: '07:30', end: '12:15' },
});
const NIGHT_SHIFT = calendar({ workingHours: { start: '00:00', end: '08:00' } });

describe('addBusinessTime', () => {
  it.each([
    [
      'a Friday-evening filing, 1 business day',
      BERLIN,
      '2026-03-06T18:30+01:00',
      8 * HOUR,
      '2026-03-09T17:00+01:00',
    ],
    [
      'Friday afternoon into Monday morning',
      BERLIN,
      '2026-03-06T16:00+01:00',
      2 * HOUR,
      '2026-03-09T10:00+01:00',
    ],
    ['a start before opening', BERLIN, '2026-06-01T07:00+02:00', HOUR, '2026-06-01T10:00+02:00'],
    [
      'a start at Saturday midnight',
      BERLIN,
      '2026-06-06T00:00+02:00',
      HOUR,
      '2026-06-08T10:00+02:00',
    ],
    [
      'ending exactly at closing gives the closing time',
      BERLIN,
      '2026-06-01T09:00+02:00',
      8 * HOUR,
      '2026-06-01T17:00+02:00',
    ],
    [
      'a start exactly at closing',
      BERLIN,
      '2026-06-01T17:00+02:00',
      1,
      '2026-06-02T09:00:00.001+02:00',
    ],
    ['10 business days', BERLIN, '2026-06-01T09:00+02:00', 80 * HOUR, '2026-06-12T17:00+02:00'],
    ['over a holiday', MAY_DAY, '2026-04-30T15:00+02:00', 4 * HOUR, '2026-05-04T11:00+02:00'],
    [
      'over the March DST weekend',
      BERLIN,
      '2026-03-27T16:00+01:00',
      2 * HOUR,
      '2026-03-30T10:00+02:00',
    ],
    [
      'over the October DST weekend',
      BERLIN,
      '2026-10-23T16:00+02:00',
      2 * HOUR,
      '2026-10-26T10:00+01:00',
    ],
    [
      'inside the 23-hour March day',
      BERLIN_NIGHTS,
      '2026-03-29T01:00+01:00',
      2 * HOUR,
      '2026-03-29T04:00+02:00',
    ],
    [
      'inside the 25-hour October day',
      BERLIN_NIGHTS,
      '2026-10-25T01:00+02:00',
      4 * HOUR,
      '2026-10-25T04:00+01:00',
    ],
    [
      'the short March night is 3 hours long',
      BERLIN_NIGHTS,
      '2026-03-29T01:00+01:00',
      4 * HOUR,
      '2026-03-30T02:00+02:00',
    ],
    [
      'over the US DST weekend',
      NEW_YORK,
      '2026-03-06T15:00-05:00',
      3 * HOUR,
      '2026-03-09T10:00-04:00',
    ],
    [
      'over the US fall-back weekend',
      NEW_YORK,
      '2026-10-30T15:00-04:00',
      3 * HOUR,
      '2026-11-02T10:00-05:00',
    ],
    [
      'a night shift from midnight',
      NIGHT_SHIFT,
      '2026-06-02T00:00+02:00',
      HOUR,
      '2026-06-02T01:00+02:00',
    ],
    [
      'a night shift ending at 08:00',
      NIGHT_SHIFT,
      '2026-06-01T07:30+02:00',
      HOUR,
      '2026-06-02T00:30+02:00',
    ],
    [
      'working hours that are not 9-17',
      MORNINGS,
      '2026-06-04T12:00+02:00',
      HOUR,
      '2026-06-08T08:15+02:00',
    ],
    [
      'Kolkata on a Saturday after midnight',
      KOLKATA,
      '2026-06-05T20:00Z',
      2 * HOUR,
      '2026-06-06T11:30+05:30',
    ],
    [
      'Kolkata Saturday evening to Monday',
      KOLKATA,
      '2026-06-06T18:00+05:30',
      HOUR + 30 * MINUTE,
      '2026-06-08T10:30+05:30',
    ],
    [
      'Auckland over its April DST end',
      AUCKLAND,
      '2026-04-03T16:00+13:00',
      2 * HOUR,
      '2026-04-06T09:30+12:00',
    ],
    [
      'Auckland over its September DST start',
      AUCKLAND,
      '2026-09-25T16:30+12:00',
      HOUR,
      '2026-09-28T09:00+13:00',
    ],
  ])('%s', (_case, cal, start, duration, due) => {
    expect(addBusinessTime(new Date(start), duration, cal).toISOString()).toBe(
      new Date(due).toISOString(),
    );
  });

  it('gives the start back for a zero duration', () => {
    const start = new Date('2026-06-06T12:00Z');
    expect(addBusinessTime(start, 0, BERLIN)).toEqual(start);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a duration of %p', (duration) => {
    expect(() => addBusinessTime(new Date('2026-06-01T09:00Z'), duration, BERLIN)).toThrow(
      RangeError,
    );
  });

  it('refuses an unknown time zone rather than guessing one', () => {
    const mars = calendar({ timeZone: 'Mars/Olympus_Mons' });
    expect(() => addBusinessTime(new Date('2026-06-01T09:00Z'), HOUR, mars)).toThrow(/time zone/);
  });

  it('counts the SPEC defaults in business days of the calendar', () => {
    expect(businessDays(3, BERLIN)).toBe(24 * HOUR);
    expect(businessDays(1, KOLKATA)).toBe(9 * HOUR);
  });

  it('adds 20 years of business time (5,217 weekdays) a week at a time, not a day at a time', () => {
    const wallClockLookups = jest.spyOn(DateTime, 'fromObject');
    try {
      const due = addBusinessTime(new Date('2026-01-01T00:00+01:00'), 5_217 * 8 * HOUR, BERLIN);
      expect(due.toISOString()).toBe(new Date('2045-12-29T17:00+01:00').toISOString());
      expect(wallClockLookups.mock.calls.length).toBeLessThan(1_000);
    } finally {
      wallClockLookups.mockRestore();
    }
  });
});

describe('addBusinessTime with working hours that a DST change skips', () => {
  it('opens a window that starts in the March gap later by the gap, as Temporal does', () => {
    const earlyShift = calendar({
      workingDays: [7],
      workingHours: { start: '02:30', end: '06:00' },
    });
    expect(
      addBusinessTime(new Date('2026-03-29T00:00+01:00'), 30 * MINUTE, earlyShift).toISOString(),
    ).toBe(new Date('2026-03-29T04:00+02:00').toISOString());
  });

  it('moves a window wholly inside the gap past it, keeping its length', () => {
    const gapOnly = calendar({
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: '02:10', end: '02:50' },
    });
    expect(
      addBusinessTime(new Date('2026-03-29T00:00+01:00'), 10 * MINUTE, gapOnly).toISOString(),
    ).toBe(new Date('2026-03-29T03:20+02:00').toISOString());
  });

  it('has no working time on a day whose moved opening passes its closing', () => {
    const shortShift = calendar({
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: '02:30', end: '03:15' },
    });
    expect(
      addBusinessTime(new Date('2026-03-29T00:00+01:00'), 10 * MINUTE, shortShift).toISOString(),
    ).toBe(new Date('2026-03-30T02:40+02:00').toISOString());
  });
});
