import { startTestApp, TestApp } from '../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a token', async () => {
    expect((await t.http().get('/api/v1/health')).body).toEqual({ status: 'ok', details: {} });
    const ready = await t.http().get('/api/v1/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('gives details only with system:health', async () => {
    await t.http().get('/api/v1/health/detailed').expect(401);
    await t.http().get('/api/v1/health/detailed').set('Authorization', `Bearer ${await t.tokenFor('nurse')}`).expect(403);
    const res = await t.http().get('/api/v1/health/detailed').set('Authorization', `Bearer ${await t.tokenFor('admin')}`).expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up', pendingMigrations: false } });
    expect(res.body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.body.memory.rssBytes).toBeGreaterThan(0);
  });

  it('echoes a safe X-Request-Id and makes one otherwise', async () => {
    const given = await t.http().get('/api/v1/health').set('X-Request-Id', 'portal-abc-123');
    expect(given.headers['x-request-id']).toBe('portal-abc-123');
    const unsafe = await t.http().get('/api/v1/health').set('X-Request-Id', 'bad id with spaces');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
