/** A rule of the domain refused the command; the API maps these to problem details. */
export abstract class DomainError extends Error {
  abstract readonly kind: 'conflict' | 'invalid' | 'not_found';
  constructor(
    message: string,
    /** A stable, machine-readable reason such as `claim-already-closed`. */
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The current state forbids the command (HTTP 409, naming the state). */
export class IllegalStateError extends DomainError {
  readonly kind = 'conflict';
  constructor(
    message: string,
    readonly state: string,
    code = 'illegal-state',
    details: Record<string, unknown> = {},
  ) {
    super(message, code, { state, ...details });
  }
}

/** The command contradicts a business rule regardless of state (HTTP 400/422). */
export class RuleViolationError extends DomainError {
  readonly kind = 'invalid';
}

/** The aggregate does not exist (HTTP 404). */
export class AggregateNotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(readonly streamId: string) {
    super(`${streamId} does not exist`, 'not-found', {});
  }
}

/** An If-Match revision no longer matches the stream, or what it names (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number | 'no_stream',
    /** What the message names; a caller-facing name rather than the stream's, where they differ. */
    subject = streamId,
  ) {
    super(`${subject} is at revision ${String(actual)}, not ${expected}`);
    this.name = 'StaleRevisionError';
  }
}

/** Concurrent writers kept winning; the caller may retry later (HTTP 409). */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`${streamId} changed concurrently ${attempts} times in a row`);
    this.name = 'ConcurrencyConflictError';
  }
}

/** Throws a RuleViolationError naming the offending field, for field-level problem details. */
export function ensure(
  condition: boolean,
  code: string,
  field: string,
  message: string,
): asserts condition {
  if (!condition) throw new RuleViolationError(message, code, { field });
}
