import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InputValidationError, toProblem } from '../errors';
import { clientErrorAsProblem } from './client-errors';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The HTTP server every service runs on: Fastify, with the platform's limits and error answers. */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Node's own default, which Fastify turns off: a request still arriving after 5 minutes is a 408.
    requestTimeout: 300_000,
    // Longer parameters are the validators' to refuse with a 400, not the router's 404.
    routerOptions: { maxParamLength: 16_384, ignoreTrailingSlash: true },
    clientErrorHandler: clientErrorAsProblem,
    frameworkErrors: routingErrorAsProblem,
    genReqId: correlationId,
    // No Express-style middleware anywhere, so no middie running on every request.
    skipMiddie: true,
  });
}

/** The request's id, in logs, events and the X-Correlation-Id answer: the caller's own, or a new one. */
function correlationId(request: IncomingMessage): string {
  return String(request.headers['x-correlation-id'] ?? randomUUID()).slice(0, 100);
}

/** The router refuses a path it cannot decode before any hook runs; it still gets problem+json. */
function routingErrorAsProblem(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem = toProblem(
    error.code === 'FST_ERR_BAD_URL'
      ? new InputValidationError([
          { field: 'path', message: 'the path is not valid percent-encoded UTF-8' },
        ])
      : error,
    request.url,
  );
  void reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}
