import type { Response } from 'supertest';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

/**
 * Malformed input anywhere — path, query or body — is a 400 in the one error shape, naming the
 * field; it never reaches a service or the database (where it would become a 500 or bad data).
 */
describe('bad input', () => {
  let t: TestApp;
  let admin: string;
  let nurseId: string;
  let districtId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
    nurseId = (await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('nurse')]))[0].id;
    districtId = (await t.db.query('SELECT id FROM districts LIMIT 1'))[0].id;
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${admin}`);
  const post = (path: string, body?: object) => t.http().post(path).set('Authorization', `Bearer ${admin}`).send(body);
  const patch = (path: string, body: object) => t.http().patch(path).set('Authorization', `Bearer ${admin}`).send(body);

  /** A 400 VALIDATION_FAILED in the error shape, and nothing else in the body; returns its details. */
  function expectValidationError(res: Response): { field: string; message: string }[] {
    const body = res.body as Record<string, unknown>;
    const summary = { status: res.status, body };
    expect(summary).toMatchObject({ status: 400, body: { statusCode: 400, error: 'VALIDATION_FAILED' } });
    expect(Object.keys(body).every((k) => ['statusCode', 'error', 'message', 'details', 'requestId'].includes(k))).toBe(true);
    expect(typeof body.message).toBe('string');
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(typeof body.requestId).toBe('string');
    const details = body.details as { field: string; message: string }[];
    expect(Array.isArray(details) && details.length > 0).toBe(true);
    for (const d of details) expect(Object.keys(d).sort()).toEqual(['field', 'message']);
    return details;
  }

  const fields = (details: { field: string }[]) => [...new Set(details.map((d) => d.field))];

  describe('path parameters', () => {
    const BAD_ID = [{ field: 'id', message: 'id must be a UUID' }];

    it.each([
      ['GET', '/api/v1/clinics/not-a-uuid'],
      ['GET', '/api/v1/roles/not-a-uuid'],
      ['GET', '/api/v1/users/not-a-uuid'],
      ['POST', '/api/v1/users/not-a-uuid/deactivate'],
      ['POST', '/api/v1/users/not-a-uuid/reactivate'],
    ])('%s %s is a 400 naming the id', async (method, path) => {
      const res = method === 'GET' ? await get(path) : await post(path);
      expect(expectValidationError(res)).toEqual(BAD_ID);
    });
  });

  describe('query strings', () => {
    it('refuses a provinceId that is not a UUID on /districts', async () => {
      expect(fields(expectValidationError(await get('/api/v1/districts?provinceId=x')))).toEqual(['provinceId']);
    });

    it('refuses an unknown clinic kind on /clinics', async () => {
      expect(fields(expectValidationError(await get('/api/v1/clinics?kind=boat')))).toEqual(['kind']);
    });

    it.each(['1e20', 'abc', '0', '-1', '1.5'])('refuses page=%s on /users', async (page) => {
      expect(fields(expectValidationError(await get(`/api/v1/users?page=${page}`)))).toEqual(['page']);
    });

    it('still answers a good page', async () => {
      const res = await get('/api/v1/users?page=1&perPage=5').expect(200);
      expect(res.body.meta).toMatchObject({ page: 1, perPage: 5 });
    });

    it('refuses an audit date beyond what the database can hold', async () => {
      // +275760-09-13 is the largest date JavaScript can represent; a DATETIME column stops at 9999.
      const res = await get('/api/v1/audit?from=%2B275760-09-13T00:00:00.000Z');
      expect(fields(expectValidationError(res))).toEqual(['from']);
    });
  });

  describe('bodies', () => {
    const nurseRow = async () =>
      (
        await t.db.query(
          'SELECT full_name, role_id, jurisdiction_level, province_id, district_id, clinic_id, updated_at FROM users WHERE id = ?',
          [nurseId],
        )
      )[0];

    it.each([
      [{ fullName: null }, 'fullName'],
      [{ role: null }, 'role'],
      [{ jurisdiction: null }, 'jurisdiction'],
      [{ jurisdiction: [] }, 'jurisdiction'],
    ])('PATCH /users/:id with %j is a 400, and changes nothing', async (body, field) => {
      const before = await nurseRow();
      const res = await patch(`/api/v1/users/${nurseId}`, body);
      expect(fields(expectValidationError(res))).toEqual([field]);
      expect(await nurseRow()).toEqual(before);
    });

    it('PATCH /auth/me with a null fullName is a 400, and changes nothing', async () => {
      const before = (await get('/api/v1/auth/me').expect(200)).body.fullName;
      expect(fields(expectValidationError(await patch('/api/v1/auth/me', { fullName: null })))).toEqual(['fullName']);
      expect((await get('/api/v1/auth/me').expect(200)).body.fullName).toBe(before);
    });

    it.each([
      ['null', null],
      ['the string "12"', '12'],
    ])('POST /clinics with latitude %s is a 400, and creates nothing', async (_label, latitude) => {
      const code = `BAD-LAT-${typeof latitude === 'string' ? 'S' : 'N'}`;
      const res = await post('/api/v1/clinics', { code, name: 'Bad latitude clinic', kind: 'fixed', districtId, latitude, longitude: 28.2 });
      expect(fields(expectValidationError(res))).toEqual(['latitude']);
      expect(await t.db.query('SELECT id FROM clinics WHERE code = ?', [code])).toEqual([]);
    });

    it('the same clinic with a numeric latitude is created (the refusals above were about latitude alone)', async () => {
      const res = await post('/api/v1/clinics', { code: 'GOOD-LAT', name: 'Good latitude clinic', kind: 'fixed', districtId, latitude: -25.7, longitude: 28.2 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code: 'GOOD-LAT', latitude: -25.7, longitude: 28.2 });
    });
  });
});
