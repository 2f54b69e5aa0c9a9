import type { BusinessCalendarData, SlaTarget } from '@warranty/contracts/sla';
import {
  addBusinessTime,
  addCalendarDays,
  businessDays,
  BusinessTimeOutOfRangeError,
  businessTimeBetween,
  calendarTimeBetween,
  LATEST_INSTANT_MS,
} from '@warranty/business-time';

/** How an SLA counts time: business time on its calendar, or plain elapsed time. */
export interface SlaMeasure {
  add(start: Date, ms: number): Date;
  between(from: Date, to: Date): number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function measureFor(target: SlaTarget, calendar: BusinessCalendarData): SlaMeasure {
  const measure = unboundedMeasureFor(target, calendar);
  return {
    ...measure,
    add: (start, ms) => {
      const due = measure.add(start, ms);
      if (due.getTime() > LATEST_INSTANT_MS) throw new BusinessTimeOutOfRangeError(calendar.id);
      return due;
    },
  };
}

/** What `compute` gives, or why not when a due time falls after the platform's last date. */
export function deadlineOrWhyNot<T extends object>(compute: () => T): T | { whyNot: string } {
  try {
    return compute();
  } catch (error) {
    if (error instanceof BusinessTimeOutOfRangeError) return { whyNot: error.message };
    throw error;
  }
}

function unboundedMeasureFor(target: SlaTarget, calendar: BusinessCalendarData): SlaMeasure {
  // Whole days keep the wall-clock time across a DST change; what is left over is elapsed time.
  if (target.unit === 'calendar_days')
    return {
      add: (start, ms) => {
        const days = Math.floor(ms / DAY);
        return new Date(addCalendarDays(start, days, calendar).getTime() + (ms - days * DAY));
      },
      between: (from, to) => calendarTimeBetween(from, to, calendar),
    };
  if (target.unit === 'calendar_hours')
    return {
      add: (start, ms) => new Date(start.getTime() + ms),
      between: (from, to) => Math.max(0, to.getTime() - from.getTime()),
    };
  return {
    add: (start, ms) => addBusinessTime(start, ms, calendar),
    between: (from, to) => (to > from ? businessTimeBetween(from, to, calendar) : 0),
  };
}

/** A business day is one working day's hours on the calendar; a calendar day is 24 wall-clock hours. */
export function budgetMs(target: SlaTarget, calendar: BusinessCalendarData): number {
  switch (target.unit) {
    case 'calendar_days':
      return target.amount * 24 * HOUR;
    case 'calendar_hours':
    case 'business_hours':
      return target.amount * HOUR;
    case 'business_days':
      return businessDays(target.amount, calendar);
  }
}
