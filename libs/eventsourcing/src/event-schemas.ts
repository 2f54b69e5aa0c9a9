import type { JsonObject, RecordedEvent } from '@warranty/event-store';
import type { DomainEvent } from './decider';

/** Turns the data of version n of an event into version n + 1. */
export type Upcaster = (data: JsonObject) => JsonObject;

export interface EventSchema {
  /** The version writers write today. */
  version: number;
  /** `upcasters[n]` lifts version n to n + 1; every version below `version` needs one. */
  upcasters?: Record<number, Upcaster>;
}

/** A context's published event types and their versions: what writers stamp and readers decode. */
export interface EventSchemas<Event extends DomainEvent> {
  schemaVersion(type: Event['type']): number;
  /** The stored event lifted to the current version of its type; unknown types pass unchanged. */
  upcast(recorded: RecordedEvent): RecordedEvent;
  owns(type: string): boolean;
  /** Every event type the context publishes. */
  readonly types: readonly Event['type'][];
  /** The current domain event for a stored one: the `upcast` hook of a CommandHandler. */
  decode<Decoded extends Event = Event>(recorded: RecordedEvent): Decoded;
}

export function eventSchemas<Event extends DomainEvent>(
  schemas: Record<Event['type'], EventSchema>,
): EventSchemas<Event> {
  const byType = schemas as Record<string, EventSchema>;
  const owns = (type: string) => Object.hasOwn(byType, type);
  const upcast = (recorded: RecordedEvent): RecordedEvent => {
    if (!owns(recorded.type)) return recorded;
    const { version, upcasters = {} } = byType[recorded.type];
    let from = Number(recorded.metadata?.schemaVersion ?? 1);
    if (from === version) return recorded;
    if (from > version)
      throw new Error(`${recorded.type} v${from} is newer than this reader (v${version})`);
    let data = recorded.data;
    for (; from < version; from++) {
      const lift = upcasters[from];
      if (!lift) throw new Error(`No upcaster for ${recorded.type} v${from} -> v${from + 1}`);
      data = lift(data);
    }
    return { ...recorded, data, metadata: { ...recorded.metadata, schemaVersion: version } };
  };
  return {
    schemaVersion: (type) => byType[type]?.version ?? 1,
    upcast,
    owns,
    types: Object.keys(byType) as Event['type'][],
    decode: <Decoded extends Event>(recorded: RecordedEvent) => {
      const current = upcast(recorded);
      return { type: current.type, data: current.data } as Decoded;
    },
  };
}
