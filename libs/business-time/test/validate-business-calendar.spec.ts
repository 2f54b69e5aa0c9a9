import { DEFAULT_BUSINESS_CALENDAR, validateBusinessCalendar } from '../src';

const valid = {
  id: 'de-retail',
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '08:30', end: '18:00' },
  holidays: ['2026-12-25', '2026-12-26'],
};

describe('validateBusinessCalendar', () => {
  it('accepts a well-formed calendar and the default', () => {
    expect(validateBusinessCalendar(valid)).toEqual([]);
    expect(validateBusinessCalendar(DEFAULT_BUSINESS_CALENDAR)).toEqual([]);
  });

  it.each([
    ['not an object', null, 'a business calendar is an object'],
    ['no id', { ...valid, id: ' ' }, 'id must be a non-empty string'],
    [
      'an unknown zone',
      { ...valid, timeZone: 'Mars/Olympus_Mons' },
      "timeZone 'Mars/Olympus_Mons' is not a known IANA time zone",
    ],
    ['an offset for a zone', { ...valid, timeZone: 42 }, 'timeZone must be an IANA time zone name'],
    [
      'no working days',
      { ...valid, workingDays: [] },
      'workingDays must list at least one ISO weekday (1 = Monday .. 7 = Sunday)',
    ],
    ['a weekday 0', { ...valid, workingDays: [0, 1] }, 'workingDays: 0 is not an ISO weekday 1..7'],
    ['a weekday 8', { ...valid, workingDays: [1, 8] }, 'workingDays: 8 is not an ISO weekday 1..7'],
    ['a duplicate weekday', { ...valid, workingDays: [1, 2, 2] }, 'workingDays: 2 is listed twice'],
    [
      'a bad opening',
      { ...valid, workingHours: { start: '9:00', end: '17:00' } },
      'workingHours.start "9:00" is not HH:mm',
    ],
    [
      'a closing at 24:00',
      { ...valid, workingHours: { start: '09:00', end: '24:00' } },
      'workingHours.end "24:00" is not HH:mm',
    ],
    [
      'a closing before opening',
      { ...valid, workingHours: { start: '17:00', end: '09:00' } },
      'workingHours.end 09:00 must be after workingHours.start 17:00',
    ],
    [
      'no time open',
      { ...valid, workingHours: { start: '09:00', end: '09:00' } },
      'workingHours.end 09:00 must be after workingHours.start 09:00',
    ],
    [
      'no working hours',
      { ...valid, workingHours: undefined },
      'workingHours must have a start and an end, HH:mm',
    ],
    [
      'a 30th of February',
      { ...valid, holidays: ['2026-02-30'] },
      'holidays: "2026-02-30" is not a date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
    ],
    [
      'a date before 1900',
      { ...valid, holidays: ['1899-12-25'] },
      'holidays: "1899-12-25" is not a date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
    ],
    [
      'a date after 2199',
      { ...valid, holidays: ['2200-01-01'] },
      'holidays: "2200-01-01" is not a date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
    ],
    [
      'a date with a time',
      { ...valid, holidays: ['2026-12-25T00:00'] },
      'holidays: "2026-12-25T00:00" is not a date YYYY-MM-DD between 1900-01-01 and 2199-12-31',
    ],
    [
      'a duplicate holiday',
      { ...valid, holidays: ['2026-12-25', '2026-12-25'] },
      'holidays: 2026-12-25 is listed twice',
    ],
    [
      'holidays not a list',
      { ...valid, holidays: '2026-12-25' },
      'holidays must be a list of dates, YYYY-MM-DD',
    ],
  ])('names %s', (_case, input, message) => {
    expect(validateBusinessCalendar(input)).toEqual([message]);
  });

  it('reports every problem at once', () => {
    const errors = validateBusinessCalendar({ ...valid, timeZone: 'Nowhere', workingDays: [9] });
    expect(errors).toHaveLength(2);
  });
});
