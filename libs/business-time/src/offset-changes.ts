import type { Zone } from 'luxon';
import { DAY_MS, localDayAt } from './local-days';

const HOUR_MS = 3_600_000;
// No change in tz data since 1970 is undone within 167 hours (Recife 2000, Gaza 2040): 6 days see both.
const STEP_DAYS = 6;
const STEP_MS = STEP_DAYS * DAY_MS;
const CHUNK_STEPS = 61;
const CHUNK_MS = CHUNK_STEPS * STEP_MS;

// Per zone name, per 366-day chunk of UTC time: the local days on which the UTC offset changes.
const changeDays = new Map<string, Map<number, number[]>>();

/**
 * The local days of one chunk on which the zone's UTC offset changes: the offset is read every
 * six days and, where it differs, once a day and then to the hour. A change undone within one
 * step would go unseen.
 */
function changeDaysOf(zone: Zone, chunk: number): number[] {
  let chunks = changeDays.get(zone.name);
  if (!chunks) changeDays.set(zone.name, (chunks = new Map()));
  const known = chunks.get(chunk);
  if (known) return known;
  const days = new Set<number>();
  const start = chunk * CHUNK_MS;
  let before = zone.offset(start);
  for (let step = 0; step < CHUNK_STEPS; step++) {
    const stepStart = start + step * STEP_MS;
    const after = zone.offset(stepStart + STEP_MS);
    if (after !== before) {
      let a = before;
      for (let i = 0; i < STEP_DAYS; i++) {
        const dayStart = stepStart + i * DAY_MS;
        const b = i === STEP_DAYS - 1 ? after : zone.offset(dayStart + DAY_MS);
        if (a !== b) {
          const [from, to] = narrowed(zone, dayStart, dayStart + DAY_MS, a);
          // Every local date the change can fall on, whichever of the two offsets names it.
          const last = localDayAt(to, Math.max(a, b));
          for (let day = localDayAt(from, Math.min(a, b)); day <= last; day++) days.add(day);
        }
        a = b;
      }
    }
    before = after;
  }
  const sorted = [...days].sort((x, y) => x - y);
  chunks.set(chunk, sorted);
  return sorted;
}

/** An hour or less around the instant in [from, to] where the offset stops being `before`. */
function narrowed(zone: Zone, from: number, to: number, before: number): [number, number] {
  while (to - from > HOUR_MS) {
    const middle = from + Math.floor((to - from) / 2);
    if (zone.offset(middle) === before) from = middle;
    else to = middle;
  }
  return [from, to];
}

const chunkOf = (epochDay: number) => Math.floor((epochDay * DAY_MS) / CHUNK_MS);

/** The first local day in [from, to] on which the zone's UTC offset changes, or undefined. */
export function nextOffsetChangeDay(zone: Zone, from: number, to: number): number | undefined {
  let found: number | undefined;
  // A change at a chunk's edge can name a local day or two of the chunk next to it.
  for (let chunk = chunkOf(from - 2); chunk <= chunkOf(to + 2); chunk++) {
    const day = changeDaysOf(zone, chunk).find((d) => d >= from && d <= to);
    if (day !== undefined && (found === undefined || day < found)) found = day;
    else if (found !== undefined) return found;
  }
  return found;
}
