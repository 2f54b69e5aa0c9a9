import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem } from '../errors';
import { requestHeader } from '../http/request-header';
import { IdempotencyStore } from './idempotency-store';

const REPLAYED_HEADERS = ['etag', 'location', 'x-stream-revision', 'x-global-position'];
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Same key and body: the first response again, nothing written. Same key, other body: 422.
 * Only successes are stored; any refusal leaves the key free so a corrected request can reuse it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const key = requestHeader(request, 'idempotency-key');
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiProblem(
        400,
        'invalid-idempotency-key',
        'Invalid Idempotency-Key',
        'An Idempotency-Key is 1 to 255 visible ASCII characters.',
      );
    }
    return from(this.once(request.actor.tenantId, key, request, response, next));
  }

  /** One async run rather than a chain of operators: this wraps every keyed POST. */
  private async once(
    tenantId: string,
    key: string,
    request: FastifyRequest,
    response: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    const claim = await this.store.claim(tenantId, key, requestHash(request));
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
      case 'replay':
        response.status(claim.response.status);
        for (const [name, value] of Object.entries(claim.response.headers))
          response.header(name, value);
        response.header('Idempotent-Replayed', 'true');
        if (claim.response.status >= 400) response.type('application/problem+json');
        return claim.response.body;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // Refusals write nothing (commands append last, or converge on retry), so the key stays free.
      await this.store.release(tenantId, key).catch(() => undefined);
      throw error;
    }
    await this.store
      .complete(tenantId, key, { status: response.statusCode, headers: pick(response), body })
      // The write is done: answer it; an unstored key frees itself as after a crash.
      .catch(() => undefined);
    return body;
  }
}

/** SHA-256 of method, URL and the body as RFC 8785 canonical JSON, so key order does not matter. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.originalUrl}\n${canonicalize(request.body ?? null) ?? ''}`)
    .digest('hex');
}

function pick(response: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
