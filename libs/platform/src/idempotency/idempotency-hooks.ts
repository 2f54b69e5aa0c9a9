import canonicalize from 'canonicalize';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ApiProblem } from '../errors';
import { requestHeader } from '../http/request-header';
import { IdempotencyStore } from './idempotency-store';

const REPLAYED_HEADERS = ['etag', 'location', 'x-stream-revision', 'x-global-position'];
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request holds, until its response is stored or the key freed. */
    idempotencyKey?: { tenantId: string; key: string };
    /** The same key and body succeeded before, with an answer that was not kept (a secret). */
    idempotentRerun: boolean;
  }
}

/**
 * Same key and body: the first response again, nothing written. Same key, other body: 422. Only
 * successes are stored; any refusal frees the key, so a corrected request can reuse it. A success
 * marked no-store (it holds a secret) keeps the key and its request, never the answer: the same
 * request runs again and finds what it made. Fastify hooks rather than a Nest interceptor, which
 * costs every request an AsyncResource and rxjs.
 */
export function honourIdempotencyKeys(server: FastifyInstance, store: IdempotencyStore): void {
  server.decorateRequest('idempotencyKey', undefined);
  server.decorateRequest('idempotentRerun', false);
  server.addHook('preHandler', async (request, reply) => {
    const key = requestHeader(request, 'idempotency-key');
    if (request.method !== 'POST' || key === undefined) return;
    // Authenticated by admitRequests; without a valid key the guard answers 401, the key untouched.
    const actor = request.actor;
    if (!actor) return;
    if (!KEY_PATTERN.test(key)) {
      throw new ApiProblem(
        400,
        'invalid-idempotency-key',
        'Invalid Idempotency-Key',
        'An Idempotency-Key is 1 to 255 visible ASCII characters.',
      );
    }
    const claim = await store.claim(actor.tenantId, key, requestHash(request));
    switch (claim.outcome) {
      case 'mismatch':
        throw new ApiProblem(
          422,
          'idempotency-key-reused',
          'Idempotency-Key reused',
          'This Idempotency-Key was already used with a different request.',
        );
      case 'in_progress':
        throw new ApiProblem(
          409,
          'idempotency-key-in-progress',
          'Request in progress',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
        );
      case 'not_kept':
        // Its answer held a secret: the handler runs again, unheld, and finds what the first made.
        request.idempotentRerun = true;
        return;
      case 'replay':
        void reply
          .status(claim.response.status)
          .headers({ ...claim.response.headers, 'Idempotent-Replayed': 'true' });
        return reply.send(claim.response.body);
      case 'claimed':
        request.idempotencyKey = { tenantId: actor.tenantId, key };
    }
  });
  server.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotencyKey;
    if (!held) return payload;
    request.idempotencyKey = undefined;
    // A refusal writes nothing (commands append last, or converge on retry): the key is freed.
    if (reply.statusCode >= 400) {
      await store.release(held.tenantId, held.key).catch(() => undefined);
      return payload;
    }
    // An answer marked no-store (a new API key's or subscription's secret) is never kept; its
    // request is, so the same key with another body is still a 422.
    if (/no-store/i.test(String(reply.getHeader('cache-control') ?? ''))) {
      await store.completeUnkept(held.tenantId, held.key, reply.statusCode).catch(() => undefined);
      return payload;
    }
    const body = typeof payload === 'string' && payload !== '' ? payload : 'null';
    await store
      .complete(
        held.tenantId,
        held.key,
        { status: reply.statusCode, headers: replayed(reply) },
        body,
      )
      // The write is done: answer it; an unstored key frees itself as after a crash.
      .catch(() => undefined);
    return payload;
  });
}

/** SHA-256 of method, URL and the body as RFC 8785 canonical JSON, so key order does not matter. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n${canonicalize(request.body ?? null) ?? ''}`)
    .digest('hex');
}

function replayed(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
