import { HttpException, HttpStatus } from '@nestjs/common';
import { EventStoreUnavailableError } from '@warranty/event-store';
import { ConcurrencyConflictError, DomainError, StaleRevisionError } from '@warranty/eventsourcing';
import { problemType } from './problem-types';

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Malformed input with a message per field; never written, always 400. */
export class InputValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'InputValidationError';
  }
}

/** A refusal the API raises itself, with its status and a stable problem code. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

const DOMAIN_STATUS = { conflict: 409, invalid: 400, not_found: 404 } as const;

/** Maps any error to the problem the client sees; unknown errors are 500 with no internals. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  const base = (
    status: number,
    code: string,
    title: string,
    detail?: string,
    ext: Record<string, unknown> = {},
  ) => ({
    type: problemType(code),
    title,
    status,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
    ...ext,
  });
  if (error instanceof InputValidationError) {
    return base(400, 'validation', 'Invalid request', 'One or more fields are invalid.', {
      errors: error.errors,
    });
  }
  if (error instanceof ApiProblem)
    return base(error.status, error.code, error.title, error.message, error.extensions);
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.kind];
    const field = error.kind === 'invalid' ? error.details.field : undefined;
    if (typeof field === 'string') {
      return base(status, error.code, 'Business rule violated', error.message, {
        errors: [{ field, message: error.message }],
      });
    }
    const title = { 409: 'Conflict', 400: 'Business rule violated', 404: 'Not found' }[status];
    return base(status, error.code, title, error.message, error.details);
  }
  if (error instanceof StaleRevisionError) {
    return base(412, 'stale-revision', 'Precondition failed', error.message, {
      currentRevision: error.actual,
    });
  }
  if (error instanceof ConcurrencyConflictError) {
    return base(409, 'concurrent-modification', 'Conflict', `${error.message}; retry the request`);
  }
  if (error instanceof EventStoreUnavailableError || isDatabaseUnavailable(error)) {
    return base(
      503,
      'dependency-unavailable',
      'Service unavailable',
      'A backing store is unreachable; retry later.',
    );
  }
  // Nest hands on the HTTP server's refusals (Fastify errors) as HttpExceptions of their status.
  const refusal = error instanceof HttpException ? SERVER_REFUSALS[error.getStatus()] : undefined;
  if (refusal) return base(...refusal);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    const title =
      HttpStatus[status]
        ?.toLowerCase()
        .replace(/(^|_)([a-z])/g, (_, s: string, c: string) => (s ? ' ' : '') + c.toUpperCase()) ??
      'Error';
    return base(
      status,
      slug(title),
      title,
      Array.isArray(message) ? message.join('; ') : String(message),
    );
  }
  return base(
    500,
    'internal',
    'Internal server error',
    'An unexpected error occurred; it has been logged.',
  );
}

/** Refusals the HTTP server raises before a route runs, by status. */
const SERVER_REFUSALS: Record<number, [number, string, string, string]> = {
  413: [413, 'payload-too-large', 'Payload too large', 'The request body exceeds the size limit.'],
  415: [
    415,
    'unsupported-media-type',
    'Unsupported media type',
    'Send the body as application/json.',
  ],
};

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Socket errors of a connection that could not be made or was cut: the database is away, not the request wrong. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string') {
    if (UNREACHABLE.has(code)) return true;
    // A Unix socket whose server stopped is gone from the disk.
    if (code === 'ENOENT' && syscall === 'connect') return true;
    if (code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08'))
      return true;
  }
  if (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      error.message,
    )
  )
    return true;
  // Both addresses of localhost refused; or a driver error wrapped by TypeORM.
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.every((inner) => isDatabaseUnavailable(inner, depth + 1));
  const wrapped =
    (error as { driverError?: unknown; cause?: unknown }).driverError ??
    (error as { cause?: unknown }).cause;
  return wrapped !== undefined && isDatabaseUnavailable(wrapped, depth + 1);
}
