import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../errors/domain-errors';
import type { AppRequest } from '../http/app-request';
import { IS_PUBLIC, PERMISSIONS_ANY_OF, REQUIRED_PERMISSIONS } from './auth.decorators';

/** Global, second guard: the caller must hold every permission the route declares (or one of them, for @RequireAnyPermission). */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, targets);
    // A route that declares nothing is closed, not open; the route-access test catches it earlier.
    if (required === undefined) throw new ForbiddenError('ROUTE_ACCESS_UNDECLARED');
    const user = context.switchToHttp().getRequest<AppRequest>().user;
    if (!user) return false;
    if (this.reflector.getAllAndOverride<boolean>(PERMISSIONS_ANY_OF, targets)) {
      if (required.some((p) => user.permissions.has(p))) return true;
      throw new ForbiddenError('MISSING_PERMISSION', `This action requires one of ${required.join(', ')}`);
    }
    if (required.every((p) => user.permissions.has(p))) return true;
    throw new ForbiddenError('MISSING_PERMISSION', `This action requires ${required.join(', ')}`);
  }
}
