import { ADMIN_EMAIL, demoEmail, startTestApp, TestApp } from '../support/test-app';

describe('users, roles and facilities', () => {
  let t: TestApp;
  let national: string;
  let gautengAdmin: string;
  let ids: { gauteng: string; westernCape: string; tshwane: string; clinic: string; capeDistrict: string; capeClinic: string };

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.tokenFor('admin');
    gautengAdmin = (await t.login(demoEmail('administrator'))).accessToken;
    const province = async (code: string) => (await t.db.query('SELECT id FROM provinces WHERE code = ?', [code]))[0].id as string;
    const gauteng = await province('GP');
    const westernCape = await province('WC');
    const tshwane = (await t.db.query("SELECT id FROM districts WHERE name = 'City of Tshwane'"))[0].id;
    const clinic = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    const capeDistrict = (
      await t.http().post('/api/v1/districts').set(auth(national)).send({ provinceId: westernCape, name: 'City of Cape Town' }).expect(201)
    ).body.id;
    const capeClinic = (
      await t
        .http()
        .post('/api/v1/clinics')
        .set(auth(national))
        .send({ code: 'WC-CPT-001', name: 'Cape Town Central', kind: 'fixed', districtId: capeDistrict, latitude: -33.9249, longitude: 18.4241 })
        .expect(201)
    ).body.id;
    ids = { gauteng, westernCape, tshwane, clinic, capeDistrict, capeClinic };
  });
  afterAll(() => t.close());

  const newUserBody = (overrides: object = {}) => ({
    email: `staff.${Math.random().toString(36).slice(2, 10)}@clinic.test`,
    fullName: 'Lerato Mokoena',
    password: 'copper-kettle-horizon-12',
    role: 'nurse',
    jurisdiction: { level: 'clinic', clinicId: ids.clinic },
    ...overrides,
  });

  describe('users', () => {
    it('creates a user and derives the jurisdiction from the clinic', async () => {
      const body = newUserBody({ phone: '+27831234567' });
      const res = await t.http().post('/api/v1/users').set(auth(national)).send(body).expect(201);
      expect(res.body).toMatchObject({
        email: body.email,
        role: 'nurse',
        phone: '+27831234567',
        isActive: true,
        jurisdiction: { level: 'clinic', clinicId: ids.clinic, districtId: ids.tshwane, provinceId: ids.gauteng },
      });
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('passwordHash');
      const [row] = await t.db.query('SELECT password_hash FROM users WHERE id = ?', [res.body.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a duplicate e-mail with 409, a weak password and an unknown role with 400', async () => {
      const body = newUserBody();
      await t.http().post('/api/v1/users').set(auth(national)).send(body).expect(201);
      const dup = await t.http().post('/api/v1/users').set(auth(national)).send({ ...body, email: body.email.toUpperCase() });
      expect(dup.status).toBe(409);
      expect(dup.body.error).toBe('USER_EMAIL_EXISTS');
      const weak = await t.http().post('/api/v1/users').set(auth(national)).send(newUserBody({ password: 'qwerty123456' }));
      expect(weak.status).toBe(400);
      expect(weak.body.details[0].field).toBe('password');
      const role = await t.http().post('/api/v1/users').set(auth(national)).send(newUserBody({ role: 'superuser' }));
      expect(role.status).toBe(400);
      expect(role.body.details).toEqual([{ field: 'role', message: 'role does not name a role' }]);
      const place = await t.http().post('/api/v1/users').set(auth(national)).send(newUserBody({ jurisdiction: { level: 'clinic', clinicId: '00000000-0000-4000-8000-000000000000' } }));
      expect(place.status).toBe(400);
      expect(place.body.details[0].field).toBe('jurisdiction.clinicId');
    });

    it('refuses users:manage work to roles without it', async () => {
      await t.http().post('/api/v1/users').set(auth(await t.tokenFor('nurse'))).send(newUserBody()).expect(403);
      await t.http().get('/api/v1/users').set(auth(await t.tokenFor('viewer'))).expect(403);
    });

    it('keeps a provincial administrator inside their province', async () => {
      const outside = await t.http().post('/api/v1/users').set(auth(gautengAdmin)).send(newUserBody({ jurisdiction: { level: 'national' } }));
      expect(outside.status).toBe(403);
      expect(outside.body.error).toBe('JURISDICTION_OUTSIDE_SCOPE');
      // A clinic in another province reads exactly like one that does not exist.
      const hiddenClinic = await t.http().post('/api/v1/users').set(auth(gautengAdmin)).send(newUserBody({ jurisdiction: { level: 'clinic', clinicId: ids.capeClinic } }));
      const noClinic = await t.http().post('/api/v1/users').set(auth(gautengAdmin)).send(newUserBody({ jurisdiction: { level: 'clinic', clinicId: '00000000-0000-4000-8000-000000000000' } }));
      expect(hiddenClinic.status).toBe(400);
      expect(hiddenClinic.body.details).toEqual(noClinic.body.details);
      const capeUser = await t
        .http()
        .post('/api/v1/users')
        .set(auth(national))
        .send(newUserBody({ jurisdiction: { level: 'clinic', clinicId: ids.capeClinic } }))
        .expect(201);
      // Outside the jurisdiction reads as not found, never forbidden.
      const hidden = await t.http().get(`/api/v1/users/${capeUser.body.id}`).set(auth(gautengAdmin));
      expect(hidden.status).toBe(404);
      await t.http().patch(`/api/v1/users/${capeUser.body.id}`).set(auth(gautengAdmin)).send({ fullName: 'X Y' }).expect(404);
      await t.http().post(`/api/v1/users/${capeUser.body.id}/deactivate`).set(auth(gautengAdmin)).expect(404);
      const list = await t.http().get('/api/v1/users?perPage=100').set(auth(gautengAdmin)).expect(200);
      expect(list.body.data.map((u: { id: string }) => u.id)).not.toContain(capeUser.body.id);
      expect(list.body.data.every((u: { jurisdiction: { provinceId: string } }) => u.jurisdiction.provinceId === ids.gauteng)).toBe(true);
      const all = await t.http().get('/api/v1/users?perPage=100').set(auth(national)).expect(200);
      expect(all.body.data.map((u: { id: string }) => u.id)).toContain(capeUser.body.id);
    });

    it('filters the list by name prefix, role and active flag', async () => {
      const body = newUserBody({ fullName: 'Zanele Prefixtest', role: 'clerk' });
      const created = await t.http().post('/api/v1/users').set(auth(national)).send(body).expect(201);
      const byName = await t.http().get('/api/v1/users?q=Zanele%20Pre').set(auth(national)).expect(200);
      expect(byName.body.data.map((u: { id: string }) => u.id)).toEqual([created.body.id]);
      const byRole = await t.http().get('/api/v1/users?role=clerk&perPage=100').set(auth(national)).expect(200);
      expect(byRole.body.data.every((u: { role: string }) => u.role === 'clerk')).toBe(true);
      await t.http().post(`/api/v1/users/${created.body.id}/deactivate`).set(auth(national)).expect(200);
      const inactive = await t.http().get('/api/v1/users?isActive=false').set(auth(national)).expect(200);
      expect(inactive.body.data.map((u: { id: string }) => u.id)).toContain(created.body.id);
      await t.http().get('/api/v1/users?isActive=maybe').set(auth(national)).expect(400);
    });

    it('updates role and jurisdiction, refuses unknown fields', async () => {
      const created = await t.http().post('/api/v1/users').set(auth(national)).send(newUserBody()).expect(201);
      const res = await t
        .http()
        .patch(`/api/v1/users/${created.body.id}`)
        .set(auth(national))
        .send({ role: 'doctor', jurisdiction: { level: 'district', districtId: ids.tshwane } })
        .expect(200);
      expect(res.body).toMatchObject({ role: 'doctor', jurisdiction: { level: 'district', districtId: ids.tshwane, provinceId: ids.gauteng, clinicId: null } });
      const bad = await t.http().patch(`/api/v1/users/${created.body.id}`).set(auth(national)).send({ passwordHash: 'x' });
      expect(bad.status).toBe(400);
      await t.http().patch(`/api/v1/users/${created.body.id}`).set(auth(await t.tokenFor('doctor'))).send({ fullName: 'A B' }).expect(403);
    });

    it('does not let an administrator deactivate themselves', async () => {
      const admin = await t.login(ADMIN_EMAIL);
      const res = await t.http().post(`/api/v1/users/${admin.userId}/deactivate`).set(auth(admin.accessToken));
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('SELF_DEACTIVATION');
    });

    it('answers 404 for an unknown user id', async () => {
      await t.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000').set(auth(national)).expect(404);
    });
  });

  describe('roles and permissions', () => {
    it('lists the eight roles and the catalogue', async () => {
      const roles = await t.http().get('/api/v1/roles').set(auth(national)).expect(200);
      expect(roles.body.map((r: { name: string }) => r.name).sort()).toEqual(
        ['administrator', 'clerk', 'doctor', 'finance', 'inventory_manager', 'nurse', 'social_worker', 'viewer'],
      );
      const admin = roles.body.find((r: { name: string }) => r.name === 'administrator');
      const catalogue = await t.http().get('/api/v1/permissions').set(auth(national)).expect(200);
      expect(admin.permissions).toEqual(catalogue.body.map((p: { code: string }) => p.code).sort());
      const one = await t.http().get(`/api/v1/roles/${admin.id}`).set(auth(national)).expect(200);
      expect(one.body).toEqual(admin);
      await t.http().get('/api/v1/roles').set(auth(await t.tokenFor('nurse'))).expect(403);
      await t.http().get('/api/v1/roles/00000000-0000-4000-8000-000000000000').set(auth(national)).expect(404);
    });

    it('refuses unknown permission codes and self-lockout', async () => {
      const roles = (await t.http().get('/api/v1/roles').set(auth(national)).expect(200)).body as { id: string; name: string; permissions: string[] }[];
      const clerk = roles.find((r) => r.name === 'clerk')!;
      const unknown = await t.http().put(`/api/v1/roles/${clerk.id}/permissions`).set(auth(national)).send({ permissions: ['patients:read', 'launch:missiles'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([{ field: 'permissions', message: 'launch:missiles is not a known permission' }]);
      const [{ count }] = await t.db.query('SELECT COUNT(*) AS count FROM role_permissions WHERE role_id = ?', [clerk.id]);
      expect(Number(count)).toBe(clerk.permissions.length);
      const admin = roles.find((r) => r.name === 'administrator')!;
      const lockout = await t.http().put(`/api/v1/roles/${admin.id}/permissions`).set(auth(national)).send({ permissions: ['users:read'] });
      expect(lockout.status).toBe(403);
      await t.http().put(`/api/v1/roles/${clerk.id}/permissions`).set(auth(await t.tokenFor('clerk'))).send({ permissions: [] }).expect(403);
      await t.http().put(`/api/v1/roles/${clerk.id}/permissions`).set(auth(national)).send({ permissions: 'all' }).expect(400);
    });
  });

  describe('what belongs to no jurisdiction', () => {
    it('keeps role changes and the audit trail to national staff', async () => {
      const roles = (await t.http().get('/api/v1/roles').set(auth(gautengAdmin)).expect(200)).body as { id: string; name: string; permissions: string[] }[];
      const nurse = roles.find((r) => r.name === 'nurse')!;
      const res = await t.http().put(`/api/v1/roles/${nurse.id}/permissions`).set(auth(gautengAdmin)).send({ permissions: ['facilities:read'] });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('NATIONAL_SCOPE_REQUIRED');
      const [{ count }] = await t.db.query('SELECT COUNT(*) AS count FROM role_permissions WHERE role_id = ?', [nurse.id]);
      expect(Number(count)).toBe(nurse.permissions.length);
      expect((await t.http().get('/api/v1/audit').set(auth(gautengAdmin))).body.error).toBe('NATIONAL_SCOPE_REQUIRED');
      expect((await t.http().get('/api/v1/audit/verify').set(auth(gautengAdmin))).status).toBe(403);
    });

    it('lets a user manager give only roles whose permissions they hold', async () => {
      await t.db.query("INSERT INTO roles (id, name, description) VALUES (UUID(), 'user_manager', 'Test: manages users'), (UUID(), 'directory_reader', 'Test: reads facilities')");
      await t.db.query(
        `INSERT INTO role_permissions (role_id, permission_code) SELECT r.id, p.code FROM roles r JOIN permissions p
          ON (r.name = 'user_manager' AND p.code IN ('users:read', 'users:manage', 'facilities:read'))
          OR (r.name = 'directory_reader' AND p.code = 'facilities:read')`,
      );
      const manager = newUserBody({ role: 'user_manager', jurisdiction: { level: 'province', provinceId: ids.gauteng } });
      await t.http().post('/api/v1/users').set(auth(national)).send(manager).expect(201);
      const token = (await t.login(manager.email, manager.password)).accessToken;
      const tooMuch = await t.http().post('/api/v1/users').set(auth(token)).send(newUserBody({ role: 'doctor' }));
      expect(tooMuch.status).toBe(403);
      expect(tooMuch.body.error).toBe('ROLE_EXCEEDS_YOURS');
      await t.http().post('/api/v1/users').set(auth(token)).send(newUserBody({ role: 'directory_reader' })).expect(201);
    });
  });

  describe('facilities', () => {
    it("lists South Africa's nine provinces", async () => {
      const res = await t.http().get('/api/v1/provinces').set(auth(await t.tokenFor('viewer'))).expect(200);
      expect(res.body.map((p: { code: string }) => p.code).sort()).toEqual(['EC', 'FS', 'GP', 'KZN', 'LP', 'MP', 'NC', 'NW', 'WC']);
      await t.http().get('/api/v1/provinces').expect(401);
    });

    it('lists districts by province and refuses duplicates and bad input', async () => {
      const res = await t.http().get(`/api/v1/districts?provinceId=${ids.westernCape}`).set(auth(national)).expect(200);
      expect(res.body.data.map((d: { name: string }) => d.name)).toEqual(['City of Cape Town']);
      const dup = await t.http().post('/api/v1/districts').set(auth(national)).send({ provinceId: ids.westernCape, name: 'City of Cape Town' });
      expect(dup.status).toBe(409);
      await t.http().post('/api/v1/districts').set(auth(national)).send({ provinceId: 'x', name: '' }).expect(400);
      await t.http().post('/api/v1/districts').set(auth(await t.tokenFor('nurse'))).send({ provinceId: ids.gauteng, name: 'Ekurhuleni' }).expect(403);
      // A provincial administrator plans only their own province.
      await t.http().post('/api/v1/districts').set(auth(gautengAdmin)).send({ provinceId: ids.westernCape, name: 'West Coast' }).expect(403);
      await t.http().post('/api/v1/districts').set(auth(gautengAdmin)).send({ provinceId: ids.gauteng, name: 'Ekurhuleni' }).expect(201);
    });

    it('scopes clinics to the jurisdiction: 404 outside it', async () => {
      const nurse = await t.tokenFor('nurse');
      const list = await t.http().get('/api/v1/clinics').set(auth(nurse)).expect(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([ids.clinic]);
      await t.http().get(`/api/v1/clinics/${ids.clinic}`).set(auth(nurse)).expect(200);
      await t.http().get(`/api/v1/clinics/${ids.capeClinic}`).set(auth(nurse)).expect(404);
      const cape = await t.http().get(`/api/v1/clinics/${ids.capeClinic}`).set(auth(national)).expect(200);
      expect(cape.body).toMatchObject({ code: 'WC-CPT-001', kind: 'fixed', provinceId: ids.westernCape, latitude: -33.9249, longitude: 18.4241 });
      const mobile = await t.http().get('/api/v1/clinics?kind=mobile').set(auth(national)).expect(200);
      expect(mobile.body.data.every((c: { kind: string }) => c.kind === 'mobile')).toBe(true);
    });

    it('refuses clinics with bad input, outside scope, or without permission', async () => {
      const bad = await t.http().post('/api/v1/clinics').set(auth(national)).send({ code: 'bad code', name: 'X', kind: 'boat', districtId: ids.tshwane, latitude: 123 });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'kind', 'latitude', 'name']);
      const hidden = await t.http().post('/api/v1/clinics').set(auth(gautengAdmin)).send({ code: 'WC-CPT-002', name: 'Bellville', kind: 'mobile', districtId: ids.capeDistrict });
      expect(hidden.status).toBe(400);
      expect(hidden.body.details).toEqual([{ field: 'districtId', message: 'districtId does not name a district' }]);
      await t.http().post('/api/v1/clinics').set(auth(await t.tokenFor('doctor'))).send({ code: 'GP-TSH-009', name: 'Atteridgeville', kind: 'mobile', districtId: ids.tshwane }).expect(403);
    });
  });
});
