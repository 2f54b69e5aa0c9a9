import type { FastifyRequest } from 'fastify';

/** A request header's value; Node joins repeated custom headers, so only set-cookie is a list. */
export function requestHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
