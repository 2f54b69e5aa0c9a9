import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { businessDayMs, businessTimeBetween } from './business-time';
import { calendarTimeBetween } from './calendar-days';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Within this many days the weekday alone names the due day; further out the date is added.
const WEEKDAY_ONLY_WITHIN_DAYS = 6;

/** What the time left is counted in: business time on the calendar, or wall-clock calendar time. */
export type DueBasis = 'business' | 'calendar';

/**
 * The basis an SLA target unit is counted in: 'calendar_days' and 'calendar_hours' in calendar time,
 * any other unit, or none (a record from before the unit was kept), in business time.
 */
export function dueBasisOf(unit: string | null | undefined): DueBasis {
  return unit?.startsWith('calendar_') ? 'calendar' : 'business';
}

/**
 * The time left (or overdue) in words: "due in 1 business day, by Tue 17:00 Europe/Berlin" in
 * business time, or "due in 9 days, by Fri 3 Jan 14:00 Europe/Berlin" in calendar time (for the
 * SLAs whose target is in calendar units). The count is whole units rounded down, in the largest
 * unit that reaches 1.
 */
export function describeDue(
  now: Date,
  due: Date,
  calendar: BusinessCalendar,
  basis: DueBasis = 'business',
): string {
  const dueText = formatDue(now, due, calendar);
  if (due.getTime() > now.getTime()) {
    const left = amount(now, due, calendar, basis);
    return left ? `due in ${left}, by ${dueText}` : `due now, by ${dueText}`;
  }
  const over = amount(due, now, calendar, basis);
  return over ? `overdue by ${over} (was due ${dueText})` : `overdue (was due ${dueText})`;
}

function amount(
  from: Date,
  to: Date,
  calendar: BusinessCalendar,
  basis: DueBasis,
): string | undefined {
  if (basis === 'calendar') {
    const ms = calendarTimeBetween(from, to, calendar);
    if (ms >= DAY_MS) return count(Math.floor(ms / DAY_MS), 'day');
    if (ms >= HOUR_MS) return count(Math.floor(ms / HOUR_MS), 'hour');
    if (ms >= MINUTE_MS) return count(Math.floor(ms / MINUTE_MS), 'minute');
    return undefined;
  }
  const ms = businessTimeBetween(from, to, calendar);
  const dayMs = businessDayMs(calendar);
  if (ms >= dayMs) return count(Math.floor(ms / dayMs), 'business day');
  if (ms >= HOUR_MS) return count(Math.floor(ms / HOUR_MS), 'business hour');
  if (ms >= MINUTE_MS) return count(Math.floor(ms / MINUTE_MS), 'business minute');
  return undefined;
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function formatDue(now: Date, due: Date, calendar: BusinessCalendar): string {
  const zone = calendar.timeZone;
  const local = DateTime.fromJSDate(due, { zone }).setLocale('en-GB');
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const daysApart = Math.abs(local.startOf('day').diff(today, 'days').days);
  const pattern =
    daysApart <= WEEKDAY_ONLY_WITHIN_DAYS
      ? 'ccc HH:mm'
      : local.year === today.year
        ? 'ccc d LLL HH:mm'
        : 'ccc d LLL yyyy HH:mm';
  return `${local.toFormat(pattern)} ${zone}`;
}
