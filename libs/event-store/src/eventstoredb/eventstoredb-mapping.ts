import {
  ErrorType,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  streamNameFilter,
  type Filter,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreError,
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../errors';
import type { EventFilter, GlobalPosition, JsonObject, RecordedEvent } from '../types';

const UNAVAILABLE = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/** Events the server writes for itself ($stats, $metadata, links, ...); readers of the port never see them. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Events written by appends have equal commit and prepare positions, so one number identifies each. */
export function toPosition(position: GlobalPosition): Position {
  return { commit: position, prepare: position };
}

/** The server's order on $all: by commit position, then prepare position. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

export function serverFilter(filter?: EventFilter): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  // Type prefixes are wider than exact types; matchesFilter narrows them client-side.
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes });
  return excludeSystemEvents();
}

export function toRecordedEvent(event: EsdbRecordedEvent, commitPosition?: bigint): RecordedEvent {
  const position = event.position?.commit ?? commitPosition;
  if (position === undefined) {
    // Stream reads only carry positions from EventStoreDB 22.6 on.
    throw new EventStoreError(
      `EventStoreDB sent no position for event ${event.id}; version 22.6 or later is needed`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    recordedAt: event.created,
    data: toJsonObject(event.data),
    metadata: toJsonObject(event.metadata),
  };
}

function toJsonObject(value: unknown): JsonObject {
  if (value instanceof Uint8Array) {
    try {
      return toJsonObject(JSON.parse(Buffer.from(value).toString('utf8')));
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}

/** Maps the client's errors onto the port's; anything else passes through unchanged. */
export function translateError(error: unknown, streamId?: string): unknown {
  if (!(error instanceof Error)) return error;
  if (!isCommandError(error)) {
    // Cluster discovery gives up with a plain Error when no node answers.
    const lost = error.message.startsWith('Failed to discover');
    return lost
      ? new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error)
      : error;
  }
  switch (error.type) {
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(streamId ?? error.streamName);
    case ErrorType.STREAM_DELETED:
      return new StreamDeletedError(streamId ?? error.streamName);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new InvalidAppendError(`An append takes at most ${error.maxAppendSize} bytes`);
    default:
      return UNAVAILABLE.has(error.type)
        ? new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error)
        : error;
  }
}
