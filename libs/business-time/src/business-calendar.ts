export interface BusinessCalendar {
  id: string;
  timeZone: string;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  workingDays: number[];
  /** Local wall-clock times, 'HH:mm', end after start on the same day. */
  workingHours: { start: string; end: string };
  /** 'YYYY-MM-DD' in the calendar's time zone. */
  holidays: string[];
}

// SPEC §4 gives the SLA defaults in business days but names no calendar; this is the one they run on.
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
  id: 'default',
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  holidays: [],
});
