import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EventEnvelope } from '@warranty/eventsourcing';
import { INSTANT } from '../openapi/formats';

/** One event of a stream's history, as its parties and auditors read it. */
export function historyEntry(event: EventEnvelope) {
  return {
    revision: event.revision,
    position: event.position.toString(),
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    actor: event.metadata.actor,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    schemaVersion: event.metadata.schemaVersion,
  };
}

/** The OpenAPI shape of `historyEntry`; each service names its own subclass. */
export class HistoryEntryView {
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty() position!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) actor!: Record<string, unknown>;
  @ApiProperty(INSTANT) occurredAt!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
  @ApiProperty() correlationId!: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) causationId?: string | null;
  @ApiProperty({ type: 'integer' }) schemaVersion!: number;
}
