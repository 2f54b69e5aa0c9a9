import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';

/**
 * `days` calendar days after `start` at the same wall-clock time in the calendar's zone, for the
 * SLAs that SPEC §4 counts in calendar days (RMA receipt, case resolution); a DST change between
 * keeps the wall-clock time rather than adding 24-hour days.
 */
export function addCalendarDays(start: Date, days: number, calendar: BusinessCalendar): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`calendar days are a whole number >= 0, got ${days}`);
  }
  const local = DateTime.fromJSDate(start, { zone: calendar.timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone '${calendar.timeZone}'`);
  return local.plus({ days }).toJSDate();
}
