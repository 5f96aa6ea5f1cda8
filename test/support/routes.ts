import { HttpStatus, INestApplication, RequestMethod, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, PERMISSIONS_ANY_OF, REQUIRED_PERMISSIONS } from '../../src/common/auth/auth.decorators';
import { API_PREFIX } from '../../src/common/openapi/openapi';

export interface RouteInfo {
  /** HTTP method, upper case. */
  method: string;
  /** Full path as routed, e.g. `/api/v1/users/:id`. */
  path: string;
  /** The same path as the OpenAPI spec writes it, e.g. `/api/v1/users/{id}`. */
  openApiPath: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  /** What @RequirePermissions declared (empty for any signed-in user), or undefined when nothing was declared. */
  permissions: string[] | undefined;
  /** True when any one of `permissions` suffices (@RequireAnyPermission). */
  permissionsAnyOf: boolean;
  /** The status Nest answers with on success (@HttpCode, else 201 for POST and 200 otherwise). */
  successStatus: number;
}

const asArray = (value: string | string[] | undefined): string[] => (value === undefined ? [''] : Array.isArray(value) ? value : [value]);
const joinPath = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/**
 * Every route handler of every controller of the running application, read from the same metadata
 * the router and the guards read, so a route cannot exist without appearing here.
 */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const controllerPaths = asArray(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const targets = [handler, controller];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
        const permissions = reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, targets);
        const permissionsAnyOf = reflector.getAllAndOverride<boolean>(PERMISSIONS_ANY_OF, targets) ?? false;
        const successStatus =
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
        for (const base of controllerPaths) {
          for (const own of asArray(methodPath)) {
            const path = joinPath(API_PREFIX, base, own);
            routes.push({
              method,
              path,
              openApiPath: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
              controller: controller.name,
              handler: name,
              isPublic,
              permissions,
              permissionsAnyOf,
              successStatus,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** The route's permissions the role lacks, in the route's own terms (all-of, or any-of). */
export function lackedPermissions(route: RouteInfo, held: Set<string>): string[] {
  const missing = (route.permissions ?? []).filter((p) => !held.has(p));
  if (route.permissionsAnyOf) return missing.length === (route.permissions ?? []).length ? missing : [];
  return missing;
}

/** `GET /api/v1/users/:id` */
export const routeName = (r: Pick<RouteInfo, 'method' | 'path'>) => `${r.method} ${r.path}`;

/** The route's path with every `:param` replaced by a value (a fresh UUID unless given). */
export function concretePath(route: RouteInfo, value: () => string): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, () => value());
}

/** The only routes open without a token. Adding one is a security decision: change it here, on purpose. */
export const PUBLIC_ROUTES = [
  'GET /api/v1/health',
  'GET /api/v1/health/ready',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
];
