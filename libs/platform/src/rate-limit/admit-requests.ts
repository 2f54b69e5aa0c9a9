import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiKeys } from '../auth';
import { ApiProblem } from '../errors';
import { RequestRates } from './request-rates';

/** The API key of `Authorization: Bearer <key>`, if the request sends one. */
function presentedKey(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * Authenticates each request's API key once, and counts the request against the key's rate before
 * its body is read or its Idempotency-Key claimed: a refused request writes nothing. The
 * idempotency hook and the guard use the actor found here.
 */
export function admitRequests(server: FastifyInstance, keys: ApiKeys, rates: RequestRates): void {
  server.addHook('onRequest', async (request, reply) => {
    const presented = presentedKey(request);
    // No key or a bad one: the guard answers 401 where the route needs one.
    const key = presented ? await keys.authenticate(presented) : undefined;
    if (!key) return;
    request.actor = key.actor;
    const retryAfter = rates.take(key.actor.id, key.requestsPerMinute);
    if (retryAfter === undefined) return;
    void reply.header('Retry-After', String(retryAfter));
    const perMinute = key.requestsPerMinute ?? rates.defaultPerMinute;
    throw new ApiProblem(
      429,
      'too-many-requests',
      'Too many requests',
      `This API key may send ${perMinute} requests a minute; retry after ${retryAfter} s.`,
      { requestsPerMinute: perMinute, retryAfterSeconds: retryAfter },
    );
  });
}
