import type { FastifyRequest } from 'fastify';
import { requestHeader } from './request-header';

/** Visible ASCII, 1 to 100 characters: an event id, a timer id or the caller's own request id. */
export const CAUSATION_ID_PATTERN = '^[!-~]{1,100}$';
const CAUSATION_ID = new RegExp(CAUSATION_ID_PATTERN);

/**
 * The caller's X-Causation-Id: what this request follows from (the event a process manager
 * reacts to). Like X-Correlation-Id it never refuses a request: a malformed one is ignored.
 */
export function causationIdOf(request: FastifyRequest): string | undefined {
  const value = requestHeader(request, 'x-causation-id');
  return value !== undefined && CAUSATION_ID.test(value) ? value : undefined;
}
