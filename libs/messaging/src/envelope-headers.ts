import type { JsonObject, RecordedEvent } from '@warranty/event-store';

/** The envelope travels in headers (ARCHITECTURE.md); the value is the event data as JSON. */
export function toKafkaMessage(event: RecordedEvent) {
  const metadata = event.metadata as Record<string, unknown>;
  return {
    key: event.streamId,
    value: JSON.stringify(event.data),
    headers: {
      'event-id': event.id,
      'event-type': event.type,
      'stream-id': event.streamId,
      revision: String(event.revision),
      position: event.position.toString(),
      'recorded-at': event.recordedAt.toISOString(),
      'correlation-id': String(metadata.correlationId ?? ''),
      'causation-id': String(metadata.causationId ?? ''),
      'schema-version': String(metadata.schemaVersion ?? 1),
      metadata: JSON.stringify(metadata),
    },
  };
}

type HeaderValue = string | Buffer | JsonObject | undefined | null | Array<string | Buffer>;

const text = (value: HeaderValue): string => {
  if (value === undefined || value === null) throw new Error('missing envelope header');
  if (Array.isArray(value)) return text(value[0]);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : JSON.stringify(value);
};

const json = (value: HeaderValue): JsonObject => {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value))
    return value;
  return JSON.parse(text(value)) as JsonObject;
};

/** Rebuilds the recorded event from a consumed message; throws on a message without an envelope. */
export function fromKafkaMessage(
  headers: Record<string, HeaderValue>,
  value: unknown,
): RecordedEvent {
  const data =
    typeof value === 'string' || Buffer.isBuffer(value)
      ? (JSON.parse(value.toString()) as JsonObject)
      : (value as JsonObject);
  return {
    id: text(headers['event-id']),
    type: text(headers['event-type']),
    streamId: text(headers['stream-id']),
    revision: Number(text(headers.revision)),
    position: BigInt(text(headers.position)),
    recordedAt: new Date(text(headers['recorded-at'])),
    data,
    metadata: json(headers.metadata),
  };
}
