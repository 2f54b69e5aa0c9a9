import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar';
import { businessDayMs, businessTimeBetween } from './business-time';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// Within this many days the weekday alone names the due day; further out the date is added.
const WEEKDAY_ONLY_WITHIN_DAYS = 6;

/**
 * The time left (or overdue) in business time, in words: "due in 1 business day, by Tue 17:00
 * Europe/Berlin". The count is whole units rounded down, in the largest unit that reaches 1.
 */
export function describeDue(now: Date, due: Date, calendar: BusinessCalendar): string {
  const dueText = formatDue(now, due, calendar);
  if (due.getTime() > now.getTime()) {
    const left = amount(businessTimeBetween(now, due, calendar), calendar);
    return left ? `due in ${left}, by ${dueText}` : `due now, by ${dueText}`;
  }
  const over = amount(businessTimeBetween(due, now, calendar), calendar);
  return over ? `overdue by ${over} (was due ${dueText})` : `overdue (was due ${dueText})`;
}

function amount(ms: number, calendar: BusinessCalendar): string | undefined {
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
