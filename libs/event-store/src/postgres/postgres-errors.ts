import { EventStoreUnavailableError } from '../errors';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
]);

/** Connection failures and server shutdowns become EventStoreUnavailableError; others pass through. */
export function translatePgError(error: unknown): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  if (
    (code &&
      (UNAVAILABLE_CODES.has(code) ||
        code.startsWith('08') ||
        code === '57P01' ||
        code === '57P03')) ||
    (error instanceof Error &&
      /Connection terminated|timeout exceeded when trying to connect/.test(error.message))
  ) {
    return new EventStoreUnavailableError(
      `PostgreSQL event store unavailable: ${(error as Error).message}`,
      error,
    );
  }
  return error;
}
