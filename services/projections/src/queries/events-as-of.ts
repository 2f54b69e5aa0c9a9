import type { RecordedEvent } from '@warranty/event-store';
import { eventInstant } from '@warranty/eventsourcing';

/**
 * Pure: each stream's events up to `asOf` (domain time), merged in global order. A stream stops at
 * its first later event, so the revisions a projection's guard sees stay contiguous.
 */
export function eventsAsOf(streams: RecordedEvent[][], asOf: Date): RecordedEvent[] {
  const upTo = streams.flatMap((events) => {
    const later = events.findIndex((event) => eventInstant(event) > asOf.getTime());
    return later === -1 ? events : events.slice(0, later);
  });
  return upTo.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
