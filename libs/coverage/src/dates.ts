/** Calendar dates are YYYY-MM-DD strings, which sort and compare correctly as strings. */

/** Every calendar date the API accepts or records lies in this range (SPEC §3); the stores accept it too. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(date: string): [number, number, number] | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

function partsOrThrow(date: string): [number, number, number] {
  const result = parts(date);
  if (!result) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return result;
}

function format(year: number, month: number, day: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function assertInteger(value: number, what: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${what} must be an integer: ${value}`);
}

/** Strict YYYY-MM-DD that names a real calendar day. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parts(value) !== null;
}

/** Calendar months; a day past the target month's end clamps to its last day. */
export function addMonths(date: string, months: number): string {
  assertInteger(months, 'months');
  const [year, month, day] = partsOrThrow(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function addDays(date: string, days: number): string {
  assertInteger(days, 'days');
  const [year, month, day] = partsOrThrow(date);
  const instant = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  instant.setUTCFullYear(year, month - 1, day + days);
  return format(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate());
}

/** The last covered day (inclusive) of a term of `months` starting on `start`. */
export function coverageEndFor(start: string, months: number): string {
  return addDays(addMonths(start, months), -1);
}

/** The UTC calendar day of an ISO 8601 instant. */
export function dayOf(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO 8601 instant: ${instant}`);
  return new Date(time).toISOString().slice(0, 10);
}

export const earlierOf = (a: string, b: string): string => (a <= b ? a : b);
