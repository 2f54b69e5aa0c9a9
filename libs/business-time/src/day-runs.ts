import { nextOffsetChangeDay } from './offset-changes';
import type { CalendarRules } from './working-windows';

/**
 * Local days [from, to) on which the UTC offset does not change, whose working time is therefore
 * their count times the calendar's day; or one day on which it changes, to look at on its own.
 */
export type DayRun = { steady: true; from: number; to: number } | { steady: false; day: number };

/** The local days `first` to `last` (inclusive) as steady runs and single days of an offset change. */
export function* dayRuns(first: number, last: number, rules: CalendarRules): Generator<DayRun> {
  let day = first;
  while (day <= last) {
    const change = nextOffsetChangeDay(rules.zone, day, last);
    const end = change ?? last + 1;
    if (end > day) yield { steady: true, from: day, to: end };
    if (change === undefined) return;
    yield { steady: false, day: change };
    day = change + 1;
  }
}
