import type { WebhookSubject } from './webhook-topics';

/**
 * The body a receiver gets, in the Standard Webhooks shape: it names the event and its subject
 * and carries no case data, so a receiver reads the subject back under its own key and sees
 * exactly what the access rule lets it see.
 */
export interface WebhookMessage {
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: {
    eventId: string;
    subject: WebhookSubject;
    /** The subject stream's revision after this event. */
    revision: number;
    /** The event's global position: pass it as `minPosition` to read a model that includes it. */
    position: string;
    correlationId: string | null;
  };
}

export interface MessageSource {
  id: string;
  type: string;
  revision: number;
  position: bigint;
  recordedAt: Date;
  metadata: Record<string, unknown>;
}

export function webhookMessage(event: MessageSource, subject: WebhookSubject): WebhookMessage {
  const occurredAt = event.metadata.occurredAt;
  const correlationId = event.metadata.correlationId;
  return {
    type: event.type,
    timestamp: new Date(
      typeof occurredAt === 'string' ? occurredAt : event.recordedAt,
    ).toISOString(),
    data: {
      eventId: event.id,
      subject,
      revision: event.revision,
      position: event.position.toString(),
      correlationId: typeof correlationId === 'string' ? correlationId : null,
    },
  };
}
