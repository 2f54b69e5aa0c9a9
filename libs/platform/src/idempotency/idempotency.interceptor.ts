import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable, of, catchError } from 'rxjs';
import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, toProblem } from '../errors';
import { IdempotencyStore } from './idempotency-store';

const REPLAYED_HEADERS = ['etag', 'location', 'x-stream-revision', 'x-global-position'];
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Same key and body: the first response again, nothing written. Same key, other body: 422. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiProblem(
        400,
        'invalid-idempotency-key',
        'Invalid Idempotency-Key',
        'An Idempotency-Key is 1 to 255 visible ASCII characters.',
      );
    }
    const tenantId = request.actor.tenantId;
    const hash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');

    return from(this.store.claim(tenantId, key, hash)).pipe(
      mergeMap((claim) => {
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
              response.setHeader(name, value);
            response.setHeader('Idempotent-Replayed', 'true');
            if (claim.response.status >= 400) response.type('application/problem+json');
            return of(claim.response.body);
          case 'claimed':
            return next.handle().pipe(
              mergeMap(async (body) => {
                await this.store.complete(tenantId, key, {
                  status: response.statusCode,
                  headers: pick(response),
                  body,
                });
                return body;
              }),
              catchError(async (error) => {
                const problem = toProblem(error, request.originalUrl);
                if (problem.status >= 500)
                  await this.store.release(tenantId, key).catch(() => undefined);
                else
                  await this.store.complete(tenantId, key, {
                    status: problem.status,
                    headers: {},
                    body: problem,
                  });
                throw error;
              }),
            );
        }
      }),
    );
  }
}

function pick(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
}
