import { randomUUID } from 'node:crypto';
import { auditRowHash, type ChainedAuditEntry } from '../../src/common/audit/audit-chain';
import { ADMIN_EMAIL, clientAddress, DEMO_PASSWORD, demoEmail, startTestApp, TestApp } from '../support/test-app';

/** One audit row as stored, with the column names of the API. */
type AuditRow = ChainedAuditEntry;

const SELECT_ROWS = `SELECT seq, id, occurred_at AS occurredAt, actor_id AS actorId, actor_role AS actorRole, action,
  resource_type AS resourceType, resource_id AS resourceId, method, path, outcome, status_code AS statusCode,
  client_ip AS clientIp, user_agent AS userAgent, request_id AS requestId, prev_hash AS prevHash, hash FROM audit_log`;

async function rowsFor(t: TestApp, requestId: string): Promise<AuditRow[]> {
  const rows = (await t.db.query(`${SELECT_ROWS} WHERE request_id = ? ORDER BY seq`, [requestId])) as AuditRow[];
  return rows.map((r) => ({ ...r, seq: Number(r.seq), statusCode: Number(r.statusCode) }));
}

/** The one row of a request; fails with the rows found when there is not exactly one. */
async function onlyRowFor(t: TestApp, requestId: string): Promise<AuditRow> {
  const rows = await rowsFor(t, requestId);
  expect(rows).toHaveLength(1);
  return rows[0];
}

async function countRows(t: TestApp): Promise<number> {
  return Number((await t.db.query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
}

const requestId = (label: string) => `audit-${label}-${randomUUID()}`;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('audit trail', () => {
  let t: TestApp;
  let admin: { accessToken: string; userId: string };
  let nurse: { accessToken: string; userId: string };
  let clinicId: string;
  let districtId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login(ADMIN_EMAIL);
    nurse = await t.login(demoEmail('nurse'));
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    districtId = (await t.db.query("SELECT district_id AS id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
  });
  afterAll(() => t.close());

  const newUserBody = () => ({
    email: `audit.${Math.random().toString(36).slice(2, 10)}@clinic.test`,
    fullName: 'Naledi Dlamini',
    password: 'saffron-lighthouse-gravel-48',
    role: 'nurse',
    jurisdiction: { level: 'clinic', clinicId },
  });

  describe('what is recorded', () => {
    it('records a successful mutation once, with actor, role, action, resource, outcome, client and request id', async () => {
      const rid = requestId('create-user');
      const ip = clientAddress();
      const before = Date.now();
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(auth(admin.accessToken))
        .set('X-Request-Id', rid)
        .set('X-Forwarded-For', ip)
        .set('User-Agent', 'audit-e2e/1.0 (create)')
        .send(newUserBody())
        .expect(201);
      expect(res.headers['x-request-id']).toBe(rid);
      const row = await onlyRowFor(t, rid);
      expect(row).toMatchObject({
        actorId: admin.userId,
        actorRole: 'administrator',
        action: 'createUser',
        resourceType: 'user',
        resourceId: res.body.id,
        method: 'POST',
        path: '/api/v1/users',
        outcome: 'success',
        statusCode: 201,
        clientIp: ip,
        userAgent: 'audit-e2e/1.0 (create)',
        requestId: rid,
      });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      // Written before the response went out, stamped with the time of the request (1 s slack for clock rounding).
      expect(new Date(row.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(row.occurredAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('records a mutation on a resource by its id, and the path without the query string', async () => {
      const created = await t.http().post('/api/v1/users').set(auth(admin.accessToken)).send(newUserBody()).expect(201);
      const rid = requestId('update-user');
      await t
        .http()
        .patch(`/api/v1/users/${created.body.id}?source=e2e`)
        .set(auth(admin.accessToken))
        .set('X-Request-Id', rid)
        .send({ fullName: 'Naledi Dlamini-Khumalo' })
        .expect(200);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        action: 'updateUser',
        resourceType: 'user',
        resourceId: created.body.id,
        method: 'PATCH',
        path: `/api/v1/users/${created.body.id}`,
        outcome: 'success',
        statusCode: 200,
      });
    });

    it('records a failed sign-in as denied, 401, with no actor', async () => {
      const rid = requestId('login-wrong');
      const ip = clientAddress();
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Request-Id', rid)
        .set('X-Forwarded-For', ip)
        .set('User-Agent', 'audit-e2e/login')
        .send({ email: demoEmail('clerk'), password: 'definitely-not-the-password' })
        .expect(401);
      const clerkId = (await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('clerk')]))[0].id;
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: null,
        actorRole: null,
        action: 'login',
        resourceType: 'session',
        // The account the attempt was against, so repeated failures on one account can be found.
        resourceId: clerkId,
        method: 'POST',
        path: '/api/v1/auth/login',
        outcome: 'denied',
        statusCode: 401,
        clientIp: ip,
        userAgent: 'audit-e2e/login',
      });
    });

    it('records a sign-in with an unknown e-mail as denied without naming any account', async () => {
      const rid = requestId('login-unknown');
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Request-Id', rid)
        .set('X-Forwarded-For', clientAddress())
        .send({ email: 'nobody.at.all@clinic.test', password: 'definitely-not-the-password' })
        .expect(401);
      expect(await onlyRowFor(t, rid)).toMatchObject({ action: 'login', outcome: 'denied', statusCode: 401, actorId: null, resourceId: null });
    });

    it('records a successful sign-in, naming the account as actor and resource', async () => {
      const rid = requestId('login-ok');
      const ip = clientAddress();
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Request-Id', rid)
        .set('X-Forwarded-For', ip)
        .send({ email: demoEmail('doctor'), password: DEMO_PASSWORD })
        .expect(200);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        action: 'login',
        resourceType: 'session',
        method: 'POST',
        path: '/api/v1/auth/login',
        outcome: 'success',
        statusCode: 200,
        clientIp: ip,
        actorId: res.body.user.id,
        actorRole: 'doctor',
        resourceId: res.body.user.id,
      });
    });

    it('records a request refused for a missing permission as denied, 403, with the caller', async () => {
      const rid = requestId('forbidden');
      await t.http().post('/api/v1/users').set(auth(nurse.accessToken)).set('X-Request-Id', rid).send(newUserBody()).expect(403);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: nurse.userId,
        actorRole: 'nurse',
        action: 'createUser',
        resourceType: 'user',
        outcome: 'denied',
        statusCode: 403,
      });
    });

    it('records a mutation without a token as denied, 401, with no actor', async () => {
      const rid = requestId('no-token');
      await t.http().post('/api/v1/users').set('X-Request-Id', rid).send(newUserBody()).expect(401);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: null,
        actorRole: null,
        action: 'createUser',
        resourceType: 'user',
        outcome: 'denied',
        statusCode: 401,
      });
    });

    it('records a mutation with a forged token as denied', async () => {
      const rid = requestId('bad-token');
      await t.http().post('/api/v1/users').set(auth(`${admin.accessToken}x`)).set('X-Request-Id', rid).send(newUserBody()).expect(401);
      expect(await onlyRowFor(t, rid)).toMatchObject({ actorId: null, outcome: 'denied', statusCode: 401 });
    });

    it('records a validation failure as failure, 400', async () => {
      const rid = requestId('invalid');
      await t.http().post('/api/v1/users').set(auth(admin.accessToken)).set('X-Request-Id', rid).send({ email: 'not-an-email' }).expect(400);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: admin.userId,
        action: 'createUser',
        outcome: 'failure',
        statusCode: 400,
        resourceId: null,
      });
    });

    it('records a body that cannot be parsed as failure, 400', async () => {
      const rid = requestId('malformed');
      await t
        .http()
        .post('/api/v1/users')
        .set(auth(admin.accessToken))
        .set('X-Request-Id', rid)
        .set('Content-Type', 'application/json')
        .send('{"email":')
        .expect(400);
      expect(await onlyRowFor(t, rid)).toMatchObject({ method: 'POST', path: '/api/v1/users', outcome: 'failure', statusCode: 400 });
    });

    it('records a write that fails inside the handler as failure, never as success', async () => {
      const rid = requestId('duplicate-clinic');
      const before = Number((await t.db.query('SELECT COUNT(*) AS n FROM clinics'))[0].n);
      const res = await t
        .http()
        .post('/api/v1/clinics')
        .set(auth(admin.accessToken))
        .set('X-Request-Id', rid)
        .send({ code: 'GP-TSH-001', name: 'Duplicate code', kind: 'fixed', districtId })
        .expect(409);
      expect(res.body.error).toBe('CLINIC_CODE_EXISTS');
      const rows = await rowsFor(t, rid);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorId: admin.userId, action: 'createClinic', resourceType: 'facility', outcome: 'failure', statusCode: 409 });
      expect(rows.filter((r) => r.outcome === 'success')).toHaveLength(0);
      // Nothing was written either.
      expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM clinics'))[0].n)).toBe(before);
    });

    it('records a mutation on a missing record as failure, 404, with the id asked for', async () => {
      const rid = requestId('missing');
      const missing = randomUUID();
      await t.http().post(`/api/v1/users/${missing}/deactivate`).set(auth(admin.accessToken)).set('X-Request-Id', rid).expect(404);
      expect(await onlyRowFor(t, rid)).toMatchObject({ action: 'deactivateUser', resourceId: missing, outcome: 'failure', statusCode: 404 });
    });

    it('records a read of personal data (@AuditRead: GET /users/:id)', async () => {
      const rid = requestId('read-user');
      await t.http().get(`/api/v1/users/${nurse.userId}`).set(auth(admin.accessToken)).set('X-Request-Id', rid).expect(200);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: admin.userId,
        action: 'getUser',
        resourceType: 'user',
        resourceId: nurse.userId,
        method: 'GET',
        outcome: 'success',
        statusCode: 200,
      });
    });

    it('records a refused read of personal data as denied', async () => {
      const rid = requestId('read-user-denied');
      const viewer = await t.tokenFor('viewer');
      await t.http().get(`/api/v1/users/${nurse.userId}`).set(auth(viewer)).set('X-Request-Id', rid).expect(403);
      expect(await onlyRowFor(t, rid)).toMatchObject({ action: 'getUser', resourceId: nurse.userId, outcome: 'denied', statusCode: 403 });
    });

    it('does not record plain reads (GET /users, GET /auth/me, unknown routes)', async () => {
      const list = requestId('list-users');
      await t.http().get('/api/v1/users').set(auth(admin.accessToken)).set('X-Request-Id', list).expect(200);
      const me = requestId('me');
      await t.http().get('/api/v1/auth/me').set(auth(admin.accessToken)).set('X-Request-Id', me).expect(200);
      const deniedList = requestId('list-denied');
      await t.http().get('/api/v1/users').set('X-Request-Id', deniedList).expect(401);
      expect(await rowsFor(t, list)).toEqual([]);
      expect(await rowsFor(t, me)).toEqual([]);
      expect(await rowsFor(t, deniedList)).toEqual([]);
    });

    it('records logout with the session owner', async () => {
      const session = await t.login(demoEmail('finance'));
      const rid = requestId('logout');
      await t.http().post('/api/v1/auth/logout').set(auth(session.accessToken)).set('X-Request-Id', rid).expect(204);
      expect(await onlyRowFor(t, rid)).toMatchObject({
        actorId: session.userId,
        actorRole: 'finance',
        action: 'logout',
        resourceType: 'session',
        outcome: 'success',
        statusCode: 204,
      });
    });
  });

  describe('append-only storage', () => {
    it('refuses UPDATE and DELETE in the database itself', async () => {
      const [first] = (await t.db.query(`${SELECT_ROWS} ORDER BY seq LIMIT 1`)) as AuditRow[];
      const total = await countRows(t);
      await expect(t.db.query("UPDATE audit_log SET outcome = 'success' WHERE seq = ?", [first.seq])).rejects.toThrow(/append-only/);
      await expect(t.db.query('UPDATE audit_log SET actor_id = NULL')).rejects.toThrow(/append-only/);
      await expect(t.db.query('DELETE FROM audit_log WHERE seq = ?', [first.seq])).rejects.toThrow(/append-only/);
      await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      const [after] = (await t.db.query(`${SELECT_ROWS} WHERE seq = ?`, [first.seq])) as AuditRow[];
      expect(after).toEqual(first);
      expect(await countRows(t)).toBe(total);
    });

    it('chains each row to the one before it', async () => {
      const rows = (await t.db.query(`${SELECT_ROWS} ORDER BY seq`)) as AuditRow[];
      expect(rows.length).toBeGreaterThan(5);
      expect(rows[0].prevHash).toBe('0'.repeat(64));
      rows.forEach((row, i) => {
        expect(Number(row.seq)).toBe(i + 1);
        if (i > 0) expect(row.prevHash).toBe(rows[i - 1].hash);
      });
      expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
    });

    it('verifies a healthy chain', async () => {
      const res = await t.http().get('/api/v1/audit/verify').set(auth(admin.accessToken)).expect(200);
      expect(res.body).toEqual({ ok: true, checkedRows: await countRows(t) });
    });
  });

  describe('GET /audit', () => {
    it('requires audit:read', async () => {
      await t.http().get('/api/v1/audit').expect(401);
      const denied = await t.http().get('/api/v1/audit').set(auth(nurse.accessToken)).expect(403);
      expect(denied.body.error).toBe('MISSING_PERMISSION');
      await t.http().get('/api/v1/audit/verify').set(auth(nurse.accessToken)).expect(403);
      await t.http().get('/api/v1/audit').set(auth(admin.accessToken)).expect(200);
    });

    it('returns entries newest first in the documented shape, without the previous hash', async () => {
      const rid = requestId('shape');
      const created = await t.http().post('/api/v1/users').set(auth(admin.accessToken)).set('X-Request-Id', rid).send(newUserBody()).expect(201);
      const res = await t.http().get('/api/v1/audit?perPage=5').set(auth(admin.accessToken)).expect(200);
      const seqs = res.body.data.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      const entry = res.body.data.find((e: { requestId: string }) => e.requestId === rid);
      const row = await onlyRowFor(t, rid);
      expect(entry).toEqual({
        seq: row.seq,
        id: row.id,
        occurredAt: new Date(row.occurredAt).toISOString(),
        actorId: admin.userId,
        actorRole: 'administrator',
        action: 'createUser',
        resourceType: 'user',
        resourceId: created.body.id,
        method: 'POST',
        path: '/api/v1/users',
        outcome: 'success',
        statusCode: 201,
        clientIp: row.clientIp,
        userAgent: row.userAgent,
        requestId: rid,
        hash: row.hash,
      });
    });

    it('filters by actor, action, outcome, resource type and resource id', async () => {
      const get = async (query: string) => {
        const res = await t.http().get(`/api/v1/audit?perPage=100&${query}`).set(auth(admin.accessToken)).expect(200);
        expect(res.body.data.length).toBeGreaterThan(0);
        return res.body as { data: AuditRow[]; meta: { total: number } };
      };
      const byActor = await get(`actorId=${nurse.userId}`);
      expect(byActor.data.every((e) => e.actorId === nurse.userId)).toBe(true);
      expect(byActor.meta.total).toBe(Number((await t.db.query('SELECT COUNT(*) AS n FROM audit_log WHERE actor_id = ?', [nurse.userId]))[0].n));

      const byAction = await get('action=createUser');
      expect(byAction.data.every((e) => e.action === 'createUser')).toBe(true);
      expect(new Set(byAction.data.map((e) => e.outcome))).toEqual(new Set(['success', 'denied', 'failure']));

      const denied = await get('outcome=denied');
      expect(denied.data.every((e) => e.outcome === 'denied')).toBe(true);
      expect(denied.data.some((e) => e.statusCode === 401)).toBe(true);
      expect(denied.data.some((e) => e.statusCode === 403)).toBe(true);

      const facilities = await get('resourceType=facility');
      expect(facilities.data.every((e) => e.resourceType === 'facility')).toBe(true);

      const combined = await get(`actorId=${admin.userId}&action=createClinic&outcome=failure`);
      expect(combined.data.every((e) => e.actorId === admin.userId && e.action === 'createClinic' && e.outcome === 'failure')).toBe(true);

      const one = await get(`resourceId=${nurse.userId}&action=getUser`);
      expect(one.data.every((e) => e.resourceId === nurse.userId && e.action === 'getUser')).toBe(true);

      const none = await t.http().get(`/api/v1/audit?actorId=${randomUUID()}`).set(auth(admin.accessToken)).expect(200);
      expect(none.body).toEqual({ data: [], meta: { total: 0, page: 1, perPage: 20, totalPages: 0, hasNext: false, hasPrev: false } });
    });

    it('filters by time', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const later = await t.http().get(`/api/v1/audit?from=${encodeURIComponent(future)}`).set(auth(admin.accessToken)).expect(200);
      expect(later.body.meta.total).toBe(0);
      const earlier = await t.http().get(`/api/v1/audit?to=${encodeURIComponent(future)}`).set(auth(admin.accessToken)).expect(200);
      expect(earlier.body.meta.total).toBe(await countRows(t));
    });

    it('paginates with metadata', async () => {
      const total = await countRows(t);
      const res = await t.http().get('/api/v1/audit?perPage=3&page=2').set(auth(admin.accessToken)).expect(200);
      expect(res.body.meta).toEqual({
        total,
        page: 2,
        perPage: 3,
        totalPages: Math.ceil(total / 3),
        hasNext: 2 < Math.ceil(total / 3),
        hasPrev: true,
      });
      expect(res.body.data.map((e: { seq: number }) => e.seq)).toEqual([total - 3, total - 4, total - 5]);
    });

    it('rejects bad filters with 400', async () => {
      for (const query of ['outcome=maybe', 'actorId=not-a-uuid', 'perPage=101', 'page=0', 'from=yesterday', 'unknown=1']) {
        const res = await t.http().get(`/api/v1/audit?${query}`).set(auth(admin.accessToken));
        expect({ query, status: res.status, error: res.body.error }).toEqual({ query, status: 400, error: 'VALIDATION_FAILED' });
      }
    });
  });

  describe('hostile request details', () => {
    it('records a request with an over-long method and still audits the mutations beside it', async () => {
      const before = await countRows(t);
      const odd = requestId('odd-method');
      const ids = Array.from({ length: 10 }, (_, i) => requestId(`beside-odd-${i}`));
      const results = await Promise.all([
        t.http().unsubscribe('/api/v1/nothing-here').set('X-Request-Id', odd),
        ...ids.map((rid, i) => t.http().patch('/api/v1/auth/me').set(auth(admin.accessToken)).set('X-Request-Id', rid).send({ fullName: `Beside Odd ${i}` })),
      ]);
      expect(results[0].status).toBe(404);
      expect(results.slice(1).map((r) => r.status)).toEqual(ids.map(() => 200));
      expect(await onlyRowFor(t, odd)).toMatchObject({ method: 'UNSUBSCRIB', statusCode: 404, outcome: 'failure' });
      for (const rid of ids) expect((await onlyRowFor(t, rid)).outcome).toBe('success');
      expect(await countRows(t)).toBe(before + 11);
    });

    it('keeps the chain verifiable when a path parameter would be cut inside a character', async () => {
      const rid = requestId('emoji-cut');
      const id = `${'a'.repeat(63)}\u{1F600}`;
      await t.http().post(`/api/v1/users/${encodeURIComponent(id)}/deactivate`).set('X-Request-Id', rid).set('User-Agent', 'x'.repeat(600)).expect(401);
      const row = await onlyRowFor(t, rid);
      expect(row.resourceId).toBe(id);
      expect(row.userAgent).toHaveLength(512);
      const verify = await t.http().get('/api/v1/audit/verify').set(auth(admin.accessToken)).expect(200);
      expect(verify.body.ok).toBe(true);
    });
  });

  describe('under concurrent load', () => {
    it('gives every one of 50 concurrent mutations exactly one row and keeps the chain intact', async () => {
      const tokens = [admin.accessToken, nurse.accessToken, await t.tokenFor('clerk'), await t.tokenFor('viewer')];
      const before = await countRows(t);
      const ids = Array.from({ length: 50 }, (_, i) => requestId(`concurrent-${i}`));
      const responses = await Promise.all(
        ids.map((rid, i) =>
          t
            .http()
            .patch('/api/v1/auth/me')
            .set(auth(tokens[i % tokens.length]))
            .set('X-Request-Id', rid)
            .send({ fullName: `Concurrent Name ${i}` }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));

      const rows = (await t.db.query(`${SELECT_ROWS} WHERE request_id IN (?) ORDER BY seq`, [ids])) as AuditRow[];
      expect(rows).toHaveLength(50);
      expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(ids));
      expect(rows.every((r) => r.action === 'updateOwnProfile' && r.outcome === 'success')).toBe(true);
      expect(await countRows(t)).toBe(before + 50);

      const verify = await t.http().get('/api/v1/audit/verify').set(auth(admin.accessToken)).expect(200);
      expect(verify.body).toEqual({ ok: true, checkedRows: before + 50 });
      const [head] = await t.db.query('SELECT last_seq AS seq FROM audit_chain_head WHERE id = 1');
      expect(Number(head.seq)).toBe(before + 50);
    });

    it('keeps the chain intact when successes and failures interleave', async () => {
      const before = await countRows(t);
      const ids = Array.from({ length: 40 }, (_, i) => requestId(`mixed-${i}`));
      const statuses = await Promise.all(
        ids.map((rid, i) => {
          const req = t.http().post('/api/v1/users').set('X-Request-Id', rid);
          if (i % 4 === 0) return req.send(newUserBody()).then((r) => r.status); // 401
          if (i % 4 === 1) return req.set(auth(nurse.accessToken)).send(newUserBody()).then((r) => r.status); // 403
          if (i % 4 === 2) return req.set(auth(admin.accessToken)).send({}).then((r) => r.status); // 400
          return req.set(auth(admin.accessToken)).send(newUserBody()).then((r) => r.status); // 201
        }),
      );
      expect(statuses).toEqual(ids.map((_, i) => [401, 403, 400, 201][i % 4]));
      for (const [i, rid] of ids.entries()) {
        const rows = await rowsFor(t, rid);
        expect({ rid, rows: rows.map((r) => r.statusCode) }).toEqual({ rid, rows: [[401, 403, 400, 201][i % 4]] });
      }
      const verify = await t.http().get('/api/v1/audit/verify').set(auth(admin.accessToken)).expect(200);
      expect(verify.body).toEqual({ ok: true, checkedRows: before + 40 });
    });
  });
});

describe('audit chain verification after tampering', () => {
  let t: TestApp;
  let admin: string;

  const verify = async () => (await t.http().get('/api/v1/audit/verify').set(auth(admin)).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
    // Some history to tamper with: sign-ins above plus a few writes.
    for (let i = 0; i < 6; i += 1) {
      await t.http().patch('/api/v1/auth/me').set(auth(admin)).send({ fullName: `Administrator ${i}` }).expect(200);
    }
    // Only someone with the database's own privileges can do this; the app never does.
    await t.db.query('DROP TRIGGER audit_log_no_update');
    await t.db.query('DROP TRIGGER audit_log_no_delete');
  });
  afterAll(() => t.close());

  it('starts healthy', async () => {
    const total = await countRows(t);
    expect(total).toBeGreaterThanOrEqual(7);
    expect(await verify()).toEqual({ ok: true, checkedRows: total });
  });

  it('finds an edited field at the edited row (hash_mismatch), and heals when it is put back', async () => {
    const [row4] = await t.db.query('SELECT id, outcome FROM audit_log WHERE seq = 4');
    await t.db.query("UPDATE audit_log SET outcome = IF(outcome = 'success', 'failure', 'success') WHERE seq = 4");
    expect(await verify()).toEqual({ ok: false, checkedRows: 3, firstBroken: { reason: 'hash_mismatch', seq: 4, id: row4.id } });
    await t.db.query('UPDATE audit_log SET outcome = ? WHERE seq = 4', [row4.outcome]);
    expect((await verify()).ok).toBe(true);

    const [row5] = await t.db.query('SELECT id, client_ip AS ip FROM audit_log WHERE seq = 5');
    await t.db.query("UPDATE audit_log SET client_ip = '10.0.0.1' WHERE seq = 5");
    expect(await verify()).toEqual({ ok: false, checkedRows: 4, firstBroken: { reason: 'hash_mismatch', seq: 5, id: row5.id } });
    await t.db.query('UPDATE audit_log SET client_ip = ? WHERE seq = 5', [row5.ip]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds a row re-hashed after an edit at the next row (prev_hash_mismatch)', async () => {
    const [row6] = (await t.db.query(`${SELECT_ROWS} WHERE seq = 6`)) as AuditRow[];
    const [row7] = await t.db.query('SELECT id FROM audit_log WHERE seq = 7');
    // A forger who knows the hashing scheme edits row 6 and recomputes its hash: row 6 then checks out
    // on its own, but row 7 still points at the old hash.
    const forgedHash = auditRowHash(6, { ...row6, occurredAt: new Date(row6.occurredAt), action: 'forgedAction' }, row6.prevHash);
    await t.db.query("UPDATE audit_log SET action = 'forgedAction', hash = ? WHERE seq = 6", [forgedHash]);
    expect(await verify()).toEqual({ ok: false, checkedRows: 6, firstBroken: { reason: 'prev_hash_mismatch', seq: 7, id: row7.id } });
    await t.db.query('UPDATE audit_log SET action = ?, hash = ? WHERE seq = 6', [row6.action, row6.hash]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds a deleted last row against the chain head (head_mismatch)', async () => {
    // Reading /verify is not itself audited, so the head still names the last row.
    const last = await countRows(t);
    await t.db.query('DELETE FROM audit_log WHERE seq = ?', [last]);
    expect(await verify()).toEqual({ ok: false, checkedRows: last - 1, firstBroken: { reason: 'head_mismatch', seq: last, id: null } });
  });

  it('finds a deleted middle row at the row after it (sequence_gap)', async () => {
    const [row3] = await t.db.query('SELECT id FROM audit_log WHERE seq = 3');
    await t.db.query('DELETE FROM audit_log WHERE seq = 2');
    expect(await verify()).toEqual({ ok: false, checkedRows: 1, firstBroken: { reason: 'sequence_gap', seq: 3, id: row3.id } });
  });
});
