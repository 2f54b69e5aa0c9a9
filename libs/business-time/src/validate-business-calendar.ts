import { isIsoDate } from '@warranty/coverage';
import { IANAZone } from 'luxon';
import { minutesOfDay, parseWallClock } from './wall-clock';

// The API's date range (SPEC §3), as @warranty/platform's EARLIEST_DATE/LATEST_DATE state it.
const EARLIEST_HOLIDAY = '1900-01-01';
const LATEST_HOLIDAY = '2199-12-31';

/** What is wrong with a business calendar sent to the API, as messages; empty when it is valid. */
export function validateBusinessCalendar(input: unknown): string[] {
  if (!isRecord(input)) return ['a business calendar is an object'];
  return [
    ...idErrors(input.id),
    ...timeZoneErrors(input.timeZone),
    ...workingDayErrors(input.workingDays),
    ...workingHourErrors(input.workingHours),
    ...holidayErrors(input.holidays),
  ];
}

function idErrors(id: unknown): string[] {
  return typeof id === 'string' && id.trim() !== '' ? [] : ['id must be a non-empty string'];
}

function timeZoneErrors(zone: unknown): string[] {
  if (typeof zone !== 'string') return ['timeZone must be an IANA time zone name'];
  return IANAZone.isValidZone(zone) ? [] : [`timeZone '${zone}' is not a known IANA time zone`];
}

function workingDayErrors(days: unknown): string[] {
  if (!Array.isArray(days) || days.length === 0) {
    return ['workingDays must list at least one ISO weekday (1 = Monday .. 7 = Sunday)'];
  }
  const errors: string[] = [];
  const seen = new Set<unknown>();
  for (const day of days) {
    if (!Number.isInteger(day) || (day as number) < 1 || (day as number) > 7) {
      errors.push(`workingDays: ${JSON.stringify(day)} is not an ISO weekday 1..7`);
    } else if (seen.has(day)) {
      errors.push(`workingDays: ${day} is listed twice`);
    }
    seen.add(day);
  }
  return errors;
}

function workingHourErrors(hours: unknown): string[] {
  if (!isRecord(hours)) return ['workingHours must have a start and an end, HH:mm'];
  const start = typeof hours.start === 'string' ? parseWallClock(hours.start) : undefined;
  const end = typeof hours.end === 'string' ? parseWallClock(hours.end) : undefined;
  const errors: string[] = [];
  if (!start) errors.push(`workingHours.start ${JSON.stringify(hours.start)} is not HH:mm`);
  if (!end) errors.push(`workingHours.end ${JSON.stringify(hours.end)} is not HH:mm`);
  if (start && end && minutesOfDay(end) <= minutesOfDay(start)) {
    errors.push(`workingHours.end ${hours.end} must be after workingHours.start ${hours.start}`);
  }
  return errors;
}

function holidayErrors(holidays: unknown): string[] {
  if (!Array.isArray(holidays)) return ['holidays must be a list of dates, YYYY-MM-DD'];
  const errors: string[] = [];
  const seen = new Set<unknown>();
  for (const holiday of holidays) {
    if (!isIsoDate(holiday) || holiday < EARLIEST_HOLIDAY || holiday > LATEST_HOLIDAY) {
      errors.push(
        `holidays: ${JSON.stringify(holiday)} is not a date YYYY-MM-DD between ${EARLIEST_HOLIDAY} and ${LATEST_HOLIDAY}`,
      );
    } else if (seen.has(holiday)) {
      errors.push(`holidays: ${holiday} is listed twice`);
    }
    seen.add(holiday);
  }
  return errors;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
