/**
 * Local dates as whole days since 1970-01-01 ("epoch days"): plain integers, so counting and
 * skipping days is arithmetic rather than date objects.
 */
export const DAY_MS = 86_400_000;

export function epochDayOfIsoDate(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** ISO weekday, 1 = Monday .. 7 = Sunday; 1970-01-01 was a Thursday. */
export function weekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export function dateOf(epochDay: number): { year: number; month: number; day: number } {
  const date = new Date(epochDay * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The local date of an instant at a UTC offset in minutes. */
export function localDayAt(instantMs: number, offsetMinutes: number): number {
  return Math.floor((instantMs + offsetMinutes * 60_000) / DAY_MS);
}
