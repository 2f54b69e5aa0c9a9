import { businessTimeBetween } from '../src';
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

const CHRISTMAS = calendar({ holidays: ['2026-12-24', '2026-12-25'] });

describe('businessTimeBetween', () => {
  it.each([
    [
      'a pause over a weekend',
      BERLIN,
      '2026-06-05T15:00+02:00',
      '2026-06-08T11:00+02:00',
      4 * HOUR,
    ],
    [
      'a pause wholly inside a weekend',
      BERLIN,
      '2026-06-06T10:00+02:00',
      '2026-06-07T16:00+02:00',
      0,
    ],
    ['a pause across a night', BERLIN, '2026-06-01T16:30+02:00', '2026-06-02T09:30+02:00', HOUR],
    [
      'from midnight to midnight',
      BERLIN,
      '2026-06-01T00:00+02:00',
      '2026-06-02T00:00+02:00',
      8 * HOUR,
    ],
    [
      'holidays are not business time',
      CHRISTMAS,
      '2026-12-23T12:00+01:00',
      '2026-12-28T12:00+01:00',
      8 * HOUR,
    ],
    [
      'the March DST day is an hour shorter at night',
      BERLIN_NIGHTS,
      '2026-03-29T00:00+01:00',
      '2026-03-30T00:00+02:00',
      3 * HOUR,
    ],
    [
      'the October DST day is an hour longer at night',
      BERLIN_NIGHTS,
      '2026-10-25T00:00+02:00',
      '2026-10-26T00:00+01:00',
      5 * HOUR,
    ],
    [
      'a Berlin week across the March change',
      BERLIN,
      '2026-03-23T00:00+01:00',
      '2026-03-30T00:00+02:00',
      40 * HOUR,
    ],
    [
      'a New York week across its March change',
      NEW_YORK,
      '2026-03-02T12:00-05:00',
      '2026-03-09T12:00-04:00',
      40 * HOUR,
    ],
    [
      'Kolkata counts Saturdays',
      KOLKATA,
      '2026-06-05T18:00+05:30',
      '2026-06-08T09:45+05:30',
      9 * HOUR + 45 * MINUTE,
    ],
    [
      'Auckland across its April change',
      AUCKLAND,
      '2026-04-03T16:00+13:00',
      '2026-04-06T09:30+12:00',
      2 * HOUR,
    ],
    [
      'the year 2026 in Berlin, 261 weekdays',
      BERLIN,
      '2026-01-01T00:00+01:00',
      '2027-01-01T00:00+01:00',
      261 * 8 * HOUR,
    ],
    [
      'the year 2026 less two holidays',
      CHRISTMAS,
      '2026-01-01T00:00+01:00',
      '2027-01-01T00:00+01:00',
      259 * 8 * HOUR,
    ],
  ])('%s', (_case, cal, from, to, expected) => {
    expect(businessTimeBetween(new Date(from), new Date(to), cal)).toBe(expected);
  });

  it('is zero when the end is not after the start', () => {
    const monday = new Date('2026-06-01T10:00+02:00');
    expect(businessTimeBetween(monday, monday, BERLIN)).toBe(0);
    expect(businessTimeBetween(monday, new Date('2026-06-01T09:30+02:00'), BERLIN)).toBe(0);
  });
});
