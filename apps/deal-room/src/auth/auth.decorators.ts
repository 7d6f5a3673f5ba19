import { createParamDecorator, CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedRequest } from './authenticated-request';
import { Actor, Role } from '../kernel';

export const IS_PUBLIC = 'deal-room:auth:public';
export const REQUIRED_ROLES = 'deal-room:auth:roles';

/** Lets a route (or every route of a controller) through without a token. */
export const Public = (): CustomDecorator<string> => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; on a method it replaces the controller's list. */
export function Roles(...roles: Role[]): CustomDecorator<string> {
  // An empty list would lock everyone out, which is never what the author meant.
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  return SetMetadata(REQUIRED_ROLES, roles);
}

/** The authenticated caller, as set by AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const { actor } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (actor === undefined) {
    // A programming error (a @Public() route, or the guard not registered), so a 500, not a 401.
    throw new Error('@CurrentActor() used on a route that AuthGuard did not authenticate');
  }
  return actor;
});
