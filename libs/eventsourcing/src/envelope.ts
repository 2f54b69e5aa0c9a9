import type { JsonObject, RecordedEvent } from '@warranty/event-store';
import type { DomainEvent } from './decider';

export type ActorRole =
  'retailer' | 'manufacturer' | 'service_center' | 'auditor' | 'admin' | 'system';

export interface Actor {
  /** API key id, user id or process name. */
  id: string;
  role: ActorRole;
  /** The tenant the actor acts for. */
  tenantId: string;
}

/** What every stored event carries besides its data (SPEC.md section 3). */
export interface EventMetadata extends JsonObject {
  /** Tenants that may see the event, by role: e.g. { retailer: 'acme', manufacturer: 'bosch' }. */
  tenants: Partial<Record<ActorRole, string>>;
  actor: Actor;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  /** The domain time of the command, from the injected clock (ISO 8601 UTC). */
  occurredAt: string;
  /** The command that wrote the event, when it has a stable id: a retry of it writes nothing. */
  commandId?: string;
}

/** An event with its envelope, as handlers, projections and the audit API see it. */
export interface EventEnvelope<Event extends DomainEvent = DomainEvent> {
  eventId: string;
  type: Event['type'];
  streamId: string;
  revision: number;
  position: bigint;
  recordedAt: Date;
  data: Event['data'];
  metadata: EventMetadata;
}

export function toEnvelope<Event extends DomainEvent>(
  recorded: RecordedEvent,
): EventEnvelope<Event> {
  return {
    eventId: recorded.id,
    type: recorded.type as Event['type'],
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
    recordedAt: recorded.recordedAt,
    data: recorded.data as Event['data'],
    metadata: recorded.metadata as EventMetadata,
  };
}
