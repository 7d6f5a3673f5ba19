import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApplicationError } from '../common/application-error';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthenticatedRequest } from './authenticated-request';
import { TokenVerifier } from './token-verifier';
import { Role } from '../kernel';

/** Authenticates every route not marked @Public(), then checks @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.verifier.authenticate(request);
    request.actor = actor;
    if (request.raw) request.raw.actor = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles !== undefined && !roles.includes(actor.role)) {
      const detail = `This action needs the role ${roles.join(' or ')}, not ${actor.role}`;
      throw new ApplicationError('FORBIDDEN', 403, detail);
    }
    return true;
  }
}
