import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, CommandContext } from '@warranty/eventsourcing';
import { parseIfMatch } from './http';

/** The actor, correlation id and If-Match revision of the request, ready for a command handler. */
export const CommandCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<Request & { actor: Actor; id?: unknown }>();
    return {
      actor: request.actor,
      correlationId: String(request.id ?? request.header('x-correlation-id') ?? ''),
      expectedRevision: parseIfMatch(request.header('if-match')),
    };
  },
);
