import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ALL_PERMISSIONS } from '../../src/common/auth/permissions';
import { concretePath, lackedPermissions, listRoutes, RouteInfo, routeName, PUBLIC_ROUTES } from '../support/routes';
import { clientAddress, startTestApp, TestApp } from '../support/test-app';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Which permission-free routes end the caller's session; they are sent last. */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout']);

describe('route access', () => {
  let t: TestApp;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  /** Sends the route with a random UUID for every path parameter and, for writes, an empty JSON body. */
  const send = (route: RouteInfo, token?: string): Promise<Response> => {
    const path = concretePath(route, randomUUID);
    let req = t.http()[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).set('X-Forwarded-For', clientAddress());
    if (token !== undefined) req = req.set('Authorization', `Bearer ${token}`);
    return MUTATING.has(route.method) ? req.send({}) : req;
  };

  it('finds every route of the application', () => {
    expect(routes.length).toBeGreaterThanOrEqual(29);
    const names = routes.map((r) => `${routeName(r)} ${r.handler}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/v1/users createUser',
        'GET /api/v1/users/:id getUser',
        'GET /api/v1/audit listAuditEntries',
        'GET /api/v1/health getLiveness',
        'PUT /api/v1/roles/:id/permissions setRolePermissions',
      ]),
    );
    expect(new Set(routes.map(routeName)).size).toBe(routes.length);
    // The walk builds paths the way the router does: each one is registered with Fastify.
    const fastify = t.app.getHttpAdapter().getInstance();
    const unregistered = routes.filter((r) => !fastify.hasRoute({ method: r.method as 'GET', url: r.path }));
    expect(unregistered.map(routeName)).toEqual([]);
  });

  it('has no route that is neither @Public() nor declares its permissions', () => {
    const undeclared = routes.filter((r) => !r.isPublic && r.permissions === undefined).map((r) => `${routeName(r)} (${r.controller}.${r.handler})`);
    expect(undeclared).toEqual([]);
    const both = routes.filter((r) => r.isPublic && r.permissions !== undefined).map(routeName);
    expect(both).toEqual([]);
  });

  it('opens exactly the intended routes to callers without a token', () => {
    expect(routes.filter((r) => r.isPublic).map(routeName).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('declares only permissions from the catalogue', () => {
    const known = new Set<string>(ALL_PERMISSIONS);
    const unknown = routes.flatMap((r) => (r.permissions ?? []).filter((p) => !known.has(p)).map((p) => `${routeName(r)}: ${p}`));
    expect(unknown).toEqual([]);
  });

  it('answers every non-public route without a token, or with a bad one, with 401 in the error shape', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const [label, token] of [
        ['no token', undefined],
        ['garbage token', 'not.a.jwt'],
      ] as const) {
        const res = await send(route, token);
        const body = res.body as Record<string, unknown>;
        const shapeOk =
          body.statusCode === 401 &&
          body.error === 'INVALID_TOKEN' &&
          typeof body.message === 'string' &&
          body.requestId === res.headers['x-request-id'];
        if (res.status !== 401 || !shapeOk) problems.push(`${routeName(route)} with ${label}: ${res.status} ${JSON.stringify(body)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  describe('role × route matrix (from the roles in the database)', () => {
    interface RoleUnderTest {
      name: string;
      permissions: Set<string>;
      token: string;
    }
    let roles: RoleUnderTest[];

    beforeAll(async () => {
      // A role with no permissions at all, so every permission-guarded route has someone to refuse.
      await t.db.query("INSERT INTO roles (id, name, description) VALUES (UUID(), 'e2e_no_access', 'Holds nothing')");
      const admin = await t.tokenFor('admin');
      const listed = await t.http().get('/api/v1/roles').set('Authorization', `Bearer ${admin}`).expect(200);
      const fromApi = listed.body as { name: string; permissions: string[] }[];
      const password = 'quartz-meadow-lantern-73';
      roles = [];
      for (const role of fromApi) {
        const email = `matrix.${role.name.replace(/_/g, '.')}.${randomUUID().slice(0, 8)}@clinic.test`;
        await t
          .http()
          .post('/api/v1/users')
          .set('Authorization', `Bearer ${admin}`)
          .send({ email, fullName: `Matrix ${role.name}`, password, role: role.name, jurisdiction: { level: 'national' } })
          .expect(201);
        roles.push({ name: role.name, permissions: new Set(role.permissions), token: (await t.login(email, password)).accessToken });
      }
    });

    it('covers every role, including viewer and one without permissions', () => {
      const names = roles.map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['administrator', 'viewer', 'nurse', 'e2e_no_access']));
      expect(roles.find((r) => r.name === 'administrator')!.permissions).toEqual(new Set(ALL_PERMISSIONS));
    });

    it('refuses every permission-guarded route, with 403 MISSING_PERMISSION, to each role that lacks a permission it needs, and only to those', async () => {
      const guarded = routes.filter((r) => (r.permissions ?? []).length > 0);
      expect(guarded.length).toBeGreaterThanOrEqual(19);
      const problems: string[] = [];
      const refusedTo = new Map<string, string[]>();
      for (const route of guarded) {
        for (const role of roles) {
          const lacks = lackedPermissions(route, role.permissions);
          const res = await send(route, role.token);
          const missingPermission = res.status === 403 && res.body.error === 'MISSING_PERMISSION';
          if (lacks.length > 0) {
            refusedTo.set(routeName(route), [...(refusedTo.get(routeName(route)) ?? []), role.name]);
            if (!missingPermission || res.body.statusCode !== 403 || typeof res.body.requestId !== 'string') {
              problems.push(`${role.name} lacks ${lacks.join(', ')} but ${routeName(route)} answered ${res.status} ${res.body.error}`);
            }
          } else if (res.status === 401 || missingPermission) {
            problems.push(`${role.name} holds ${route.permissions!.join(', ')} but ${routeName(route)} answered ${res.status} ${res.body.error}`);
          }
        }
      }
      expect(problems).toEqual([]);
      // Every guarded route was refused to somebody, so the matrix really exercised each guard.
      expect(guarded.map(routeName).filter((name) => !refusedTo.has(name))).toEqual([]);
      // The demo viewer in particular cannot manage anything.
      for (const name of ['POST /api/v1/users', 'GET /api/v1/audit', 'PUT /api/v1/roles/:id/permissions', 'GET /api/v1/users/:id']) {
        expect(refusedTo.get(name)).toContain('viewer');
      }
    });

    it('lets every role reach the routes open to any signed-in user', async () => {
      const anyUser = routes
        .filter((r) => r.permissions !== undefined && r.permissions.length === 0)
        .sort((a, b) => Number(ENDS_SESSION.has(routeName(a))) - Number(ENDS_SESSION.has(routeName(b))));
      expect(anyUser.map(routeName)).toEqual(expect.arrayContaining(['GET /api/v1/auth/me', 'POST /api/v1/auth/logout']));
      const problems: string[] = [];
      for (const route of anyUser) {
        for (const role of roles) {
          const res = await send(route, role.token);
          if (res.status === 401 || res.status === 403) problems.push(`${role.name}: ${routeName(route)} answered ${res.status} ${res.body.error}`);
        }
      }
      expect(problems).toEqual([]);
    });
  });
});
