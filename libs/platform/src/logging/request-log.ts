import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';

/** What a request's log line says about it; headers (and so credentials) are never logged. */
export function requestLine(request: FastifyRequest, reply: FastifyReply) {
  return {
    req: {
      // The correlation id (see genReqId in the HTTP adapter).
      id: request.id,
      method: request.method,
      url: request.originalUrl,
      remoteAddress: request.socket?.remoteAddress,
      idempotencyKey: request.headers['idempotency-key'],
    },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
}

/**
 * One line per answered request, written once it is sent. A Fastify hook rather than pino-http
 * middleware: no per-request child logger, and no async context kept for every promise.
 */
export function logRequests(server: FastifyInstance, logger: Pino): void {
  server.addHook('onResponse', (request, reply, done) => {
    const failed = reply.statusCode >= 500;
    if (logger.isLevelEnabled(failed ? 'error' : 'info')) {
      const line = requestLine(request, reply);
      if (failed) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    }
    done();
  });
}
