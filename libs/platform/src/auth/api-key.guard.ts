import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem } from '../errors';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './decorators';
import type { ApiRole } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, once its API key is authenticated. */
    actor?: Actor;
  }
}

/**
 * Requires an authenticated `Authorization: Bearer <key>` on every route not marked @Public (the
 * key is authenticated once, by admitRequests), then checks @Roles.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const { actor } = context.switchToHttp().getRequest<FastifyRequest>();
    if (!actor) {
      throw new ApiProblem(
        401,
        'unauthenticated',
        'Unauthorized',
        'Send a valid API key as "Authorization: Bearer <key>".',
        {},
      );
    }
    const roles = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(actor.role as ApiRole)) {
      throw new ApiProblem(
        403,
        'forbidden-role',
        'Forbidden',
        `This operation is not available to the ${actor.role} role.`,
        {
          allowedRoles: roles,
        },
      );
    }
    return true;
  }
}
