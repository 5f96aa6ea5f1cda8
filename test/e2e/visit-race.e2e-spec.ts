import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

const ASSESSMENT = { vitalSigns: { systolicMmHg: 130, diastolicMmHg: 85, pulseBpm: 88 }, triagePriority: 'orange' };
const CONSULTATION = { soapNote: { assessment: 'Tension headache' }, diagnoses: [{ code: 'R51', primary: true }], counselingRequired: true };
const PASSWORD = 'quartz-meadow-lantern-73';

/** Two staff writing the same visit at the same moment: exactly one wins, the other gets 409, and the database shows one change. */
describe('visit races', () => {
  let t: TestApp;
  let clerk: string;
  let nurse: string;
  let secondNurse: string;
  let doctor: string;
  let clinicId: string;
  let patientSeq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: object) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

  const newVisit = async (): Promise<{ id: string; patientId: string }> => {
    patientSeq += 1;
    const patient = await post(clerk, '/patients', {
      firstName: 'Racer',
      lastName: `Number${patientSeq}`,
      dateOfBirth: '1979-03-0' + ((patientSeq % 9) + 1),
      sex: 'female',
      identityType: 'passport',
      identityNumber: `RACE${String(patientSeq).padStart(5, '0')}`,
      passportCountry: 'BW',
      registeredClinicId: clinicId,
    }).expect(201);
    const visit = await post(clerk, '/visits', { patientId: patient.body.id, clinicId }).expect(201);
    return { id: visit.body.id, patientId: patient.body.id };
  };
  const state = async (id: string) => {
    const [visit] = await t.db.query('SELECT stage, status, version FROM visits WHERE id = ?', [id]);
    const records = await t.db.query('SELECT stage FROM visit_stage_records WHERE visit_id = ? ORDER BY completed_at', [id]);
    const [vitals] = await t.db.query('SELECT COUNT(*) AS n FROM vital_signs WHERE visit_id = ?', [id]);
    return { ...visit, stages: records.map((r: { stage: string }) => r.stage), vitals: Number(vitals.n) };
  };

  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '20' });
    [clerk, nurse, doctor] = await Promise.all(['clerk', 'nurse', 'doctor'].map((r) => t.tokenFor(r)));
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    const admin = await t.tokenFor('admin');
    const email = 'second.nurse@clinic.test';
    await post(admin, '/users', { email, fullName: 'Second Nurse', password: PASSWORD, role: 'nurse', jurisdiction: { level: 'clinic', clinicId } }).expect(201);
    secondNurse = (await t.login(email, PASSWORD)).accessToken;
  });
  afterAll(() => t.close());

  it('lets exactly one of two nurses submitting the assessment at once win', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await newVisit();
      const results = await Promise.all([
        post(nurse, `/visits/${id}/assessment`, { ...ASSESSMENT, triagePriority: 'red' }),
        post(secondNurse, `/visits/${id}/assessment`, { ...ASSESSMENT, triagePriority: 'green' }),
      ]);
      expect(statuses(results)).toEqual([201, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(['VISIT_STAGE_ORDER', 'VISIT_VERSION_CONFLICT']).toContain(loser.body.error);
      const winner = results.find((r) => r.status === 201)!;
      // One stage record, one vitals snapshot, the version moved by exactly one, the winner's triage kept.
      expect(await state(id)).toEqual({ stage: 'consultation', status: 'in_progress', version: 2, stages: ['registration', 'assessment'], vitals: 1 });
      const [row] = await t.db.query('SELECT triage_priority FROM visits WHERE id = ?', [id]);
      expect(row.triage_priority).toBe(winner.body.triagePriority);
    }
  });

  it('lets exactly one of two nurses who both read version 1 win, even one after the other', async () => {
    const { id } = await newVisit();
    await post(nurse, `/visits/${id}/assessment`, { ...ASSESSMENT, version: 1 }).expect(201);
    const late = await post(secondNurse, `/visits/${id}/assessment`, { ...ASSESSMENT, version: 1 });
    expect({ status: late.status, error: late.body.error }).toEqual({ status: 409, error: 'VISIT_STAGE_ORDER' });
    expect(late.body.message).toBe('This visit is waiting for consultation; allowed next: consultation, cancel');
  });

  it('lets exactly one of two different-stage writes win (consultation against cancellation)', async () => {
    for (let round = 0; round < 6; round++) {
      const { id } = await newVisit();
      await post(nurse, `/visits/${id}/assessment`, ASSESSMENT).expect(201);
      // Both read version 2; whichever commits second has acted on a visit that is no longer what it saw.
      const [consult, cancel] = await Promise.all([
        post(doctor, `/visits/${id}/consultation`, { ...CONSULTATION, version: 2 }),
        post(nurse, `/visits/${id}/cancel`, { reason: 'Patient left', version: 2 }),
      ]);
      const outcome = { consult: { status: consult.status, error: consult.body.error }, cancel: { status: cancel.status, error: cancel.body.error } };
      const now = await state(id);
      const [visit] = await t.db.query('SELECT cancelled_at, cancellation_reason, counseling_decision FROM visits WHERE id = ?', [id]);
      const [diagnoses] = await t.db.query('SELECT COUNT(*) AS n FROM visit_diagnoses WHERE visit_id = ?', [id]);
      const [notes] = await t.db.query("SELECT COUNT(*) AS n FROM clinical_notes WHERE visit_id = ? AND kind = 'soap'", [id]);
      const rows = { diagnoses: Number(diagnoses.n), soapNotes: Number(notes.n), cancelled: visit.cancelled_at !== null, reason: visit.cancellation_reason, decision: visit.counseling_decision };
      if (consult.status === 201) {
        // Cancelling is still allowed at counseling, but the visit moved past the version the nurse sent.
        expect(outcome).toEqual({ consult: { status: 201, error: undefined }, cancel: { status: 409, error: 'VISIT_VERSION_CONFLICT' } });
        expect(now).toEqual({ stage: 'counseling', status: 'in_progress', version: 3, stages: ['registration', 'assessment', 'consultation'], vitals: 1 });
        expect(rows).toEqual({ diagnoses: 1, soapNotes: 1, cancelled: false, reason: null, decision: 'required' });
      } else {
        // A cancelled visit takes no consultation at all, whatever version is sent.
        expect(outcome).toEqual({ consult: { status: 409, error: 'VISIT_STAGE_ORDER' }, cancel: { status: 200, error: undefined } });
        expect(consult.body.message).toBe('This visit is cancelled; allowed next: none');
        expect(now).toEqual({ stage: 'consultation', status: 'cancelled', version: 3, stages: ['registration', 'assessment'], vitals: 1 });
        expect(rows).toEqual({ diagnoses: 0, soapNotes: 0, cancelled: true, reason: 'Patient left', decision: null });
      }
    }
  });

  it('lets only one of two clerks open a visit for the same patient at the same clinic', async () => {
    const { id, patientId } = await newVisit();
    await post(clerk, `/visits/${id}/cancel`, { reason: 'Start again' }).expect(200);
    const results = await Promise.all([post(clerk, '/visits', { patientId, clinicId }), post(clerk, '/visits', { patientId, clinicId })]);
    expect(statuses(results)).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error).toBe('VISIT_ALREADY_OPEN');
    const [open] = await t.db.query("SELECT COUNT(*) AS n FROM visits WHERE patient_id = ? AND status = 'in_progress'", [patientId]);
    expect(Number(open.n)).toBe(1);
  });

  it('lets exactly one of two closures win', async () => {
    const { id } = await newVisit();
    await post(nurse, `/visits/${id}/assessment`, ASSESSMENT).expect(201);
    await post(doctor, `/visits/${id}/consultation`, { ...CONSULTATION, counselingRequired: false, counselingSkipReason: 'Not needed' }).expect(201);
    const results = await Promise.all([
      post(doctor, `/visits/${id}/closure`, { outcome: 'improved', disposition: 'discharged_home' }),
      post(nurse, `/visits/${id}/closure`, { outcome: 'resolved', disposition: 'discharged_home' }),
    ]);
    expect(statuses(results)).toEqual([201, 409]);
    expect(await state(id)).toMatchObject({ status: 'completed', version: 4, stages: ['registration', 'assessment', 'consultation', 'counseling', 'closure'] });
  });
});
