import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * True when this request repeats, under its Idempotency-Key, one that succeeded with an answer
 * that was not kept (it held a secret): the handler must find what the first made, not make it
 * again. A handler whose command converges by itself (an id derived from the key) needs it not.
 */
export const IdempotentRerun = createParamDecorator(
  (_: unknown, context: ExecutionContext): boolean =>
    context.switchToHttp().getRequest<FastifyRequest>().idempotentRerun,
);
