import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What a request's log line says about it. pino-http serialises these into every request's child
 * logger, whatever the level, so they stay small; headers (and so credentials) are never logged.
 */
export const requestLogSerializers = {
  req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
    // The correlation id, as pino-http's own serialiser names it.
    id: req.id,
    method: req.method,
    url: req.originalUrl ?? req.url,
    remoteAddress: req.socket?.remoteAddress,
    idempotencyKey: req.headers['idempotency-key'],
  }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
};
