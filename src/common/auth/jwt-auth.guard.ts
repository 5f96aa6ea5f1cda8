import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AUDIT_READ, AUDIT_RESOURCE } from '../audit/audit.decorators';
import { UnauthenticatedError } from '../errors/domain-errors';
import type { AppRequest } from '../http/app-request';
import { IS_PUBLIC } from './auth.decorators';

/**
 * Global, first guard. Authenticates every route not marked @Public(). It also notes the route's
 * action and resource on the request first, so a request refused here is still audited by name.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const request = context.switchToHttp().getRequest<AppRequest>();
    const handler = context.getHandler();
    const controller = context.getClass();
    request.auditMark = {
      ...request.auditMark,
      action: handler.name,
      resourceType: this.reflector.getAllAndOverride<string>(AUDIT_RESOURCE, [handler, controller]),
      auditRead: this.reflector.getAllAndOverride<boolean>(AUDIT_READ, [handler, controller]) ?? false,
    };
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller])) return true;
    return super.canActivate(context);
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    // passport-jwt reports a bad token as "no user"; an err is a failure while loading the user
    // (e.g. the database is down) and must surface as a 5xx, not sign the caller out.
    if (err) throw err;
    if (!user) throw new UnauthenticatedError('INVALID_TOKEN', 'The access token is missing, invalid or expired');
    return user;
  }
}
