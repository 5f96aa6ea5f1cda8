import type { Response } from 'supertest';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { NotFoundError } from '../../src/common/errors/domain-errors';
import { PatientsService } from '../../src/patients';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

let sequence = 2000;
function saIdFor(dateOfBirth: string): string {
  sequence += 1;
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(sequence).padStart(4, '0')}08`;
  return prefix + luhnCheckDigit(prefix);
}

/**
 * The data scope: a user sees a patient registered in, or seen at, a clinic inside their
 * jurisdiction; anything else reads exactly like a patient that does not exist.
 */
describe('patients: data scope', () => {
  let t: TestApp;
  let national: string;
  let clerkA: string;
  let nurseB: string;
  let gautengAdmin: string;
  let clinicA: { id: string; districtId: string; provinceId: string };
  let clinicB: { id: string; districtId: string; provinceId: string };
  let callerA: AuthUser;
  let patientA: { id: string };
  let patientB: { id: string; identityNumber: string };
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const body = (registeredClinicId: string, overrides: Record<string, unknown> = {}) => ({
    firstName: 'Bheki',
    lastName: 'Outofscope',
    dateOfBirth: '1983-03-03',
    sex: 'male',
    identityType: 'sa_id',
    identityNumber: saIdFor('1983-03-03'),
    registeredClinicId,
    contacts: [{ kind: 'emergency', fullName: 'Thuli Outofscope', relationship: 'wife', phonePrimary: '+27825551234' }],
    ...overrides,
  });
  const ids = (res: Response) => (res.body.data as { id: string }[]).map((p) => p.id);

  beforeAll(async () => {
    t = await startTestApp();
    national = await t.tokenFor('admin');
    clerkA = await t.tokenFor('clerk');
    gautengAdmin = (await t.login(demoEmail('administrator'))).accessToken;
    const [a] = await t.db.query("SELECT id, district_id, province_id FROM clinics WHERE code = 'GP-TSH-001'");
    clinicA = { id: a.id, districtId: a.district_id, provinceId: a.province_id };
    const westernCape = (await t.db.query("SELECT id FROM provinces WHERE code = 'WC'"))[0].id;
    const district = (await t.http().post('/api/v1/districts').set(auth(national)).send({ provinceId: westernCape, name: 'Cape Winelands' }).expect(201)).body;
    const b = (
      await t.http().post('/api/v1/clinics').set(auth(national)).send({ code: 'WC-CWD-001', name: 'Stellenbosch Clinic', kind: 'fixed', districtId: district.id }).expect(201)
    ).body;
    clinicB = { id: b.id, districtId: b.districtId, provinceId: b.provinceId };
    const nurse = { email: 'nurse.b@clinic.test', fullName: 'Nurse Cape', password: 'copper-kettle-horizon-12', role: 'nurse', jurisdiction: { level: 'clinic', clinicId: clinicB.id } };
    await t.http().post('/api/v1/users').set(auth(national)).send(nurse).expect(201);
    nurseB = (await t.login(nurse.email, nurse.password)).accessToken;

    const clerkRow = (await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('clerk')]))[0];
    callerA = {
      id: clerkRow.id,
      email: demoEmail('clerk'),
      fullName: 'Demo clerk',
      role: 'clerk',
      permissions: new Set(['patients:read', 'patients:write']),
      sessionId: 'test',
      scope: { level: 'clinic', clinicId: clinicA.id, districtId: clinicA.districtId, provinceId: clinicA.provinceId },
    };

    patientA = (await t.http().post('/api/v1/patients').set(auth(clerkA)).send(body(clinicA.id, { firstName: 'Andile', lastName: 'Inscope' })).expect(201)).body;
    const bBody = body(clinicB.id);
    patientB = { id: (await t.http().post('/api/v1/patients').set(auth(national)).send(bBody).expect(201)).body.id, identityNumber: bBody.identityNumber };
  });
  afterAll(() => t.close());

  it('answers 404 to a clinic-A user for a clinic-B patient on every route, exactly as for an unknown id', async () => {
    const contactB = (await t.http().get(`/api/v1/patients/${patientB.id}/contacts`).set(auth(nurseB)).expect(200)).body[0].id;
    const routes = (id: string, contactId: string) => [
      t.http().get(`/api/v1/patients/${id}`),
      t.http().patch(`/api/v1/patients/${id}`).send({ version: 1, firstName: 'Changed' }),
      t.http().post(`/api/v1/patients/${id}/deactivate`).send({ reason: 'probing' }),
      t.http().post(`/api/v1/patients/${id}/reactivate`),
      t.http().get(`/api/v1/patients/${id}/contacts`),
      t.http().post(`/api/v1/patients/${id}/contacts`).send({ kind: 'emergency', fullName: 'A B', relationship: 'friend', phonePrimary: '+27825550100' }),
      t.http().patch(`/api/v1/patients/${id}/contacts/${contactId}`).send({ relationship: 'changed' }),
      t.http().delete(`/api/v1/patients/${id}/contacts/${contactId}`),
    ];
    const hidden = await Promise.all(routes(patientB.id, contactB).map((r) => r.set(auth(clerkA))));
    const unknown = await Promise.all(routes(UNKNOWN, contactB).map((r) => r.set(auth(clerkA))));
    hidden.forEach((res, i) => {
      expect({ i, status: res.status, error: res.body.error, message: res.body.message }).toEqual({ i, status: 404, error: 'NOT_FOUND', message: 'Patient not found' });
      expect({ i, status: unknown[i].status, message: unknown[i].body.message }).toEqual({ i, status: 404, message: 'Patient not found' });
    });
    // Nothing changed.
    const b = (await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(nurseB)).expect(200)).body;
    expect(b).toMatchObject({ firstName: 'Bheki', version: 1, isActive: true });
    expect(b.contacts).toHaveLength(1);
  });

  it('shows a clinic-A user no clinic-B patient in search, by name, ID or a bare list', async () => {
    expect(ids(await t.http().get('/api/v1/patients?name=outofscope').set(auth(clerkA)).expect(200))).toEqual([]);
    expect(ids(await t.http().get('/api/v1/patients?name=bheki').set(auth(clerkA)).expect(200))).toEqual([]);
    expect(ids(await t.http().get(`/api/v1/patients?identityNumber=${patientB.identityNumber}`).set(auth(clerkA)).expect(200))).toEqual([]);
    expect(ids(await t.http().get('/api/v1/patients?phone=%2B27825551234').set(auth(clerkA)).expect(200))).toEqual([]);
    const all = await t.http().get('/api/v1/patients?perPage=100').set(auth(clerkA)).expect(200);
    expect(ids(all)).toContain(patientA.id);
    expect(ids(all)).not.toContain(patientB.id);
    expect(all.body.data.every((p: { registeredClinicId: string }) => p.registeredClinicId === clinicA.id)).toBe(true);
  });

  it('shows each jurisdiction its own: clinic B, the province of Gauteng, national', async () => {
    await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(nurseB)).expect(200);
    await t.http().get(`/api/v1/patients/${patientA.id}`).set(auth(nurseB)).expect(404);
    expect(ids(await t.http().get('/api/v1/patients?name=outofscope').set(auth(nurseB)).expect(200))).toEqual([patientB.id]);
    await t.http().get(`/api/v1/patients/${patientA.id}`).set(auth(gautengAdmin)).expect(200);
    await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(gautengAdmin)).expect(404);
    const nationwide = await t.http().get('/api/v1/patients?name=bheki%20outofscope').set(auth(national)).expect(200);
    expect(ids(nationwide)).toContain(patientB.id);
    await t.http().get(`/api/v1/patients/${patientA.id}`).set(auth(national)).expect(200);
  });

  it('refuses registration at a clinic outside the jurisdiction exactly like an unknown clinic', async () => {
    const outside = await t.http().post('/api/v1/patients').set(auth(clerkA)).send(body(clinicB.id));
    const unknown = await t.http().post('/api/v1/patients').set(auth(clerkA)).send(body(UNKNOWN));
    expect(outside.status).toBe(400);
    expect(outside.body.details).toEqual(unknown.body.details);
    expect(outside.body.details).toEqual([{ field: 'registeredClinicId', message: 'registeredClinicId does not name a clinic in your jurisdiction' }]);
  });

  it('lists as possible duplicates only patients the caller may see', async () => {
    const fromA = await t.http().post('/api/v1/patients').set(auth(clerkA)).send(body(clinicA.id)).expect(201);
    expect(fromA.body.possibleDuplicates).toEqual([]);
    const fromNational = await t.http().post('/api/v1/patients').set(auth(national)).send(body(clinicA.id)).expect(201);
    expect(fromNational.body.possibleDuplicates.map((p: { id: string }) => p.id).sort()).toEqual([fromA.body.id, patientB.id].sort());
  });

  it('answers a duplicate identity number with the existing id even out of scope, which stays hidden', async () => {
    const dup = await t.http().post('/api/v1/patients').set(auth(clerkA)).send(body(clinicA.id, { identityNumber: patientB.identityNumber }));
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'PATIENT_DUPLICATE_ID', existingId: patientB.id });
    await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(clerkA)).expect(404);
  });

  it('makes a patient visible at a clinic once seen there (resolveForVisit with proof of presence, then recordFacility)', async () => {
    const patients = t.app.get(PatientsService);
    await expect(patients.findVisible(callerA, patientB.id)).rejects.toBeInstanceOf(NotFoundError);
    await t.db.transaction(async (manager) => {
      await expect(patients.resolveForVisit(callerA, patientB.id, undefined, manager)).rejects.toBeInstanceOf(NotFoundError);
      await expect(patients.resolveForVisit(callerA, patientB.id, saIdFor('1983-03-03'), manager)).rejects.toBeInstanceOf(NotFoundError);
      await expect(patients.resolveForVisit(callerA, UNKNOWN, patientB.identityNumber, manager)).rejects.toBeInstanceOf(NotFoundError);
      const ref = await patients.resolveForVisit(callerA, patientB.id, patientB.identityNumber, manager);
      expect(ref).toEqual({ id: patientB.id, sex: 'male', dateOfBirth: '1983-03-03', isActive: true });
      await patients.recordFacility(manager, patientB.id, clinicA);
      // Twice is harmless.
      await patients.recordFacility(manager, patientB.id, clinicA);
    });
    expect(await patients.findVisible(callerA, patientB.id)).toEqual({ id: patientB.id, sex: 'male', dateOfBirth: '1983-03-03', isActive: true });
    await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(clerkA)).expect(200);
    expect(ids(await t.http().get(`/api/v1/patients?identityNumber=${patientB.identityNumber}`).set(auth(clerkA)).expect(200))).toEqual([patientB.id]);
    expect(ids(await t.http().get('/api/v1/patients?name=bheki%20outofscope').set(auth(clerkA)).expect(200))).toContain(patientB.id);
    // Still invisible to another district's nurse at clinic B? No: B registered there. And to Gauteng now, via clinic A.
    await t.http().get(`/api/v1/patients/${patientB.id}`).set(auth(gautengAdmin)).expect(200);
  });

  it('gives other contexts a visibility condition and the allergy status write', async () => {
    const patients = t.app.get(PatientsService);
    const cond = patients.visibleCondition(callerA, 'p.id');
    const visible = (await t.db.createQueryBuilder().select('p.id', 'id').from('patients', 'p').where(cond.sql, cond.params).getRawMany()).map((r: { id: string }) => r.id);
    expect(visible).toContain(patientA.id);
    const nurseCaller: AuthUser = { ...callerA, scope: { level: 'clinic', clinicId: clinicB.id, districtId: clinicB.districtId, provinceId: clinicB.provinceId } };
    const condB = patients.visibleCondition(nurseCaller, 'p.id');
    const visibleB = (await t.db.createQueryBuilder().select('p.id', 'id').from('patients', 'p').where(condB.sql, condB.params).getRawMany()).map((r: { id: string }) => r.id);
    expect(visibleB).not.toContain(patientA.id);
    expect(visibleB).toContain(patientB.id);
    const national = patients.visibleCondition({ ...callerA, scope: { level: 'national', provinceId: null, districtId: null, clinicId: null } }, 'p.id');
    expect(national).toEqual({ sql: '1=1', params: {} });
    await t.db.transaction((manager) => patients.setAllergyStatus(manager, patientA.id, 'no_known_allergies'));
    expect((await t.http().get(`/api/v1/patients/${patientA.id}`).set(auth(clerkA)).expect(200)).body.allergyStatus).toBe('no_known_allergies');
    await t.db.transaction(async (manager) => {
      const locked = await patients.findVisible(callerA, patientA.id, { manager, lock: true });
      expect(locked.id).toBe(patientA.id);
    });
  });
});
