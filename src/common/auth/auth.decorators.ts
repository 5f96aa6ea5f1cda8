import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import type { AppRequest } from '../http/app-request';
import type { AuthUser } from './auth-user';
import type { PermissionCode } from './permissions';

export const IS_PUBLIC = 'access:public';
export const REQUIRED_PERMISSIONS = 'access:permissions';
/** Set with REQUIRED_PERMISSIONS when the listed permissions are alternatives (any one suffices). */
export const PERMISSIONS_ANY_OF = 'access:permissions-any-of';

/** Opens a route to callers without a token. Every other route needs one (deny by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Declares what a route needs: a valid token and every listed permission. Also documents the
 * bearer security and the 401/403 answers in the OpenAPI spec, so access and its documentation
 * cannot drift apart.
 */
export function RequirePermissions(...permissions: PermissionCode[]) {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid access token', type: ErrorResponseDto }),
    ...(permissions.length > 0
      ? [ApiForbiddenResponse({ description: `Requires ${permissions.join(', ')}`, type: ErrorResponseDto })]
      : []),
  );
}

/**
 * Like @RequirePermissions, but any one of the listed permissions suffices: for a decision that
 * either of two roles may take (a doctor or a social worker skipping counseling).
 */
export function RequireAnyPermission(...permissions: [PermissionCode, PermissionCode, ...PermissionCode[]]) {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSIONS, permissions),
    SetMetadata(PERMISSIONS_ANY_OF, true),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid access token', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: `Requires one of ${permissions.join(', ')}`, type: ErrorResponseDto }),
  );
}

/** A route for any signed-in user, whatever their permissions (their own profile, sign-out). */
export const AnyAuthenticatedUser = () => RequirePermissions();

/** The signed-in caller. Only valid on routes that are not @Public(). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AppRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});
