import { startTestApp, TestApp } from '../support/test-app';

describe('error shape', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
  });
  afterAll(() => t.close());

  const expectShape = (body: Record<string, unknown>) => {
    expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['error', 'message', 'requestId', 'statusCode']));
    expect(JSON.stringify(body)).not.toMatch(/SELECT|INSERT|ER_|at .*\.ts|node_modules/);
  };

  it('gives field-level details for validation errors', async () => {
    const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send({ email: 'not-an-email', role: 7, isAdmin: true });
    expect(res.status).toBe(400);
    expectShape(res.body);
    expect(res.body.error).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'email must be an email' },
        { field: 'isAdmin', message: 'property isAdmin should not exist' },
        { field: 'jurisdiction', message: 'jurisdiction should not be null or undefined' },
      ]),
    );
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('names nested fields by path', async () => {
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'a@b.co', fullName: 'A B', password: 'x', role: 'nurse', jurisdiction: { level: 'clinic', clinicId: 'nope' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ field: 'jurisdiction.clinicId', message: 'clinicId must be a UUID' });
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const res = await t.http().get('/api/v1/no-such-thing').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
    expectShape(res.body);
    expect(res.body.error).toBe('NOT_FOUND');
  });

  it('answers malformed JSON with 400 in the same shape', async () => {
    const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{"email":');
    expect(res.status).toBe(400);
    expectShape(res.body);
  });

  it('answers a malformed URL in the same shape, and audits it', async () => {
    const res = await t.http().post('/api/v1/users/%E0%A4%A/deactivate').set('Authorization', `Bearer ${admin}`).set('X-Request-Id', 'bad-url-1');
    expect(res.status).toBe(400);
    expectShape(res.body);
    expect(res.body.requestId).toBe('bad-url-1');
    const rows = await t.db.query("SELECT status_code FROM audit_log WHERE request_id = 'bad-url-1'");
    expect(rows).toEqual([{ status_code: 400 }]);
  });

  it('answers a duplicate unique value with 409', async () => {
    const res = await t
      .http()
      .post('/api/v1/clinics')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'GP-TSH-001', name: 'Duplicate code', kind: 'fixed', districtId: (await t.db.query('SELECT id FROM districts LIMIT 1'))[0].id });
    expect(res.status).toBe(409);
    expectShape(res.body);
    expect(res.body.error).toBe('CLINIC_CODE_EXISTS');
  });

  it('bounds pagination: perPage over 100 is a 400, page 0 is a 400', async () => {
    const big = await t.http().get('/api/v1/users?perPage=1000').set('Authorization', `Bearer ${admin}`);
    expect(big.status).toBe(400);
    expect(big.body.details).toContainEqual({ field: 'perPage', message: 'perPage must not be greater than 100' });
    const zero = await t.http().get('/api/v1/users?page=0').set('Authorization', `Bearer ${admin}`);
    expect(zero.status).toBe(400);
  });

  it('returns list metadata in the documented shape', async () => {
    const res = await t.http().get('/api/v1/users?perPage=2&page=2').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.meta).toEqual({ total: 9, page: 2, perPage: 2, totalPages: 5, hasNext: true, hasPrev: true });
  });

  it('rejects a non-UUID id with 400, not 500', async () => {
    const res = await t.http().get('/api/v1/users/123').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(400);
    expectShape(res.body);
  });
});
