import { createHmac } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { SmtpCapture } from '../support/smtp-capture';
import { ADMIN_EMAIL, clientAddress, DEMO_PASSWORD, demoEmail, startTestApp, TestApp } from '../support/test-app';

const INVALID_CREDENTIALS = 'INVALID_CREDENTIALS';

describe('auth', () => {
  let t: TestApp;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = new SmtpCapture();
    const port = await smtp.start();
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'Clinic <no-reply@clinic.test>' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const login = (email: string, password: string, address = clientAddress()) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  async function newUser(role = 'nurse'): Promise<{ id: string; email: string; password: string }> {
    const email = `user.${Math.random().toString(36).slice(2, 10)}@clinic.test`;
    const password = 'lantern-orchid-meadow-91';
    const clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${await t.tokenFor('admin')}`)
      .send({ email, fullName: 'Test User', password, role, jurisdiction: { level: 'clinic', clinicId } });
    expect(res.status).toBe(201);
    return { id: res.body.id, email, password };
  }

  describe('login', () => {
    it('returns a token pair and the user', async () => {
      const res = await login(demoEmail('nurse'), DEMO_PASSWORD).expect(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: demoEmail('nurse'), role: 'nurse' } });
      expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
      expect(res.body.user.permissions).toContain('visits:assess');
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const claims = jwt.decode(res.body.accessToken, { complete: true })!;
      expect(claims.header.alg).toBe('HS256');
      expect(claims.payload).toMatchObject({ iss: 'mobile-clinic-erp', aud: 'mobile-clinic-staff' });
      await me(res.body.accessToken).expect(200);
    });

    it('gives the same answer for a wrong password and an unknown e-mail', async () => {
      const wrong = await login(demoEmail('clerk'), 'not-the-password-at-all');
      const unknown = await login('nobody.here@clinic.test', 'not-the-password-at-all');
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body.error).toBe(INVALID_CREDENTIALS);
    });

    it('locks the account for 15 minutes after 5 consecutive failures from any addresses', async () => {
      const user = await newUser();
      for (let i = 0; i < 5; i += 1) {
        expect((await login(user.email, `wrong-password-${i}-xyz`, clientAddress())).status).toBe(401);
      }
      const [row] = await t.db.query('SELECT locked_until > NOW(3) + INTERVAL 14 MINUTE AS locked FROM users WHERE id = ?', [user.id]);
      expect(Number(row.locked)).toBe(1);
      const locked = await login(user.email, user.password, clientAddress());
      expect(locked.status).toBe(401);
      expect(locked.body.error).toBe(INVALID_CREDENTIALS);
      // Once the lock has passed, the right password works again.
      await t.db.query('UPDATE users SET locked_until = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [user.id]);
      await login(user.email, user.password, clientAddress()).expect(200);
    });

    it('evaluates no more than 5 guesses of a parallel burst: the right password after them is refused', async () => {
      const user = await newUser();
      // .then() sends now (supertest requests are lazy).
      const wrong = Array.from({ length: 12 }, (_, i) => login(user.email, `parallel-wrong-${i}-xyz`, clientAddress()).then((r) => r));
      // The guesses' attempts are claimed at once, long before their argon2 checks finish.
      await new Promise((r) => setTimeout(r, 40));
      const right = await login(user.email, user.password, clientAddress());
      expect((await Promise.all(wrong)).map((r) => r.status)).toEqual(Array(12).fill(401));
      expect(right.status).toBe(401);
      const [row] = await t.db.query('SELECT locked_until > NOW(3) AS locked FROM users WHERE id = ?', [user.id]);
      expect(Number(row.locked)).toBe(1);
    });

    it('resets the failure count after a success (failures must be consecutive)', async () => {
      const user = await newUser();
      for (let i = 0; i < 4; i += 1) await login(user.email, 'wrong-password-abcdef');
      await login(user.email, user.password).expect(200);
      for (let i = 0; i < 4; i += 1) await login(user.email, 'wrong-password-abcdef');
      await login(user.email, user.password).expect(200);
    });

    it('throttles a client address after 5 attempts a minute', async () => {
      const address = clientAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await login('nobody.else@clinic.test', 'whatever-password-1', address)).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      // Another address is not affected.
      expect((await login('nobody.else@clinic.test', 'whatever-password-1', clientAddress())).status).toBe(401);
    });

    it('re-hashes a password stored with weaker parameters', async () => {
      const user = await newUser();
      const argon2 = await import('argon2');
      const weak = await argon2.hash(user.password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
      await t.db.query('UPDATE users SET password_hash = ? WHERE id = ?', [weak, user.id]);
      await login(user.email, user.password).expect(200);
      const [row] = await t.db.query('SELECT password_hash FROM users WHERE id = ?', [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    });

    it('refuses bad input with field details', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('X-Forwarded-For', clientAddress()).send({ email: 'nope' });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password', 'password']);
    });
  });

  describe('access tokens', () => {
    const secret = () => t.config.auth.jwtSecret;
    const base = () => ({ iss: t.config.auth.issuer, aud: t.config.auth.audience });

    async function liveClaims() {
      const { accessToken } = await t.login(demoEmail('doctor'));
      const { sub, sid, role } = jwt.decode(accessToken) as { sub: string; sid: string; role: string };
      return { sub, sid, role };
    }

    it('401 without a token, 403 without the permission', async () => {
      const none = await t.http().get('/api/v1/users');
      expect(none.status).toBe(401);
      expect(none.body.error).toBe('INVALID_TOKEN');
      const nurse = await t.http().get('/api/v1/users').set('Authorization', `Bearer ${await t.tokenFor('nurse')}`);
      expect(nurse.status).toBe(403);
      expect(nurse.body.error).toBe('MISSING_PERMISSION');
    });

    it.each([
      ['a bad signature', (c: object) => jwt.sign(c, 'x'.repeat(48), { algorithm: 'HS256', expiresIn: 600 })],
      ['another algorithm', (c: object) => jwt.sign(c, 'y'.repeat(48) + secret(), { algorithm: 'HS512', expiresIn: 600 })],
      ['an expired exp', (c: object) => jwt.sign({ ...c, exp: Math.floor(Date.now() / 1000) - 10 }, secret(), { algorithm: 'HS256' })],
      ['a wrong issuer', (c: object) => jwt.sign({ ...c, iss: 'someone-else' }, secret(), { algorithm: 'HS256', expiresIn: 600 })],
      ['a wrong audience', (c: object) => jwt.sign({ ...c, aud: 'someone-else' }, secret(), { algorithm: 'HS256', expiresIn: 600 })],
    ])('refuses a token with %s', async (_name, make) => {
      const claims = await liveClaims();
      const good = jwt.sign({ ...claims, ...base() }, secret(), { algorithm: 'HS256', expiresIn: 600 });
      await me(good).expect(200);
      const res = await me(make({ ...claims, ...base() }));
      expect(res.status).toBe(401);
    });

    it('refuses HS512 signed with the real secret and alg none', async () => {
      const claims = { ...(await liveClaims()), ...base(), exp: Math.floor(Date.now() / 1000) + 600 };
      await me(jwt.sign(claims, secret(), { algorithm: 'HS512' })).expect(401);
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      await me(`${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`).expect(401);
      const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
      const sig = createHmac('sha256', secret()).update(body).digest('base64url');
      await me(`${body}.${sig}`).expect(200);
    });

    it("stops a deactivated user's live token at once", async () => {
      const user = await newUser();
      const { accessToken } = await t.login(user.email, user.password);
      await me(accessToken).expect(200);
      await t.http().post(`/api/v1/users/${user.id}/deactivate`).set('Authorization', `Bearer ${await t.tokenFor('admin')}`).expect(200);
      await me(accessToken).expect(401);
      await login(user.email, user.password).expect(401);
      await t.http().post(`/api/v1/users/${user.id}/reactivate`).set('Authorization', `Bearer ${await t.tokenFor('admin')}`).expect(200);
      await login(user.email, user.password).expect(200);
    });

    it("applies a role's permission change on the holder's next request", async () => {
      const admin = await t.tokenFor('admin');
      const roles = (await t.http().get('/api/v1/roles').set('Authorization', `Bearer ${admin}`).expect(200)).body as { id: string; name: string; permissions: string[] }[];
      const viewer = roles.find((r) => r.name === 'viewer')!;
      const token = await t.tokenFor('viewer');
      await t.http().get('/api/v1/provinces').set('Authorization', `Bearer ${token}`).expect(200);
      const without = viewer.permissions.filter((p) => p !== 'facilities:read');
      await t.http().put(`/api/v1/roles/${viewer.id}/permissions`).set('Authorization', `Bearer ${admin}`).send({ permissions: without }).expect(200);
      await t.http().get('/api/v1/provinces').set('Authorization', `Bearer ${token}`).expect(403);
      await t.http().put(`/api/v1/roles/${viewer.id}/permissions`).set('Authorization', `Bearer ${admin}`).send({ permissions: viewer.permissions }).expect(200);
      await t.http().get('/api/v1/provinces').set('Authorization', `Bearer ${token}`).expect(200);
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refreshToken: string) =>
      t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', clientAddress()).send({ refreshToken });

    it('rotates: each refresh token works once and yields a new pair', async () => {
      const first = await t.login(demoEmail('clerk'));
      const second = await refresh(first.refreshToken).expect(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      await me(second.body.accessToken).expect(200);
      const third = await refresh(second.body.refreshToken).expect(200);
      await me(third.body.accessToken).expect(200);
    });

    it('re-issues within the grace window for a client that lost the answer', async () => {
      const first = await t.login(demoEmail('clerk'));
      const lost = await refresh(first.refreshToken).expect(200);
      const retry = await refresh(first.refreshToken).expect(200);
      await me(retry.body.accessToken).expect(200);
      await refresh(retry.body.refreshToken).expect(200);
      // The pair the client never received was retired, not left live beside the retry's.
      const [lostRow] = await t.db.query('SELECT used_at FROM refresh_tokens WHERE token_hash = SHA2(?, 256)', [lost.body.refreshToken]);
      expect(lostRow.used_at).not.toBeNull();
    });

    it('treats a replay as theft once the family has moved on, even inside the grace window', async () => {
      const first = await t.login(demoEmail('clerk'));
      const second = await refresh(first.refreshToken).expect(200);
      const third = await refresh(second.body.refreshToken).expect(200);
      const replay = await refresh(first.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.error).toBe('REFRESH_TOKEN_REUSED');
      expect((await refresh(third.body.refreshToken)).status).toBe(401);
      await me(third.body.accessToken).expect(401);
    });

    it('leaves exactly one live refresh token after ten concurrent refreshes of one token', async () => {
      const first = await t.login(demoEmail('clerk'));
      const results = await Promise.all(Array.from({ length: 10 }, () => refresh(first.refreshToken)));
      expect(results.every((r) => r.status === 200)).toBe(true);
      const [{ live }] = await t.db.query(
        `SELECT COUNT(*) AS live FROM refresh_tokens rt
          WHERE rt.session_id = (SELECT session_id FROM refresh_tokens WHERE token_hash = SHA2(?, 256)) AND rt.used_at IS NULL`,
        [first.refreshToken],
      );
      expect(Number(live)).toBe(1);
    });

    it('does not slide the grace window: repeated re-use past it is detected', async () => {
      const first = await t.login(demoEmail('clerk'));
      await refresh(first.refreshToken).expect(200);
      await t.db.query('UPDATE refresh_tokens SET used_at = used_at - INTERVAL 20 SECOND WHERE token_hash = SHA2(?, 256)', [first.refreshToken]);
      await refresh(first.refreshToken).expect(200); // 20 s after first use: inside the 30 s grace
      await t.db.query('UPDATE refresh_tokens SET used_at = used_at - INTERVAL 20 SECOND WHERE token_hash = SHA2(?, 256)', [first.refreshToken]);
      const late = await refresh(first.refreshToken); // 40 s after first use
      expect(late.status).toBe(401);
      expect(late.body.error).toBe('REFRESH_TOKEN_REUSED');
    });

    it('revokes the whole family when a rotated token is reused after the grace window', async () => {
      const first = await t.login(demoEmail('clerk'));
      const second = await refresh(first.refreshToken).expect(200);
      await t.db.query('UPDATE refresh_tokens SET used_at = used_at - INTERVAL 120 SECOND WHERE used_at IS NOT NULL');
      const reuse = await refresh(first.refreshToken);
      expect(reuse.status).toBe(401);
      expect(reuse.body.error).toBe('REFRESH_TOKEN_REUSED');
      // Everything in that session is dead: the newest refresh token and the access tokens.
      expect((await refresh(second.body.refreshToken)).status).toBe(401);
      await me(second.body.accessToken).expect(401);
      await me(first.accessToken).expect(401);
    });

    it('lets exactly one of two racing refreshes rotate (the other is a grace re-issue, never a second family)', async () => {
      const first = await t.login(demoEmail('clerk'));
      const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const [{ count }] = await t.db.query(
        'SELECT COUNT(*) AS count FROM refresh_tokens rt JOIN refresh_tokens o ON o.session_id = rt.session_id WHERE o.token_hash = SHA2(?, 256) AND rt.used_at IS NULL',
        [first.refreshToken],
      );
      expect(Number(count)).toBe(1);
    });

    it('refuses unknown tokens and bad input', async () => {
      expect((await refresh('a'.repeat(43))).body.error).toBe('INVALID_REFRESH_TOKEN');
      expect((await t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', clientAddress()).send({})).status).toBe(400);
    });
  });

  describe('logout, me, verify', () => {
    it('logout revokes the access and refresh tokens of the session only', async () => {
      const a = await t.login(demoEmail('finance'));
      const b = await t.login(demoEmail('finance'));
      await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${a.accessToken}`).expect(204);
      await me(a.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').set('X-Forwarded-For', clientAddress()).send({ refreshToken: a.refreshToken }).expect(401);
      await me(b.accessToken).expect(200);
      await t.http().post('/api/v1/auth/logout').expect(401);
    });

    it('verify reports the token holder', async () => {
      const token = await t.tokenFor('doctor');
      const res = await t.http().get('/api/v1/auth/verify').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ valid: true, role: 'doctor' });
      expect(res.body.permissions).toContain('prescriptions:write');
      await t.http().get('/api/v1/auth/verify').expect(401);
    });

    it('lets a user edit their own profile but not their role or jurisdiction (mass assignment)', async () => {
      const token = await t.tokenFor('nurse');
      const ok = await t.http().patch('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).send({ fullName: 'Nurse Renamed', phone: '+27821234567' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ fullName: 'Nurse Renamed', phone: '+27821234567', role: 'nurse' });
      for (const body of [{ role: 'administrator' }, { roleId: 'x' }, { jurisdiction: { level: 'national' } }, { isActive: true }, { permissions: ['users:manage'] }]) {
        const res = await t.http().patch('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).send(body);
        expect(res.status).toBe(400);
      }
      const bad = await t.http().patch('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).send({ phone: '0821234567' });
      expect(bad.body.details).toEqual([{ field: 'phone', message: 'phone must be in E.164 form, e.g. +27821234567' }]);
      const after = await me(token).expect(200);
      expect(after.body).toMatchObject({ role: 'nurse', jurisdiction: { level: 'clinic' } });
    });

    it('stops a user changing their own role through /users even with users:manage', async () => {
      const admin = await t.login(ADMIN_EMAIL);
      const res = await t.http().patch(`/api/v1/users/${admin.userId}`).set('Authorization', `Bearer ${admin.accessToken}`).send({ role: 'viewer' });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('SELF_ESCALATION');
    });
  });

  describe('passwords', () => {
    const forgot = (email: string) =>
      t.http().post('/api/v1/auth/password/forgot').set('X-Forwarded-For', clientAddress()).send({ email });
    const reset = (token: string, newPassword: string) =>
      t.http().post('/api/v1/auth/password/reset').set('X-Forwarded-For', clientAddress()).send({ token, newPassword });

    it('e-mails a single-use reset link and answers the same for unknown addresses', async () => {
      const user = await newUser();
      const known = await forgot(user.email).expect(202);
      const unknown = await forgot('ghost.user@clinic.test').expect(202);
      expect(known.body).toEqual(unknown.body);
      const mail = await smtp.waitFor((m) => m.to.includes(user.email));
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
      const session = await t.login(user.email, user.password);

      const weak = await reset(token, 'password123456');
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('newPassword');

      await reset(token, 'quartz-pelican-harvest-58').expect(204);
      await me(session.accessToken).expect(401); // every session ends
      await login(user.email, 'quartz-pelican-harvest-58').expect(200);
      const again = await reset(token, 'another-fresh-secret-77');
      expect(again.status).toBe(400);
      expect(again.body.details[0].field).toBe('token');
      expect(smtp.messages.some((m) => m.to.includes('ghost.user@clinic.test'))).toBe(false);
    });

    it('refuses bad input to forgot, reset and change with field details', async () => {
      expect((await forgot('not-an-address')).body.details).toEqual([{ field: 'email', message: 'email must be an email' }]);
      const badReset = await t.http().post('/api/v1/auth/password/reset').set('X-Forwarded-For', clientAddress()).send({ token: 'short' });
      expect(badReset.status).toBe(400);
      expect(badReset.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['token', 'newPassword']));
      const badChange = await t.http().post('/api/v1/auth/password/change').set('Authorization', `Bearer ${await t.tokenFor('clerk')}`).send({});
      expect(badChange.status).toBe(400);
      expect(badChange.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['currentPassword', 'newPassword']));
    });

    it('kills every other reset link once one is used, and keeps at most 3 live', async () => {
      const user = await newUser();
      for (let i = 0; i < 4; i += 1) await forgot(user.email).expect(202);
      const deadline = Date.now() + 5000;
      while (smtp.messages.filter((m) => m.to.includes(user.email)).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      const mails = smtp.messages.filter((m) => m.to.includes(user.email));
      expect(mails).toHaveLength(3);
      const [first, second] = mails.map((m) => /token=([A-Za-z0-9_-]{43})/.exec(m.text)![1]);
      await reset(first, 'quartz-pelican-harvest-58').expect(204);
      const other = await reset(second, 'attacker-chosen-secret-99');
      expect(other.status).toBe(400);
      await login(user.email, 'quartz-pelican-harvest-58').expect(200);
    });

    it('counts wrong current passwords on change towards the lockout', async () => {
      const user = await newUser();
      const session = await t.login(user.email, user.password);
      const address = clientAddress();
      for (let i = 0; i < 5; i += 1) {
        const res = await t
          .http()
          .post('/api/v1/auth/password/change')
          .set('Authorization', `Bearer ${session.accessToken}`)
          .set('X-Forwarded-For', address)
          .send({ currentPassword: `guess-number-${i}-abc`, newPassword: 'saffron-glacier-bicycle-3' });
        expect(res.status).toBe(400);
      }
      await login(user.email, user.password).expect(401);
      const throttled = await t
        .http()
        .post('/api/v1/auth/password/change')
        .set('Authorization', `Bearer ${session.accessToken}`)
        .set('X-Forwarded-For', address)
        .send({ currentPassword: user.password, newPassword: 'saffron-glacier-bicycle-3' });
      expect(throttled.status).toBe(429);
    });

    it('refuses an expired reset token', async () => {
      const user = await newUser();
      await forgot(user.email).expect(202);
      const mail = await smtp.waitFor((m) => m.to.includes(user.email));
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
      await t.db.query('UPDATE password_reset_tokens SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE user_id = ?', [user.id]);
      expect((await reset(token, 'quartz-pelican-harvest-58')).status).toBe(400);
    });

    it('stores only a hash of the reset token', async () => {
      const user = await newUser();
      await forgot(user.email).expect(202);
      const mail = await smtp.waitFor((m) => m.to.includes(user.email));
      const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
      const rows = await t.db.query('SELECT token_hash FROM password_reset_tokens WHERE user_id = ?', [user.id]);
      expect(rows[0].token_hash).not.toContain(token);
      expect(rows[0].token_hash).toHaveLength(64);
    });

    it('changes the password with the current one and ends other sessions', async () => {
      const user = await newUser();
      const other = await t.login(user.email, user.password);
      const current = await t.login(user.email, user.password);
      const wrong = await t
        .http()
        .post('/api/v1/auth/password/change')
        .set('Authorization', `Bearer ${current.accessToken}`)
        .send({ currentPassword: 'not-my-password-x', newPassword: 'saffron-glacier-bicycle-3' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', message: 'currentPassword is incorrect' }]);
      const sameAsEmail = await t
        .http()
        .post('/api/v1/auth/password/change')
        .set('Authorization', `Bearer ${current.accessToken}`)
        .send({ currentPassword: user.password, newPassword: user.email });
      expect(sameAsEmail.status).toBe(400);
      await t
        .http()
        .post('/api/v1/auth/password/change')
        .set('Authorization', `Bearer ${current.accessToken}`)
        .send({ currentPassword: user.password, newPassword: 'saffron-glacier-bicycle-3' })
        .expect(204);
      await me(current.accessToken).expect(200);
      await me(other.accessToken).expect(401);
      await login(user.email, 'saffron-glacier-bicycle-3').expect(200);
    });
  });
});
