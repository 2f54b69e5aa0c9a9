import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Actor, type CommandContext, nameBasedId } from '@warranty/eventsourcing';
import { causationIdOf, parseIfMatch, requestHeader } from './http';

const COMMAND_ID_NAMESPACE = 'warranty-platform/http-command';

/**
 * The actor, correlation id, causation id (X-Causation-Id, else the correlation id) and If-Match
 * revision of the request, ready for a command handler; a POST with an Idempotency-Key also gets
 * a command id, so its retry after a crash converges.
 */
export const CommandCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor: Actor }>();
    const key = request.method === 'POST' ? requestHeader(request, 'idempotency-key') : undefined;
    const causationId = causationIdOf(request);
    return {
      actor: request.actor,
      correlationId: request.id,
      ...(causationId ? { causationId } : {}),
      expectedRevision: parseIfMatch(requestHeader(request, 'if-match')),
      ...(key && request.actor
        ? { commandId: nameBasedId(COMMAND_ID_NAMESPACE, request.actor.tenantId, key) }
        : {}),
    };
  },
);
