import { DateTime, IANAZone } from 'luxon';
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

/**
 * Wall-clock time from `from` to `to` in the calendar's zone, in ms: the elapsed time plus the
 * change of UTC offset, so a calendar day across a DST change measures 24 hours, as
 * addCalendarDays counts it; 0 when `to` is not after `from`.
 */
export function calendarTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  const zone = IANAZone.create(calendar.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone '${calendar.timeZone}'`);
  const offsetChangeMs = (zone.offset(to.getTime()) - zone.offset(from.getTime())) * 60_000;
  return Math.max(0, to.getTime() - from.getTime() + offsetChangeMs);
}
