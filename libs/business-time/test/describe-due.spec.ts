import { describeDue, dueBasisOf } from '../src';
import { BERLIN, KOLKATA } from './calendars';

describe('describeDue', () => {
  it.each([
    [
      '2026-06-01T17:00+02:00',
      '2026-06-02T17:00+02:00',
      BERLIN,
      'due in 1 business day, by Tue 17:00 Europe/Berlin',
    ],
    [
      '2026-06-05T18:30+02:00',
      '2026-06-08T17:00+02:00',
      BERLIN,
      'due in 1 business day, by Mon 17:00 Europe/Berlin',
    ],
    [
      '2026-06-01T10:00+02:00',
      '2026-06-02T17:00+02:00',
      BERLIN,
      'due in 1 business day, by Tue 17:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-04T09:00+02:00',
      BERLIN,
      'due in 3 business days, by Thu 09:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-01T12:00+02:00',
      BERLIN,
      'due in 3 business hours, by Mon 12:00 Europe/Berlin',
    ],
    [
      '2026-06-05T16:00+02:00',
      '2026-06-08T10:00+02:00',
      BERLIN,
      'due in 2 business hours, by Mon 10:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-01T10:59+02:00',
      BERLIN,
      'due in 1 business hour, by Mon 10:59 Europe/Berlin',
    ],
    [
      '2026-06-01T11:15+02:00',
      '2026-06-01T12:00+02:00',
      BERLIN,
      'due in 45 business minutes, by Mon 12:00 Europe/Berlin',
    ],
    [
      '2026-06-01T11:59:30+02:00',
      '2026-06-01T12:00+02:00',
      BERLIN,
      'due now, by Mon 12:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-15T17:00+02:00',
      BERLIN,
      'due in 11 business days, by Mon 15 Jun 17:00 Europe/Berlin',
    ],
    [
      '2026-12-21T09:00+01:00',
      '2027-01-05T17:00+01:00',
      BERLIN,
      'due in 12 business days, by Tue 5 Jan 2027 17:00 Europe/Berlin',
    ],
    [
      '2026-06-01T14:00+02:00',
      '2026-06-01T12:00+02:00',
      BERLIN,
      'overdue by 2 business hours (was due Mon 12:00 Europe/Berlin)',
    ],
    [
      '2026-06-08T10:00+02:00',
      '2026-06-05T12:00+02:00',
      BERLIN,
      'overdue by 6 business hours (was due Fri 12:00 Europe/Berlin)',
    ],
    [
      '2026-06-10T12:00+02:00',
      '2026-06-05T12:00+02:00',
      BERLIN,
      'overdue by 3 business days (was due Fri 12:00 Europe/Berlin)',
    ],
    [
      '2026-06-06T11:00+02:00',
      '2026-06-05T17:00+02:00',
      BERLIN,
      'overdue (was due Fri 17:00 Europe/Berlin)',
    ],
    [
      '2026-06-01T12:00+02:00',
      '2026-06-01T12:00+02:00',
      BERLIN,
      'overdue (was due Mon 12:00 Europe/Berlin)',
    ],
    [
      '2026-06-05T23:00Z',
      '2026-06-06T18:30+05:30',
      KOLKATA,
      'due in 1 business day, by Sat 18:30 Asia/Kolkata',
    ],
  ])('at %s, due %s', (now, due, cal, words) => {
    expect(describeDue(new Date(now), new Date(due), cal)).toBe(words);
  });
});

describe('describeDue in calendar time', () => {
  it.each([
    // Friday to Monday: 3 days of the week, though only 1 business day.
    [
      '2026-06-05T14:00+02:00',
      '2026-06-08T14:00+02:00',
      'due in 3 days, by Mon 14:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-02T09:00+02:00',
      'due in 1 day, by Tue 09:00 Europe/Berlin',
    ],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-02T08:59+02:00',
      'due in 23 hours, by Tue 08:59 Europe/Berlin',
    ],
    [
      '2026-06-01T20:00+02:00',
      '2026-06-01T21:00+02:00',
      'due in 1 hour, by Mon 21:00 Europe/Berlin',
    ],
    [
      '2026-06-01T11:15+02:00',
      '2026-06-01T12:00+02:00',
      'due in 45 minutes, by Mon 12:00 Europe/Berlin',
    ],
    ['2026-06-01T11:59:30+02:00', '2026-06-01T12:00+02:00', 'due now, by Mon 12:00 Europe/Berlin'],
    [
      '2026-06-01T09:00+02:00',
      '2026-06-15T17:00+02:00',
      'due in 14 days, by Mon 15 Jun 17:00 Europe/Berlin',
    ],
    [
      '2026-12-25T14:00+01:00',
      '2027-01-03T14:00+01:00',
      'due in 9 days, by Sun 3 Jan 2027 14:00 Europe/Berlin',
    ],
    // DST ends on 25 Oct 2026: 24.5 hours elapse, but the wall clock moves on 23.5.
    [
      '2026-10-24T12:00+02:00',
      '2026-10-25T11:30+01:00',
      'due in 23 hours, by Sun 11:30 Europe/Berlin',
    ],
    // DST starts on 29 Mar 2026: 23 hours elapse, a whole day on the wall clock.
    [
      '2026-03-28T12:00+01:00',
      '2026-03-29T12:00+02:00',
      'due in 1 day, by Sun 12:00 Europe/Berlin',
    ],
    [
      '2026-06-01T14:00+02:00',
      '2026-06-01T12:00+02:00',
      'overdue by 2 hours (was due Mon 12:00 Europe/Berlin)',
    ],
    // Over the weekend: 2 days overdue, though only 6 business hours.
    [
      '2026-06-08T10:00+02:00',
      '2026-06-05T12:00+02:00',
      'overdue by 2 days (was due Fri 12:00 Europe/Berlin)',
    ],
    [
      '2026-06-01T12:00:30+02:00',
      '2026-06-01T12:00+02:00',
      'overdue (was due Mon 12:00 Europe/Berlin)',
    ],
  ])('at %s, due %s', (now, due, words) => {
    expect(describeDue(new Date(now), new Date(due), BERLIN, 'calendar')).toBe(words);
  });

  it('words the same span in business days on the business basis, the default', () => {
    const [now, due] = [new Date('2026-06-05T14:00+02:00'), new Date('2026-06-08T14:00+02:00')];
    const business = 'due in 1 business day, by Mon 14:00 Europe/Berlin';
    expect(describeDue(now, due, BERLIN, 'business')).toBe(business);
    expect(describeDue(now, due, BERLIN)).toBe(business);
  });
});

describe('dueBasisOf', () => {
  it.each([
    ['calendar_days', 'calendar'],
    ['calendar_hours', 'calendar'],
    ['business_days', 'business'],
    ['business_hours', 'business'],
    [null, 'business'],
    [undefined, 'business'],
  ])('%s is counted in %s time', (unit, basis) => {
    expect(dueBasisOf(unit)).toBe(basis);
  });
});
