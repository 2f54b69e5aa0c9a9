import { weekdayOf } from './local-days';
import type { CalendarRules } from './working-windows';

/** Working days (working weekdays that are not holidays) among the local days [from, to). */
export function workingDaysBetween(from: number, to: number, rules: CalendarRules): number {
  if (to <= from) return 0;
  const weeks = Math.floor((to - from) / 7);
  let count = weeks * rules.workingDaysPerWeek;
  for (let day = from + weeks * 7; day < to; day++)
    if (rules.workingWeekdays[weekdayOf(day)]) count++;
  return (
    count -
    (firstAtOrAfter(rules.workingHolidays, to) - firstAtOrAfter(rules.workingHolidays, from))
  );
}

/** The `n`th working day (n >= 1) from `from` on, searched up to `last`; undefined past it. */
export function nthWorkingDay(
  from: number,
  n: number,
  last: number,
  rules: CalendarRules,
): number | undefined {
  if (workingDaysBetween(from, last + 1, rules) < n) return undefined;
  let low = from;
  let high = last;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (workingDaysBetween(from, mid + 1, rules) >= n) high = mid;
    else low = mid + 1;
  }
  return low;
}

function firstAtOrAfter(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
