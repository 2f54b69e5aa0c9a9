import {
  ErrorType,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  NO_STREAM,
  START,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreError,
  EventStoreUnavailableError,
  InvalidAppendError,
  StreamDeletedError,
  StreamNotFoundError,
} from '../errors';
import type { StreamHead } from '../chain';
import type { EventFilter, GlobalPosition, JsonObject, RecordedEvent } from '../types';

const UNAVAILABLE = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/** The server's expected revision for an append chained after `after` (-1: a new stream). */
export function exactRevision(after: number): AppendExpectedRevision {
  return after < 0 ? NO_STREAM : BigInt(after);
}

/** A stream's last event as the chain needs it; an event from before the chain has no hash. */
export function headOf(event: EsdbRecordedEvent): StreamHead {
  const hash = toJsonObject(event.metadata).hash;
  return { revision: Number(event.revision), hash: typeof hash === 'string' ? hash : null };
}

/** Events the server writes for itself ($stats, $metadata, links, ...); readers of the port never see them. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

// Log positions are signed 64-bit on the server; the wire carries them as unsigned.
const LARGEST_POSITION = 2n ** 63n - 1n;

/** Events written by appends have equal commit and prepare positions, so one number identifies each. */
export function toPosition(position: GlobalPosition): Position {
  if (position < 0n || position > LARGEST_POSITION)
    throw new EventStoreError(`${position} is not an EventStoreDB log position`);
  return { commit: position, prepare: position };
}

/**
 * Where a read or subscription starts so as to deliver what follows `after`: the log's start when
 * there is no checkpoint yet. (A negative "before everything" cursor cannot be sent: the client
 * fails serialising it with "Cannot read properties of null (reading 'lo')".)
 */
export function readPositionAfter(after?: GlobalPosition): ReadPosition {
  return after === undefined || after < 0n ? START : toPosition(after);
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

/**
 * The event's commit position. The client always fills `event.position` (protobuf defaults an
 * unset field to 0), and servers before 22.6 put 2^64-1 there on stream reads, with no read
 * position beside it: neither is a position, so such a read fails here rather than record one.
 */
export function commitPositionOf(event: EsdbRecordedEvent, readPosition?: bigint): GlobalPosition {
  const recorded = event.position?.commit;
  // Position 0 holds the server's own first record, never an appended event.
  if (recorded !== undefined && recorded > 0n && recorded <= LARGEST_POSITION) return recorded;
  if (readPosition !== undefined && readPosition > 0n && readPosition <= LARGEST_POSITION)
    return readPosition;
  throw new EventStoreError(
    `EventStoreDB sent no position for event ${event.id}; version 22.6 or later is needed`,
  );
}

export function toRecordedEvent(event: EsdbRecordedEvent, readPosition?: bigint): RecordedEvent {
  const position = commitPositionOf(event, readPosition);
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
