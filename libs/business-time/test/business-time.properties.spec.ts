import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addBusinessTime, BusinessCalendar, businessDayMs, businessTimeBetween } from '../src';
import { HOUR } from './calendars';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'UTC',
];
const FIRST = Date.UTC(2025, 0, 1);
const LAST = Date.UTC(2028, 11, 31);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const calendars: fc.Arbitrary<BusinessCalendar> = fc.record({
  id: fc.constant('property'),
  timeZone: fc.constantFrom(...ZONES),
  workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  workingHours: fc
    .uniqueArray(fc.integer({ min: 0, max: 24 * 60 - 1 }), { minLength: 2, maxLength: 2 })
    .map(([a, b]) => ({ start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) })),
  holidays: fc.uniqueArray(
    fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
    { maxLength: 40 },
  ),
});
const instants = fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms));

// Up to half a year of the calendar's own business weeks, so a one-minute day stays cheap.
const durationFor = (calendar: BusinessCalendar) =>
  fc.oneof(
    fc.integer({ min: 1, max: 10 * HOUR }),
    fc.integer({ min: 1, max: 26 * businessWeekMs(calendar) }),
  );
const cases = calendars.chain((calendar) =>
  fc.tuple(fc.constant(calendar), instants, durationFor(calendar), durationFor(calendar)),
);

function businessWeekMs(calendar: BusinessCalendar): number {
  return calendar.workingDays.length * businessDayMs(calendar);
}

function wallClock(day: DateTime, hoursMinutes: string): DateTime {
  const [hour, minute] = hoursMinutes.split(':').map(Number);
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: day.zone },
  );
}

function referenceBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  let total = 0;
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  while (day.toMillis() < to.getTime()) {
    if (
      calendar.workingDays.includes(day.weekday) &&
      !calendar.holidays.includes(day.toISODate()!)
    ) {
      const open = Math.max(wallClock(day, calendar.workingHours.start).toMillis(), from.getTime());
      const close = Math.min(wallClock(day, calendar.workingHours.end).toMillis(), to.getTime());
      total += Math.max(0, close - open);
    }
    day = day.plus({ days: 1 });
  }
  return total;
}

describe('business time properties', () => {
  it('measuring what was added gives the duration back', () => {
    fc.assert(
      fc.property(cases, ([calendar, start, duration]) => {
        const due = addBusinessTime(start, duration, calendar);
        expect(businessTimeBetween(start, due, calendar)).toBe(duration);
      }),
    );
  });

  it('a due time falls inside working hours on a working day that is not a holiday', () => {
    fc.assert(
      fc.property(cases, ([calendar, start, duration]) => {
        const due = addBusinessTime(start, duration, calendar);
        const local = DateTime.fromJSDate(due, { zone: calendar.timeZone });
        expect(calendar.workingDays).toContain(local.weekday);
        expect(calendar.holidays).not.toContain(local.toISODate());
        const open = wallClock(local, calendar.workingHours.start);
        const close = wallClock(local, calendar.workingHours.end);
        expect(due.getTime()).toBeGreaterThan(open.toMillis());
        expect(due.getTime()).toBeLessThanOrEqual(close.toMillis());
        if (close.toFormat('HH:mm') === calendar.workingHours.end) {
          const wallTime = local.toFormat('HH:mm:ss.SSS');
          expect(wallTime > `${calendar.workingHours.start}:00.000`).toBe(true);
          expect(wallTime <= `${calendar.workingHours.end}:00.000`).toBe(true);
        }
      }),
    );
  });

  it('a longer duration is never due earlier', () => {
    fc.assert(
      fc.property(cases, ([calendar, start, a, b]) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        expect(addBusinessTime(start, shorter, calendar).getTime()).toBeLessThanOrEqual(
          addBusinessTime(start, longer, calendar).getTime(),
        );
      }),
    );
  });

  it('adding in two steps lands where adding once does', () => {
    fc.assert(
      fc.property(cases, ([calendar, start, a, b]) => {
        const stepped = addBusinessTime(addBusinessTime(start, a, calendar), b, calendar);
        expect(stepped).toEqual(addBusinessTime(start, a + b, calendar));
      }),
    );
  });

  it('agrees with a day-by-day count, whole weeks skipped or not', () => {
    fc.assert(
      fc.property(calendars, instants, instants, (calendar, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(businessTimeBetween(from, to, calendar)).toBe(referenceBetween(from, to, calendar));
      }),
      { numRuns: 40 },
    );
  });

  it('agrees with a day-by-day count over decades of DST changes and holidays', () => {
    const decades = fc
      .integer({ min: FIRST, max: Date.UTC(2048, 11, 31) })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(calendars, decades, decades, (calendar, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        expect(businessTimeBetween(from, to, calendar)).toBe(referenceBetween(from, to, calendar));
      }),
      { numRuns: 10 },
    );
  });

  it('measuring what was added gives the duration back, up to ten years of business time', () => {
    fc.assert(
      fc.property(
        calendars,
        instants,
        fc.integer({ min: 1, max: 520 }),
        (calendar, start, weeks) => {
          const duration = weeks * businessWeekMs(calendar) + 1;
          const due = addBusinessTime(start, duration, calendar);
          expect(businessTimeBetween(start, due, calendar)).toBe(duration);
        },
      ),
    );
  });
});
