import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { type Actor, type CommandContext, nameBasedId } from '@warranty/eventsourcing';
import { parseIfMatch } from './http';

const COMMAND_ID_NAMESPACE = 'warranty-platform/http-command';

/**
 * The actor, correlation id and If-Match revision of the request, ready for a command handler;
 * a POST with an Idempotency-Key also gets a command id, so its retry after a crash converges.
 */
export const CommandCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<Request & { actor: Actor; id?: unknown }>();
    const key = request.method === 'POST' ? request.header('idempotency-key') : undefined;
    return {
      actor: request.actor,
      correlationId: String(request.id ?? request.header('x-correlation-id') ?? ''),
      expectedRevision: parseIfMatch(request.header('if-match')),
      ...(key && request.actor
        ? { commandId: nameBasedId(COMMAND_ID_NAMESPACE, request.actor.tenantId, key) }
        : {}),
    };
  },
);
