import type { ExpectedRevision, StoreKind } from './types';

export class EventStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The stream was not at the revision the writer expected; nothing was written. */
export class WrongExpectedRevisionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId} expected at ${String(expected)} but is at ${String(actual)}`);
  }
}

/**
 * An answer, not a fault: every command that starts a stream reads one first. So it carries no
 * stack trace, whose capture cost more than the read itself.
 */
export class StreamNotFoundError extends EventStoreError {
  readonly streamId: string;

  constructor(streamId: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`Stream ${streamId} not found`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.streamId = streamId;
  }
}

export class StreamDeletedError extends EventStoreError {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} is deleted`);
  }
}

/** The store cannot be reached; callers answer 503. */
export class EventStoreUnavailableError extends EventStoreError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

export class InvalidAppendError extends EventStoreError {}

/** A stored checkpoint is a position in another adapter's log; resuming from it would skip or repeat events. */
export class CheckpointFromOtherStoreError extends EventStoreError {
  constructor(
    readonly checkpoint: string,
    readonly writtenBy: StoreKind,
    readonly running: StoreKind,
  ) {
    super(
      `Checkpoint "${checkpoint}" holds a ${writtenBy} position but EVENT_STORE is ${running}: ` +
        `rebuild (reset) what it feeds from the new store, or set EVENT_STORE back to ${writtenBy}.`,
    );
  }
}
