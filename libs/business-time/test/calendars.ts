import { BusinessCalendar, DEFAULT_BUSINESS_CALENDAR } from '../src';

export const BERLIN = DEFAULT_BUSINESS_CALENDAR;

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export function calendar(overrides: Partial<BusinessCalendar>): BusinessCalendar {
  return { ...DEFAULT_BUSINESS_CALENDAR, id: 'test', ...overrides };
}

export const NEW_YORK = calendar({
  timeZone: 'America/New_York',
  workingHours: { start: '08:00', end: '16:00' },
});
export const KOLKATA = calendar({
  timeZone: 'Asia/Kolkata',
  workingDays: [1, 2, 3, 4, 5, 6],
  workingHours: { start: '09:30', end: '18:30' },
});
export const AUCKLAND = calendar({
  timeZone: 'Pacific/Auckland',
  workingHours: { start: '08:30', end: '17:00' },
});
// Every day 01:00-05:00 Berlin time, so the DST changes at 02:00/03:00 fall inside a window.
export const BERLIN_NIGHTS = calendar({
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workingHours: { start: '01:00', end: '05:00' },
});
