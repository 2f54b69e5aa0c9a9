import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@warranty/eventsourcing';
import type { ApiRole } from './roles';

export const PUBLIC_ROUTE = 'platform:public';
export const ALLOWED_ROLES = 'platform:roles';

/** No API key needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; others get 403 (the route exists for everyone, only its data is scoped). */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
