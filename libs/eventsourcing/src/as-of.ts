import { type Decider, type DomainEvent, fold } from './decider';
import type { EventEnvelope } from './envelope';

/** The events a stream had at `asOf` (domain time), or all of them without it. */
export function eventsAsOf<E extends EventEnvelope>(events: readonly E[], asOf?: Date): E[] {
  return asOf
    ? events.filter((e) => Date.parse(e.metadata.occurredAt) <= asOf.getTime())
    : [...events];
}

/**
 * A stream's events folded as they stood at `asOf` (domain time), or all of them without it,
 * with the revision it had then; null when the stream had no event yet at that instant.
 */
export function foldAsOf<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly EventEnvelope[],
  asOf?: Date,
): { state: State; revision: number } | null {
  const upTo = eventsAsOf(events, asOf);
  if (upTo.length === 0) return null;
  return {
    state: fold(
      decider,
      upTo.map((e) => ({ type: e.type, data: e.data }) as Event),
    ),
    revision: upTo[upTo.length - 1].revision,
  };
}

/** The instant a stored event counts at for as-of reads: its domain time, else when it was stored. */
export const eventInstant = (event: {
  metadata: Record<string, unknown>;
  recordedAt: Date;
}): number =>
  typeof event.metadata.occurredAt === 'string'
    ? Date.parse(event.metadata.occurredAt)
    : event.recordedAt.getTime();
