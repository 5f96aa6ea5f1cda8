import type { Response } from 'supertest';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

let sequence = 6000;
/** A well-formed SA ID for a date of birth (fresh sequence number, citizenship 0, Luhn digit). */
function saIdFor(dateOfBirth: string): string {
  sequence += 1;
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(sequence).padStart(4, '0')}08`;
  return prefix + luhnCheckDigit(prefix);
}

const ASSESSMENT = { vitalSigns: { systolicMmHg: 128, diastolicMmHg: 82, pulseBpm: 72, temperatureC: 36.8, weightKg: 70, heightCm: 170 }, triagePriority: 'yellow' };
const CONSULTATION = {
  soapNote: { subjective: 'Fell off a minibus taxi step', objective: 'Swollen, tender distal radius', assessment: 'Fracture of the lower radius', plan: 'Splint, analgesia, refer' },
  diagnoses: [
    { code: 'S52.5', primary: true },
    { code: 'V43.5', primary: false },
  ],
  counselingRequired: true,
};
const COUNSELING = { notes: 'Discussed the accident; anxious about work; coping plan agreed' };
const CLOSURE = { outcome: 'improved', disposition: 'discharged_home' };

/** The five-stage visit through HTTP: roles, order, ICD-10 rules, vitals, queue, scope and bad input. */
describe('visits', () => {
  let t: TestApp;
  let tokens: Record<'clerk' | 'nurse' | 'doctor' | 'social_worker' | 'viewer' | 'admin' | 'inventory_manager', string>;
  let userIds: Record<'clerk' | 'nurse' | 'doctor' | 'social_worker', string>;
  let clinicId: string;
  let mobileClinicId: string;
  let drugIds: Record<string, string>;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const post = (token: string, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));

  const newPatient = async (overrides: Record<string, unknown> = {}, token = tokens.clerk): Promise<string> => {
    const dateOfBirth = (overrides.dateOfBirth as string) ?? '1986-04-12';
    const res = await post(token, '/patients', {
      firstName: 'Sibusiso',
      lastName: 'Visitor',
      dateOfBirth,
      sex: 'male',
      identityType: 'sa_id',
      identityNumber: saIdFor(dateOfBirth),
      registeredClinicId: clinicId,
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const register = async (patientId: string, body: object = {}): Promise<{ id: string; version: number }> => {
    const res = await post(tokens.clerk, '/visits', { patientId, clinicId, chiefComplaint: 'Painful wrist', ...body });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** A fresh visit advanced to the given stage with the proper roles. */
  const visitAt = async (stage: 'assessment' | 'consultation' | 'counseling' | 'closure' | 'completed' | 'cancelled'): Promise<string> => {
    const { id } = await register(await newPatient());
    if (stage === 'cancelled') {
      await post(tokens.clerk, `/visits/${id}/cancel`, { reason: 'Registered in error' }).expect(200);
      return id;
    }
    if (stage === 'assessment') return id;
    await post(tokens.nurse, `/visits/${id}/assessment`, ASSESSMENT).expect(201);
    if (stage === 'consultation') return id;
    await post(tokens.doctor, `/visits/${id}/consultation`, CONSULTATION).expect(201);
    if (stage === 'counseling') return id;
    await post(tokens.social_worker, `/visits/${id}/counseling`, COUNSELING).expect(201);
    if (stage === 'closure') return id;
    await post(tokens.clerk, `/visits/${id}/closure`, CLOSURE).expect(201);
    return id;
  };
  const visitRow = async (id: string) => (await t.db.query('SELECT stage, status, version FROM visits WHERE id = ?', [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    const roles = ['clerk', 'nurse', 'doctor', 'social_worker', 'viewer', 'admin', 'inventory_manager'] as const;
    tokens = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await t.tokenFor(r)]))) as typeof tokens;
    userIds = {} as typeof userIds;
    for (const role of ['clerk', 'nurse', 'doctor', 'social_worker'] as const) {
      userIds[role] = (await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail(role)]))[0].id;
    }
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    mobileClinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-M01'"))[0].id;
    const drugs = (await t.db.query("SELECT id, code FROM drugs WHERE code IN ('PARACETAMOL-500MG-TAB', 'IBUPROFEN-400MG-TAB')")) as { id: string; code: string }[];
    drugIds = Object.fromEntries(drugs.map((d) => [d.code, d.id]));
  });
  afterAll(() => t.close());

  describe('a full visit', () => {
    it('goes through every stage with the right role for each, and GET shows who did what and when', async () => {
      const patientId = await newPatient();
      const registered = await post(tokens.clerk, '/visits', { patientId, clinicId, chiefComplaint: 'Fell, painful right wrist' });
      expect(registered.status).toBe(201);
      const id = registered.body.id as string;
      expect(registered.body).toMatchObject({
        patientId,
        clinicId,
        clinicName: 'Pretoria Central Police Clinic',
        stage: 'assessment',
        status: 'in_progress',
        version: 1,
        allowedActions: ['assessment', 'cancel'],
        chiefComplaint: 'Fell, painful right wrist',
      });
      expect(registered.body.stageHistory.map((s: { stage: string; state: string }) => `${s.stage}:${s.state}`)).toEqual(['registration:completed', 'assessment:waiting']);

      const assessed = await post(tokens.nurse, `/visits/${id}/assessment`, { ...ASSESSMENT, triagePriority: 'orange', nursingNote: 'In pain, 7/10', version: 1 });
      expect(assessed.status).toBe(201);
      expect(assessed.body).toMatchObject({ stage: 'consultation', version: 2, triagePriority: 'orange', allowedActions: ['consultation', 'cancel'] });

      const consulted = await post(tokens.doctor, `/visits/${id}/consultation`, {
        ...CONSULTATION,
        version: 2,
        labOrders: [{ testCode: 'FBC', testName: 'Full blood count', priority: 'urgent', clinicalNotes: 'Pre-operative' }],
        referrals: [{ type: 'external', urgency: 'urgent', toFacility: 'Steve Biko Academic Hospital', specialty: 'Orthopaedics', reason: 'Displaced distal radius fracture' }],
        prescriptionItems: [
          { drugId: drugIds['PARACETAMOL-500MG-TAB'], dose: '2 tablets', frequency: 'six-hourly', durationDays: 5, quantity: 40, route: 'oral' },
          { drugId: drugIds['IBUPROFEN-400MG-TAB'], dose: '1 tablet', frequency: 'eight-hourly', durationDays: 3, quantity: 9, instructions: 'With food' },
        ],
      });
      expect(consulted.status).toBe(201);
      expect(consulted.body).toMatchObject({ stage: 'counseling', version: 3, allowedActions: ['counseling', 'skip_counseling', 'cancel'] });
      expect(consulted.body.counseling).toMatchObject({ decision: 'required', reason: null, decidedBy: { id: userIds.doctor } });
      expect(consulted.body.diagnoses).toEqual([
        expect.objectContaining({ code: 'S52.5', description: 'Fracture of lower end of radius', isPrimary: true, recordedBy: userIds.doctor }),
        expect.objectContaining({ code: 'V43.5', isPrimary: false }),
      ]);
      expect(consulted.body.labOrders).toEqual([expect.objectContaining({ testCode: 'FBC', status: 'ordered', priority: 'urgent', orderedBy: userIds.doctor })]);
      expect(consulted.body.referrals).toEqual([expect.objectContaining({ type: 'external', status: 'pending', specialty: 'Orthopaedics' })]);
      // The items are the visit's Pharmacy prescription, ready to dispense.
      expect(consulted.body.prescriptionItems).toEqual([
        expect.objectContaining({ drugName: 'paracetamol', strength: '500 mg', quantity: 40, quantityDispensed: 0, quantityRemaining: 40, route: 'oral' }),
        expect.objectContaining({ drugName: 'ibuprofen', strength: '400 mg', quantity: 9, route: 'oral', instructions: 'With food' }),
      ]);
      const prescription = await get(tokens.doctor, `/prescriptions/${consulted.body.prescriptionId}`).expect(200);
      expect(prescription.body).toMatchObject({ visitId: id, clinicId, status: 'active', prescribedBy: userIds.doctor });

      const counseled = await post(tokens.social_worker, `/visits/${id}/counseling`, {
        ...COUNSELING,
        psychosocialReferral: { urgency: 'routine', toFacility: 'Lifeline Pretoria', specialty: 'Trauma counselling', reason: 'Anxiety after the accident' },
      });
      expect(counseled.status).toBe(201);
      expect(counseled.body).toMatchObject({ stage: 'closure', version: 4, allowedActions: ['closure', 'cancel'] });
      expect(counseled.body.referrals.map((r: { type: string }) => r.type)).toEqual(['external', 'psychosocial']);

      const closed = await post(tokens.clerk, `/visits/${id}/closure`, { outcome: 'improved', disposition: 'referred', notes: 'Referred to orthopaedics' });
      expect(closed.status).toBe(201);
      expect(closed.body).toMatchObject({ stage: 'closure', status: 'completed', version: 5, allowedActions: [], outcome: 'improved', disposition: 'referred' });
      expect(closed.body.closedAt).toEqual(expect.any(String));

      const res = await get(tokens.viewer, `/visits/${id}`).expect(200);
      const history = res.body.stageHistory as { stage: string; state: string; completedBy: { id: string; fullName: string }; enteredAt: string; completedAt: string; waitSeconds: number }[];
      expect(history.map((s) => [s.stage, s.state, s.completedBy.id])).toEqual([
        ['registration', 'completed', userIds.clerk],
        ['assessment', 'completed', userIds.nurse],
        ['consultation', 'completed', userIds.doctor],
        ['counseling', 'completed', userIds.social_worker],
        ['closure', 'completed', userIds.clerk],
      ]);
      expect(history[1].completedBy.fullName).toBe('Demo nurse');
      for (const [i, s] of history.entries()) {
        expect(Date.parse(s.completedAt)).toBeGreaterThanOrEqual(Date.parse(s.enteredAt));
        expect(s.waitSeconds).toBeGreaterThanOrEqual(0);
        // Each stage's queue starts when the previous stage was completed.
        if (i > 0) expect(s.enteredAt).toBe(history[i - 1].completedAt);
      }

      // The clinical rows went to the patient's history, tied to the visit.
      const [vitals] = await t.db.query('SELECT COUNT(*) AS n, MAX(bmi) AS bmi FROM vital_signs WHERE visit_id = ?', [id]);
      expect(Number(vitals.n)).toBe(1);
      expect(Number(vitals.bmi)).toBeCloseTo(24.2, 1);
      const notes = await t.db.query('SELECT kind FROM clinical_notes WHERE visit_id = ?', [id]);
      expect(notes.map((n: { kind: string }) => n.kind).sort()).toEqual(['counseling', 'nursing', 'soap']);
      const meds = await t.db.query("SELECT name, status, source_visit_id FROM patient_medications WHERE patient_id = ? ORDER BY name", [patientId]);
      expect(meds).toEqual([
        { name: 'ibuprofen', status: 'current', source_visit_id: id },
        { name: 'paracetamol', status: 'current', source_visit_id: id },
      ]);

      // The patient's timeline and summary include the visit.
      const timeline = await get(tokens.doctor, `/patients/${patientId}/timeline?perPage=50`).expect(200);
      const kinds = (timeline.body.data as { kind: string; visitId: string | null }[]).filter((e) => e.visitId === id).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['visit', 'diagnosis', 'lab_order', 'referral', 'vital_signs', 'clinical_note', 'medication']));
      expect(kinds.filter((k) => k === 'visit')).toHaveLength(2);
      const summary = await get(tokens.doctor, `/patients/${patientId}/summary`).expect(200);
      expect(summary.body.lastVisit).toMatchObject({ id, clinicId, status: 'completed', stage: 'closure', primaryDiagnosis: { code: 'S52.5' } });

      // Reads of the visit are audited.
      const audited = await t.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'getVisit' AND resource_id = ?", [id]);
      expect(Number(audited[0].n)).toBe(1);
    });

    it('lists a patient’s visits, newest first', async () => {
      const patientId = await newPatient();
      const first = await register(patientId);
      await post(tokens.clerk, `/visits/${first.id}/cancel`, { reason: 'Wrong clinic' }).expect(200);
      const second = await register(patientId);
      const res = await get(tokens.viewer, `/visits?patientId=${patientId}`).expect(200);
      expect(res.body.data.map((v: { id: string }) => v.id)).toEqual([second.id, first.id]);
      expect(res.body.meta).toMatchObject({ total: 2 });
      const cancelled = await get(tokens.viewer, `/visits?patientId=${patientId}&status=cancelled`).expect(200);
      expect(cancelled.body.data.map((v: { id: string }) => v.id)).toEqual([first.id]);
    });
  });

  describe('skipping counseling', () => {
    it('is recorded by the consultation when counseling is not required, with the reason', async () => {
      const id = await visitAt('consultation');
      const res = await post(tokens.doctor, `/visits/${id}/consultation`, { ...CONSULTATION, counselingRequired: false, counselingSkipReason: 'No psychosocial concerns' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ stage: 'closure', version: 3, counseling: { decision: 'skipped', reason: 'No psychosocial concerns', decidedBy: { id: userIds.doctor } } });
      const counseling = res.body.stageHistory.find((s: { stage: string }) => s.stage === 'counseling');
      expect(counseling).toMatchObject({ state: 'skipped', skipReason: 'No psychosocial concerns', completedBy: { id: userIds.doctor } });
      await post(tokens.nurse, `/visits/${id}/closure`, CLOSURE).expect(201);
    });

    it('needs the reason when counseling is not required', async () => {
      const id = await visitAt('consultation');
      expect(fields(await post(tokens.doctor, `/visits/${id}/consultation`, { ...CONSULTATION, counselingRequired: false }))).toEqual(['counselingSkipReason']);
      expect(await visitRow(id)).toMatchObject({ stage: 'consultation', version: 2 });
    });

    it('can be decided later by the social worker or the doctor, and only by them', async () => {
      const id = await visitAt('counseling');
      const nurse = await post(tokens.nurse, `/visits/${id}/counseling/skip`, { reason: 'Patient left' });
      expect(nurse.status).toBe(403);
      expect(nurse.body.error).toBe('MISSING_PERMISSION');
      expect((await post(tokens.clerk, `/visits/${id}/counseling/skip`, { reason: 'Patient left' })).status).toBe(403);
      const res = await post(tokens.social_worker, `/visits/${id}/counseling/skip`, { reason: 'Patient declined counseling', version: 3 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ stage: 'closure', version: 4, counseling: { decision: 'skipped', reason: 'Patient declined counseling', decidedBy: { id: userIds.social_worker } } });
      expect(res.body.stageHistory.find((s: { stage: string }) => s.stage === 'counseling')).toMatchObject({ state: 'skipped', completedBy: { id: userIds.social_worker } });

      const byDoctor = await visitAt('counseling');
      expect((await post(tokens.doctor, `/visits/${byDoctor}/counseling/skip`, { reason: 'Already seeing a psychologist' })).status).toBe(201);
    });
  });

  describe('stage order', () => {
    const ACTIONS: Record<string, { path: string; body: object; ok: number }> = {
      assessment: { path: 'assessment', body: ASSESSMENT, ok: 201 },
      consultation: { path: 'consultation', body: CONSULTATION, ok: 201 },
      counseling: { path: 'counseling', body: COUNSELING, ok: 201 },
      skip_counseling: { path: 'counseling/skip', body: { reason: 'Declined' }, ok: 201 },
      closure: { path: 'closure', body: CLOSURE, ok: 201 },
      cancel: { path: 'cancel', body: { reason: 'Left' }, ok: 200 },
    };
    const ALLOWED: Record<string, string[]> = {
      assessment: ['assessment', 'cancel'],
      consultation: ['consultation', 'cancel'],
      counseling: ['counseling', 'skip_counseling', 'cancel'],
      closure: ['closure', 'cancel'],
      completed: [],
      cancelled: [],
    };

    it.each(Object.keys(ALLOWED))('refuses every out-of-order action on a visit %s, naming what is allowed', async (state) => {
      const id = await visitAt(state as 'assessment');
      const before = await visitRow(id);
      const wrong = Object.keys(ACTIONS).filter((a) => !ALLOWED[state].includes(a));
      for (const action of wrong) {
        // The administrator holds every permission, so only the order can refuse.
        const res = await post(tokens.admin, `/visits/${id}/${ACTIONS[action].path}`, ACTIONS[action].body);
        expect({ action, status: res.status, error: res.body.error }).toEqual({ action, status: 409, error: 'VISIT_STAGE_ORDER' });
        const expected =
          state === 'completed' || state === 'cancelled'
            ? `This visit is ${state}; allowed next: none`
            : `This visit is waiting for ${state}; allowed next: ${ALLOWED[state].join(', ')}`;
        expect(res.body.message).toBe(expected);
      }
      expect(await visitRow(id)).toEqual(before);
      const counts = await t.db.query('SELECT COUNT(*) AS n FROM visit_stage_records WHERE visit_id = ?', [id]);
      expect(Number(counts[0].n)).toBe({ assessment: 1, consultation: 2, counseling: 3, closure: 4, completed: 5, cancelled: 1 }[state]);
    });

    it('refuses cancelling a closed visit or cancelling twice', async () => {
      const closed = await visitAt('completed');
      const res = await post(tokens.clerk, `/visits/${closed}/cancel`, { reason: 'Oops' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'VISIT_STAGE_ORDER', message: 'This visit is completed; allowed next: none' });
      const cancelled = await visitAt('cancelled');
      expect((await post(tokens.doctor, `/visits/${cancelled}/cancel`, { reason: 'Again' })).status).toBe(409);
      const row = (await t.db.query('SELECT status, cancellation_reason, cancelled_by, open_clinic_id FROM visits WHERE id = ?', [cancelled]))[0];
      expect(row).toEqual({ status: 'cancelled', cancellation_reason: 'Registered in error', cancelled_by: userIds.clerk, open_clinic_id: null });
    });

    it('cancels at any stage before closure, keeping the stage it was cancelled in', async () => {
      const id = await visitAt('closure');
      const res = await post(tokens.nurse, `/visits/${id}/cancel`, { reason: 'Patient left before closure' }).expect(200);
      expect(res.body).toMatchObject({ stage: 'closure', status: 'cancelled', allowedActions: [], cancellation: { reason: 'Patient left before closure', cancelledBy: { id: userIds.nurse } } });
    });

    it('refuses a write from a client that read an older version', async () => {
      const id = await visitAt('consultation');
      const res = await post(tokens.doctor, `/visits/${id}/consultation`, { ...CONSULTATION, version: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('VISIT_VERSION_CONFLICT');
      expect(await visitRow(id)).toMatchObject({ stage: 'consultation', version: 2 });
    });
  });

  describe('roles', () => {
    it.each([
      ['nurse', 'consultation', CONSULTATION, 'consultation'],
      ['clerk', 'assessment', ASSESSMENT, 'assessment'],
      ['doctor', 'assessment', ASSESSMENT, 'assessment'],
      ['social_worker', 'assessment', ASSESSMENT, 'assessment'],
      ['nurse', 'counseling', COUNSELING, 'counseling'],
      ['doctor', 'counseling', COUNSELING, 'counseling'],
      ['clerk', 'consultation', CONSULTATION, 'consultation'],
      ['social_worker', 'closure', CLOSURE, 'closure'],
      ['viewer', 'closure', CLOSURE, 'closure'],
      ['social_worker', 'cancel', { reason: 'x' }, 'assessment'],
      ['viewer', 'cancel', { reason: 'x' }, 'assessment'],
    ] as const)('%s may not record %s (403), and the visit does not move', async (role, action, body, stage) => {
      const id = await visitAt(stage);
      const before = await visitRow(id);
      const res = await post(tokens[role], `/visits/${id}/${action}`, body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect(await visitRow(id)).toEqual(before);
    });

    it('lets only the clerk (and administrator) register a visit', async () => {
      const patientId = await newPatient();
      for (const role of ['nurse', 'doctor', 'social_worker', 'viewer', 'inventory_manager'] as const) {
        expect((await post(tokens[role], '/visits', { patientId, clinicId })).status).toBe(403);
      }
      for (const path of [`/visits/queue?clinicId=${clinicId}&stage=assessment`, `/visits?clinicId=${clinicId}`, `/visits/${(await register(patientId)).id}`]) {
        const res = await get(tokens.inventory_manager, path);
        expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 403, error: 'MISSING_PERMISSION' });
      }
    });

    it('refuses orders in a consultation body to a doctor-like role without the order permission', async () => {
      const id = await visitAt('consultation');
      // A role that may consult but not prescribe, order labs or refer.
      await t.db.query("INSERT INTO roles (id, name, description) VALUES (UUID(), 'e2e_consult_only', 'Consults only')");
      await t.db.query(
        "INSERT INTO role_permissions (role_id, permission_code) SELECT r.id, p.code FROM roles r, permissions p WHERE r.name = 'e2e_consult_only' AND p.code IN ('visits:read', 'visits:consult', 'patients:read')",
      );
      const email = `consult.only.${Date.now()}@clinic.test`;
      await post(tokens.admin, '/users', { email, fullName: 'Consult Only', password: 'quartz-meadow-lantern-73', role: 'e2e_consult_only', jurisdiction: { level: 'clinic', clinicId } }).expect(201);
      const token = (await t.login(email, 'quartz-meadow-lantern-73')).accessToken;
      const item = { drugId: drugIds['PARACETAMOL-500MG-TAB'], dose: '1 tablet', frequency: 'daily', durationDays: 1, quantity: 1 };
      for (const extra of [{ prescriptionItems: [item] }, { labOrders: [{ testCode: 'FBC', testName: 'FBC' }] }, { referrals: [{ type: 'internal', urgency: 'routine', toFacility: 'X', reason: 'Y' }] }]) {
        const res = await post(token, `/visits/${id}/consultation`, { ...CONSULTATION, ...extra });
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      }
      expect((await post(token, `/visits/${id}/consultation`, CONSULTATION)).status).toBe(201);
    });
  });

  describe('ICD-10 rules on consultation', () => {
    const diagnose = async (diagnoses: { code: string; primary: boolean }[], patient: Record<string, unknown> = {}) => {
      const { id } = await register(await newPatient(patient));
      await post(tokens.nurse, `/visits/${id}/assessment`, ASSESSMENT).expect(201);
      const res = await post(tokens.doctor, `/visits/${id}/consultation`, { ...CONSULTATION, diagnoses });
      // Nothing of the consultation was written.
      expect(await visitRow(id)).toMatchObject({ stage: 'consultation', version: 2 });
      const [written] = await t.db.query(
        "SELECT (SELECT COUNT(*) FROM visit_diagnoses WHERE visit_id = ?) AS diagnoses, (SELECT COUNT(*) FROM clinical_notes WHERE visit_id = ? AND kind = 'soap') AS notes",
        [id, id],
      );
      expect({ diagnoses: Number(written.diagnoses), notes: Number(written.notes) }).toEqual({ diagnoses: 0, notes: 0 });
      return res;
    };
    const detail = (res: Response, field: string) => (res.body.details as { field: string; message: string }[]).find((d) => d.field === field)?.message;

    it('refuses an unknown code', async () => {
      const res = await diagnose([{ code: 'A01.77', primary: true }]);
      expect(fields(res)).toEqual(['diagnoses.0.code']);
      expect(detail(res, 'diagnoses.0.code')).toMatch(/not a known ICD-10 code/);
    });

    it('refuses a code that is not shaped like ICD-10', async () => {
      expect(fields(await diagnose([{ code: 'hello', primary: true }]))).toEqual(['diagnoses.0.code']);
    });

    it('refuses a bare category that has subdivisions', async () => {
      expect(fields(await diagnose([{ code: 'I15', primary: true }]))).toEqual(['diagnoses.0.code']);
    });

    it('refuses two primary diagnoses, and none', async () => {
      expect(fields(await diagnose([{ code: 'I10', primary: true }, { code: 'E11.9', primary: true }]))).toEqual(['diagnoses.1.primary']);
      expect(fields(await diagnose([{ code: 'I10', primary: false }]))).toEqual(['diagnoses']);
    });

    it('refuses an external-cause (V) code as the primary diagnosis', async () => {
      const res = await diagnose([{ code: 'V43.5', primary: true }, { code: 'S52.5', primary: false }]);
      expect(fields(res)).toEqual(['diagnoses.0.code']);
      expect(detail(res, 'diagnoses.0.code')).toMatch(/may not be the primary diagnosis/);
    });

    it('refuses a code restricted to the other sex', async () => {
      const res = await diagnose([{ code: 'C61', primary: true }], { sex: 'female', firstName: 'Refilwe' });
      expect(fields(res)).toEqual(['diagnoses.0.code']);
      expect(detail(res, 'diagnoses.0.code')).toMatch(/male/);
    });

    it('refuses an injury without an external cause', async () => {
      const res = await diagnose([{ code: 'S52.5', primary: true }]);
      expect(fields(res)).toEqual(['diagnoses.0.code']);
      expect(detail(res, 'diagnoses.0.code')).toMatch(/external-cause code/);
    });

    it('accepts an intersex patient with an unrestricted code', async () => {
      const { id } = await register(await newPatient({ sex: 'intersex' }));
      await post(tokens.nurse, `/visits/${id}/assessment`, ASSESSMENT).expect(201);
      await post(tokens.doctor, `/visits/${id}/consultation`, { ...CONSULTATION, diagnoses: [{ code: 'I10', primary: true }] }).expect(201);
    });
  });

  describe('assessment vital signs', () => {
    const refused = async (vitalSigns: object): Promise<string[]> => {
      const id = await visitAt('assessment');
      const res = await post(tokens.nurse, `/visits/${id}/assessment`, { vitalSigns, triagePriority: 'green', nursingNote: 'x' });
      const out = fields(res);
      for (const d of res.body.details as { field: string; message: string }[]) expect(d.message.length).toBeGreaterThan(5);
      // No partial write: the visit did not move and no vitals or note were kept.
      expect(await visitRow(id)).toMatchObject({ stage: 'assessment', version: 1 });
      const [counts] = await t.db.query(
        'SELECT (SELECT COUNT(*) FROM vital_signs WHERE visit_id = ?) AS vitals, (SELECT COUNT(*) FROM clinical_notes WHERE visit_id = ?) AS notes, (SELECT COUNT(*) FROM visit_stage_records WHERE visit_id = ?) AS stages',
        [id, id, id],
      );
      expect({ vitals: Number(counts.vitals), notes: Number(counts.notes), stages: Number(counts.stages) }).toEqual({ vitals: 0, notes: 0, stages: 1 });
      return out;
    };

    it('refuses values outside physiological limits, naming each field under vitalSigns', async () => {
      expect(await refused({ pulseBpm: 500, temperatureC: 98.6, oxygenSaturation: 101 })).toEqual(['vitalSigns.oxygenSaturation', 'vitalSigns.pulseBpm', 'vitalSigns.temperatureC']);
    });

    it('refuses an inconsistent blood pressure and an impossible BMI', async () => {
      expect(await refused({ systolicMmHg: 80, diastolicMmHg: 90 })).toEqual(['vitalSigns.systolicMmHg']);
      expect(await refused({ systolicMmHg: 120 })).toEqual(['vitalSigns.diastolicMmHg']);
      expect(await refused({ weightKg: 300, heightCm: 60 })).toEqual(['vitalSigns.heightCm', 'vitalSigns.weightKg']);
    });

    it('refuses an assessment without any measurement or without a triage colour', async () => {
      expect(await refused({})).toEqual(['vitalSigns']);
      const id = await visitAt('assessment');
      expect(fields(await post(tokens.nurse, `/visits/${id}/assessment`, { vitalSigns: { pulseBpm: 80 } }))).toEqual(['triagePriority']);
      expect(fields(await post(tokens.nurse, `/visits/${id}/assessment`, { triagePriority: 'red' }))).toEqual(['vitalSigns']);
      expect(fields(await post(tokens.nurse, `/visits/${id}/assessment`, { vitalSigns: { pulseBpm: 80 }, triagePriority: 'blue' }))).toEqual(['triagePriority']);
    });
  });

  describe('the queue', () => {
    it('orders by triage priority, then arrival, with the waiting time by the database clock', async () => {
      const ids: Record<string, string> = {};
      for (const [name, colour] of [
        ['a', 'yellow'],
        ['b', 'green'],
        ['c', 'red'],
        ['d', 'orange'],
        ['e', 'orange'],
      ]) {
        ids[name] = (await register(await newPatient({ firstName: `Queue${name.toUpperCase()}` }))).id;
        await post(tokens.nurse, `/visits/${ids[name]}/assessment`, { ...ASSESSMENT, triagePriority: colour }).expect(201);
      }
      // d arrived before e (same colour), whatever order the requests ran in; d has waited ten minutes.
      await t.db.query('UPDATE visits SET arrived_at = NOW(3) - INTERVAL 2 HOUR WHERE id = ?', [ids.d]);
      await t.db.query('UPDATE visits SET arrived_at = NOW(3) - INTERVAL 1 HOUR, stage_entered_at = NOW(3) - INTERVAL 10 MINUTE WHERE id = ?', [ids.e]);
      const res = await get(tokens.doctor, `/visits/queue?clinicId=${clinicId}&stage=consultation&perPage=100`).expect(200);
      const mine = (res.body.data as { visitId: string }[]).filter((e) => Object.values(ids).includes(e.visitId));
      expect(mine.map((e) => e.visitId)).toEqual([ids.c, ids.d, ids.e, ids.a, ids.b]);
      const entryE = res.body.data.find((e: { visitId: string }) => e.visitId === ids.e);
      expect(entryE).toMatchObject({ patientName: 'QueueE Visitor', patientAge: expect.any(Number), patientSex: 'male', triagePriority: 'orange' });
      expect(entryE.waitingSeconds).toBeGreaterThanOrEqual(600);
      expect(entryE.waitingSeconds).toBeLessThan(660);
      // No identity numbers in the queue.
      expect(Object.keys(entryE).sort()).toEqual(
        ['arrivedAt', 'chiefComplaint', 'patientAge', 'patientId', 'patientName', 'patientSex', 'stageEnteredAt', 'triagePriority', 'version', 'visitId', 'waitingSeconds'].sort(),
      );
      // Every entry is waiting in that stage; the order holds across the whole page.
      const ranks = { red: 1, orange: 2, yellow: 3, green: 4 } as Record<string, number>;
      const all = res.body.data as { triagePriority: string; arrivedAt: string }[];
      for (let i = 1; i < all.length; i++) {
        const [p, q] = [all[i - 1], all[i]];
        expect(ranks[p.triagePriority] < ranks[q.triagePriority] || (p.triagePriority === q.triagePriority && p.arrivedAt <= q.arrivedAt)).toBe(true);
      }
    });

    it('lists the unassessed by arrival in the assessment queue', async () => {
      const first = await register(await newPatient());
      const second = await register(await newPatient());
      await t.db.query('UPDATE visits SET arrived_at = NOW(3) - INTERVAL 3 HOUR WHERE id = ?', [second.id]);
      const res = await get(tokens.nurse, `/visits/queue?clinicId=${clinicId}&stage=assessment&perPage=100`).expect(200);
      const order = (res.body.data as { visitId: string; triagePriority: null }[]).map((e) => e.visitId);
      expect(order.indexOf(second.id)).toBeLessThan(order.indexOf(first.id));
      expect(res.body.data.every((e: { triagePriority: string | null }) => e.triagePriority === null)).toBe(true);
      const all = res.body.data as { arrivedAt: string }[];
      for (let i = 1; i < all.length; i++) expect(all[i - 1].arrivedAt <= all[i].arrivedAt).toBe(true);
    });

    it('answers 404 for a clinic outside the jurisdiction, or unknown', async () => {
      expect((await get(tokens.nurse, `/visits/queue?clinicId=${mobileClinicId}&stage=assessment`)).status).toBe(404);
      expect((await get(tokens.nurse, '/visits/queue?clinicId=00000000-0000-4000-8000-000000000000&stage=assessment')).status).toBe(404);
      expect((await get(tokens.admin, `/visits/queue?clinicId=${mobileClinicId}&stage=assessment`)).status).toBe(200);
    });
  });

  describe('data scope', () => {
    let outsidePatient: string;
    let outsideVisit: string;
    let outsideIdentity: string;

    beforeAll(async () => {
      outsideIdentity = saIdFor('1990-01-15');
      outsidePatient = await newPatient({ registeredClinicId: mobileClinicId, identityNumber: outsideIdentity, dateOfBirth: '1990-01-15' }, tokens.admin);
      const res = await post(tokens.admin, '/visits', { patientId: outsidePatient, clinicId: mobileClinicId });
      expect(res.status).toBe(201);
      outsideVisit = res.body.id;
    });

    it('answers 404 for a visit whose patient is outside the jurisdiction, for reads and writes', async () => {
      expect((await get(tokens.viewer, `/visits/${outsideVisit}`)).status).toBe(404);
      expect((await post(tokens.nurse, `/visits/${outsideVisit}/assessment`, ASSESSMENT)).status).toBe(404);
      expect((await post(tokens.clerk, `/visits/${outsideVisit}/cancel`, { reason: 'x' })).status).toBe(404);
      expect((await post(tokens.nurse, `/visits/${outsideVisit}/vital-signs`, { pulseBpm: 80 })).status).toBe(404);
      const list = await get(tokens.viewer, `/visits?clinicId=${mobileClinicId}`).expect(200);
      expect(list.body.data).toEqual([]);
      const unknown = await get(tokens.viewer, '/visits/00000000-0000-4000-8000-000000000000');
      expect({ status: unknown.status, message: unknown.body.message }).toEqual({ status: 404, message: 'Visit not found' });
      expect((await get(tokens.admin, `/visits/${outsideVisit}`)).status).toBe(200);
    });

    it('refuses registering at a clinic outside the jurisdiction like an unknown clinic', async () => {
      const patientId = await newPatient();
      const outside = await post(tokens.clerk, '/visits', { patientId, clinicId: mobileClinicId });
      const unknown = await post(tokens.clerk, '/visits', { patientId, clinicId: '00000000-0000-4000-8000-000000000000' });
      expect([outside.status, outside.body.message]).toEqual([404, 'Clinic not found']);
      expect([unknown.status, unknown.body.message]).toEqual([404, 'Clinic not found']);
    });

    it('registers a patient from elsewhere who presents here, given their identity number, and then shows them', async () => {
      await post(tokens.admin, `/visits/${outsideVisit}/cancel`, { reason: 'Moved to Pretoria Central' }).expect(200);
      const without = await post(tokens.clerk, '/visits', { patientId: outsidePatient, clinicId });
      expect(without.status).toBe(404);
      const wrong = await post(tokens.clerk, '/visits', { patientId: outsidePatient, clinicId, identityNumber: saIdFor('1990-01-15') });
      expect(wrong.status).toBe(404);
      const res = await post(tokens.clerk, '/visits', { patientId: outsidePatient, clinicId, identityNumber: outsideIdentity });
      expect(res.status).toBe(201);
      expect((await get(tokens.viewer, `/patients/${outsidePatient}`)).status).toBe(200);
      // Now the patient is visible here, so is their earlier visit elsewhere.
      expect((await get(tokens.viewer, `/visits/${outsideVisit}`)).status).toBe(200);
    });
  });

  describe('registration rules', () => {
    it('allows one open visit per patient per clinic', async () => {
      const patientId = await newPatient();
      const first = await register(patientId);
      const again = await post(tokens.clerk, '/visits', { patientId, clinicId });
      expect({ status: again.status, error: again.body.error }).toEqual({ status: 409, error: 'VISIT_ALREADY_OPEN' });
      // Another clinic is fine (the administrator's jurisdiction covers both).
      expect((await post(tokens.admin, '/visits', { patientId, clinicId: mobileClinicId })).status).toBe(201);
      await post(tokens.clerk, `/visits/${first.id}/cancel`, { reason: 'Duplicate' }).expect(200);
      expect((await post(tokens.clerk, '/visits', { patientId, clinicId })).status).toBe(201);
    });

    it('refuses a visit for a deactivated patient', async () => {
      const patientId = await newPatient();
      await post(tokens.clerk, `/patients/${patientId}/deactivate`, { reason: 'Duplicate record' }).expect(200);
      const res = await post(tokens.clerk, '/visits', { patientId, clinicId });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'PATIENT_INACTIVE' });
      const [count] = await t.db.query('SELECT COUNT(*) AS n FROM visits WHERE patient_id = ?', [patientId]);
      expect(Number(count.n)).toBe(0);
    });

    it('answers 404 for an unknown patient', async () => {
      const res = await post(tokens.clerk, '/visits', { patientId: '00000000-0000-4000-8000-000000000000', clinicId });
      expect([res.status, res.body.message]).toEqual([404, 'Patient not found']);
    });
  });

  describe('vital signs and notes on an open visit', () => {
    it('records them against the visit, and refuses once the visit is closed', async () => {
      const id = await visitAt('closure');
      const vitals = await post(tokens.nurse, `/visits/${id}/vital-signs`, { systolicMmHg: 118, diastolicMmHg: 76 });
      expect(vitals.status).toBe(201);
      expect(vitals.body).toMatchObject({ visitId: id, systolicMmHg: 118 });
      const note = await post(tokens.doctor, `/visits/${id}/clinical-notes`, { kind: 'progress', body: 'Pain settling' });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ visitId: id, kind: 'progress' });
      expect(fields(await post(tokens.nurse, `/visits/${id}/vital-signs`, { pulseBpm: 10 }))).toEqual(['pulseBpm']);
      expect((await post(tokens.social_worker, `/visits/${id}/clinical-notes`, { kind: 'progress', body: 'x' })).status).toBe(403);
      await post(tokens.clerk, `/visits/${id}/closure`, CLOSURE).expect(201);
      const late = await post(tokens.nurse, `/visits/${id}/vital-signs`, { pulseBpm: 80 });
      expect({ status: late.status, error: late.body.error }).toEqual({ status: 409, error: 'VISIT_NOT_OPEN' });
      expect((await post(tokens.doctor, `/visits/${id}/clinical-notes`, { kind: 'progress', body: 'x' })).status).toBe(409);
    });
  });

  describe('closure rules', () => {
    it('requires a follow-up date for a scheduled follow-up, today or later, and consistent death', async () => {
      const id = await visitAt('closure');
      expect(fields(await post(tokens.doctor, `/visits/${id}/closure`, { outcome: 'improved', disposition: 'follow_up_scheduled' }))).toEqual(['followUpDate']);
      expect(fields(await post(tokens.doctor, `/visits/${id}/closure`, { outcome: 'improved', disposition: 'follow_up_scheduled', followUpDate: '2020-01-01' }))).toEqual(['followUpDate']);
      expect(fields(await post(tokens.doctor, `/visits/${id}/closure`, { outcome: 'died', disposition: 'discharged_home' }))).toEqual(['disposition']);
      expect(await visitRow(id)).toMatchObject({ stage: 'closure', status: 'in_progress' });
      const res = await post(tokens.doctor, `/visits/${id}/closure`, { outcome: 'improved', disposition: 'follow_up_scheduled', followUpDate: '2099-01-31' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ followUpDate: '2099-01-31', status: 'completed' });
    });
  });

  describe('bad input', () => {
    let id: string;
    beforeAll(async () => {
      id = await visitAt('assessment');
    });

    it.each([
      ['/visits/not-a-uuid'],
      ['/visits?patientId=x'],
      ['/visits?patientId=x&clinicId=00000000-0000-4000-8000-000000000000'],
      ['/visits'],
      ['/visits?clinicId=' + '00000000-0000-4000-8000-000000000000' + '&stage=waiting'],
      ['/visits/queue'],
      ['/visits/queue?clinicId=x&stage=assessment'],
      ['/visits/queue?clinicId=00000000-0000-4000-8000-000000000000&stage=registration'],
      ['/visits/queue?clinicId=00000000-0000-4000-8000-000000000000&stage=assessment&perPage=1000'],
    ])('GET %s is a 400 with field details', async (path) => {
      const res = await get(tokens.admin, path);
      expect(fields(res).length).toBeGreaterThan(0);
    });

    it.each([
      ['not-a-uuid', 'assessment', ASSESSMENT, ['id']],
      ['not-a-uuid', 'cancel', { reason: 'x' }, ['id']],
    ])('POST /visits/%s/%s is a 400 naming the id', async (visit, action, body, expected) => {
      expect(fields(await post(tokens.admin, `/visits/${visit}/${action}`, body))).toEqual(expected);
    });

    it('names every bad field of each stage body', async () => {
      const cases: [string, object, string[]][] = [
        ['assessment', { ...ASSESSMENT, version: 0 }, ['version']],
        ['assessment', { ...ASSESSMENT, version: 'one' }, ['version']],
        ['assessment', { ...ASSESSMENT, extra: 1 }, ['extra']],
        ['assessment', { ...ASSESSMENT, vitalSigns: 'high' }, ['vitalSigns']],
        ['assessment', { ...ASSESSMENT, nursingNote: '   ' }, ['nursingNote']],
        ['consultation', { ...CONSULTATION, diagnoses: [] }, ['diagnoses']],
        ['consultation', { ...CONSULTATION, diagnoses: [{ code: 'I10' }] }, ['diagnoses.0.primary']],
        ['consultation', { ...CONSULTATION, soapNote: undefined }, ['soapNote']],
        ['consultation', { ...CONSULTATION, soapNote: {} }, ['soapNote']],
        ['consultation', { ...CONSULTATION, soapNote: { plan: 'x'.repeat(10_001) } }, ['soapNote.plan']],
        ['consultation', { ...CONSULTATION, counselingRequired: 'yes' }, ['counselingRequired']],
        ['consultation', { ...CONSULTATION, labOrders: [{ testCode: 'F B C', testName: '' }] }, ['labOrders.0.testCode', 'labOrders.0.testName']],
        ['consultation', { ...CONSULTATION, referrals: [{ type: 'other', urgency: 'soon', toFacility: 'X', reason: 'Y' }] }, ['referrals.0.type', 'referrals.0.urgency']],
        [
          'consultation',
          { ...CONSULTATION, prescriptionItems: [{ drugId: 'X', dose: '1', frequency: 'daily', route: 'by mouth', durationDays: 0, quantity: 1.5 }] },
          ['prescriptionItems.0.drugId', 'prescriptionItems.0.durationDays', 'prescriptionItems.0.quantity', 'prescriptionItems.0.route'],
        ],
        ['counseling', {}, ['notes']],
        ['counseling', { ...COUNSELING, psychosocialReferral: { urgency: 'routine' } }, ['psychosocialReferral.reason', 'psychosocialReferral.toFacility']],
        ['counseling/skip', {}, ['reason']],
        ['closure', { outcome: 'fine', disposition: 'home' }, ['disposition', 'outcome']],
        ['closure', { ...CLOSURE, followUpDate: '2099-02-30' }, ['followUpDate']],
        ['cancel', { reason: '' }, ['reason']],
        ['cancel', { reason: 'x'.repeat(501) }, ['reason']],
      ];
      for (const [action, body, expected] of cases) {
        const res = await post(tokens.admin, `/visits/${id}/${action}`, body);
        expect({ action, body, fields: res.status === 400 ? fields(res) : res.status }).toEqual({ action, body, fields: expected });
      }
      expect(fields(await post(tokens.admin, '/visits', { patientId: 'x', clinicId }))).toEqual(['patientId']);
      expect(fields(await post(tokens.admin, '/visits', { clinicId }))).toEqual(['patientId']);
      expect(fields(await post(tokens.admin, '/visits', { patientId: id, clinicId, chiefComplaint: 'x'.repeat(501) }))).toEqual(['chiefComplaint']);
      expect(fields(await post(tokens.admin, `/visits/${id}/vital-signs`, { pulseBpm: 'fast' }))).toEqual(['pulseBpm']);
      expect(fields(await post(tokens.admin, `/visits/${id}/clinical-notes`, { kind: 'diary', body: 'x' }))).toEqual(['kind']);
      // And nothing moved.
      expect(await visitRow(id)).toMatchObject({ stage: 'assessment', version: 1 });
    });
  });
});
