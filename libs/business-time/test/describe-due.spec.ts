import { describeDue } from '../src';
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
