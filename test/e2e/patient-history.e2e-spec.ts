import type { Response } from 'supertest';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { startTestApp, TestApp } from '../support/test-app';

let sequence = 3000;
function saIdFor(dateOfBirth: string): string {
  sequence += 1;
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(sequence).padStart(4, '0')}08`;
  return prefix + luhnCheckDigit(prefix);
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** The medical history: each kind's record/list, the allergy-status rules, vital-sign limits, permissions and scope. */
describe('patient history', () => {
  let t: TestApp;
  let national: string;
  let doctor: string;
  let nurse: string;
  let clerk: string;
  let viewer: string;
  let patientId: string;
  let otherClinicPatientId: string;
  const DOB = '1980-05-05';

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const post = (token: string, path: string, body?: object) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const patch = (token: string, path: string, body: object) => t.http().patch(`/api/v1${path}`).set(auth(token)).send(body);
  const put = (token: string, path: string, body: object) => t.http().put(`/api/v1${path}`).set(auth(token)).send(body);
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const registerPatient = async (token: string, clinicId: string, dateOfBirth = DOB) =>
    (
      await post(token, '/patients', {
        firstName: 'Kagiso',
        lastName: 'Historytest',
        dateOfBirth,
        sex: 'male',
        identityType: 'sa_id',
        identityNumber: saIdFor(dateOfBirth),
        registeredClinicId: clinicId,
      }).expect(201)
    ).body.id as string;

  beforeAll(async () => {
    t = await startTestApp();
    [national, doctor, nurse, clerk, viewer] = await Promise.all(['admin', 'doctor', 'nurse', 'clerk', 'viewer'].map((r) => t.tokenFor(r)));
    const [clinicA] = await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'");
    patientId = await registerPatient(clerk, clinicA.id);
    const westernCape = (await t.db.query("SELECT id FROM provinces WHERE code = 'WC'"))[0].id;
    const district = (await post(national, '/districts', { provinceId: westernCape, name: 'Overberg' }).expect(201)).body;
    const clinicB = (await post(national, '/clinics', { code: 'WC-OVB-001', name: 'Hermanus Clinic', kind: 'fixed', districtId: district.id }).expect(201)).body;
    otherClinicPatientId = await registerPatient(national, clinicB.id);
  });
  afterAll(() => t.close());

  describe('allergies and allergy status', () => {
    let allergyId: string;

    it('starts unknown: "none recorded" is not "none"', async () => {
      const summary = await get(doctor, `/patients/${patientId}/summary`).expect(200);
      expect(summary.body).toMatchObject({ allergyStatus: 'unknown', activeAllergies: [] });
    });

    it('records an active allergy and the status becomes has_allergies', async () => {
      const res = await post(nurse, `/patients/${patientId}/allergies`, {
        substance: 'Penicillin',
        category: 'drug',
        drugClass: 'penicillins',
        reaction: 'Anaphylaxis',
        severity: 'life_threatening',
        onsetDate: '2001-02-03',
      }).expect(201);
      allergyId = res.body.id;
      expect(res.body).toMatchObject({ patientId, substance: 'Penicillin', severity: 'life_threatening', status: 'active', onsetDate: '2001-02-03', version: 1 });
      expect((await get(viewer, `/patients/${patientId}/summary`).expect(200)).body.allergyStatus).toBe('has_allergies');
      const list = await get(viewer, `/patients/${patientId}/allergies`).expect(200);
      expect(list.body.data.map((a: { id: string }) => a.id)).toEqual([allergyId]);
      expect(list.body.meta).toMatchObject({ total: 1, page: 1 });
    });

    it('refuses the same active substance twice, whatever its case', async () => {
      const res = await post(doctor, `/patients/${patientId}/allergies`, { substance: 'PENICILLIN', category: 'drug', severity: 'mild' }).expect(409);
      expect(res.body.error).toBe('ALLERGY_ALREADY_RECORDED');
    });

    it('refuses no_known_allergies while an allergy is active', async () => {
      const res = await put(doctor, `/patients/${patientId}/allergy-status`, { status: 'no_known_allergies' }).expect(409);
      expect(res.body).toMatchObject({ error: 'ALLERGIES_ACTIVE' });
    });

    it('refuses has_allergies without an active allergy, on a patient with none', async () => {
      const fresh = await registerPatient(clerk, (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id, '1990-01-01');
      expect((await put(doctor, `/patients/${fresh}/allergy-status`, { status: 'has_allergies' }).expect(409)).body.error).toBe('NO_ACTIVE_ALLERGIES');
      const nka = await put(doctor, `/patients/${fresh}/allergy-status`, { status: 'no_known_allergies' }).expect(200);
      expect(nka.body).toEqual({ patientId: fresh, allergyStatus: 'no_known_allergies', activeAllergyCount: 0 });
    });

    it('resolving the last allergy sets the status back to unknown; then NKA may be declared', async () => {
      const stale = await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { version: 7, status: 'resolved' }).expect(409);
      expect(stale.body.error).toBe('HISTORY_VERSION_CONFLICT');
      const res = await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { version: 1, status: 'resolved' }).expect(200);
      expect(res.body).toMatchObject({ status: 'resolved', version: 2 });
      expect((await get(doctor, `/patients/${patientId}/summary`).expect(200)).body).toMatchObject({ allergyStatus: 'unknown', activeAllergies: [] });
      await put(doctor, `/patients/${patientId}/allergy-status`, { status: 'no_known_allergies' }).expect(200);
      // A new active allergy overrides the declaration.
      await post(nurse, `/patients/${patientId}/allergies`, { substance: 'Peanuts', category: 'food', severity: 'severe' }).expect(201);
      const summary = (await get(doctor, `/patients/${patientId}/summary`).expect(200)).body;
      expect(summary.allergyStatus).toBe('has_allergies');
      expect(summary.activeAllergies.map((a: { substance: string }) => a.substance)).toEqual(['Peanuts']);
    });

    it('marks an allergy entered in error only with a reason, keeps it, and then freezes it', async () => {
      expect(fields(await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { version: 2, status: 'entered_in_error' }))).toEqual(['statusReason']);
      await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { version: 2, status: 'entered_in_error', statusReason: 'Wrong patient' }).expect(200);
      const visible = (await get(doctor, `/patients/${patientId}/allergies`).expect(200)).body.data.map((a: { id: string }) => a.id);
      expect(visible).not.toContain(allergyId);
      const errors = (await get(doctor, `/patients/${patientId}/allergies?status=entered_in_error`).expect(200)).body.data;
      expect(errors).toEqual([expect.objectContaining({ id: allergyId, statusReason: 'Wrong patient' })]);
      const frozen = await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { version: 3, severity: 'mild' }).expect(409);
      expect(frozen.body.error).toBe('HISTORY_ENTERED_IN_ERROR');
      expect((await t.db.query('SELECT COUNT(*) AS n FROM patient_allergies WHERE id = ?', [allergyId]))[0].n).toBe('1');
    });

    it('refuses bad allergy input with field details', async () => {
      const res = await post(nurse, `/patients/${patientId}/allergies`, { substance: '', category: 'pollen', severity: 'deadly', onsetDate: '2001-02-30', extra: 1 });
      expect(fields(res)).toEqual(['category', 'extra', 'onsetDate', 'severity', 'substance']);
      expect(fields(await post(nurse, `/patients/${patientId}/allergies`, { substance: 'Latex', category: 'other', severity: 'mild', onsetDate: '1970-01-01' }))).toEqual([
        'onsetDate',
      ]);
      expect(fields(await put(doctor, `/patients/${patientId}/allergy-status`, { status: 'none' }))).toEqual(['status']);
      expect(fields(await patch(doctor, `/patients/${patientId}/allergies/${allergyId}`, { severity: 'mild' }))).toEqual(['version']);
      expect(fields(await patch(doctor, `/patients/${patientId}/allergies/not-a-uuid`, { version: 1 }))).toEqual(['allergyId']);
      expect(fields(await get(doctor, `/patients/${patientId}/allergies?status=gone&page=0`))).toEqual(['page', 'status']);
    });
  });

  describe('conditions', () => {
    it('records chronic conditions by ICD-10 code, with the code\'s description by default', async () => {
      const hypertension = await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'I10', kind: 'chronic', onsetDate: '2015-03-01' }).expect(201);
      expect(hypertension.body).toMatchObject({ icd10Code: 'I10', description: 'Essential (primary) hypertension', kind: 'chronic', status: 'active', onsetDate: '2015-03-01' });
      const diabetes = await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'e11.9', kind: 'chronic', description: 'T2DM, diet controlled' }).expect(201);
      expect(diabetes.body).toMatchObject({ icd10Code: 'E11.9', description: 'T2DM, diet controlled' });
      const list = await get(viewer, `/patients/${patientId}/conditions?kind=chronic`).expect(200);
      expect(list.body.data.map((c: { icd10Code: string }) => c.icd10Code)).toEqual(['E11.9', 'I10']);
      const dup = await post(nurse, `/patients/${patientId}/conditions`, { icd10Code: 'I10', kind: 'chronic' }).expect(409);
      expect(dup.body.error).toBe('CONDITION_ALREADY_RECORDED');
    });

    it('resolves a condition, refusing a resolution before the onset', async () => {
      const past = await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'J18.9', kind: 'past', onsetDate: '2019-01-10' }).expect(201);
      expect(fields(await patch(doctor, `/patients/${patientId}/conditions/${past.body.id}`, { version: 1, status: 'resolved', resolvedDate: '2018-12-01' }))).toEqual([
        'resolvedDate',
      ]);
      const res = await patch(doctor, `/patients/${patientId}/conditions/${past.body.id}`, { version: 1, status: 'resolved', resolvedDate: '2019-02-01' }).expect(200);
      expect(res.body).toMatchObject({ status: 'resolved', resolvedDate: '2019-02-01', version: 2 });
      expect((await get(viewer, `/patients/${patientId}/conditions?status=resolved`).expect(200)).body.data).toHaveLength(1);
    });

    it('refuses an unknown code and a category that has subdivisions, naming icd10Code', async () => {
      for (const icd10Code of ['X99.99', 'E11', 'I1O']) {
        const res = await post(doctor, `/patients/${patientId}/conditions`, { icd10Code, kind: 'chronic' });
        expect(fields(res)).toEqual(['icd10Code']);
      }
      expect(fields(await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'I10;--', kind: 'current', onsetDate: '2030-01-01' }))).toEqual(['icd10Code', 'kind']);
      expect(fields(await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'I10', kind: 'chronic', onsetDate: '2099-01-01' }))).toEqual(['onsetDate']);
    });

    it("applies the code's sex restriction to the patient (a delivery code for a male patient)", async () => {
      const res = await post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'O80.0', kind: 'past', onsetDate: '2015-06-01' });
      expect(fields(res)).toEqual(['icd10Code']);
      expect(res.body.details).toEqual([{ field: 'icd10Code', message: 'O80.0 applies only to female patients' }]);
    });
  });

  describe('medications, immunizations, procedures', () => {
    it('records and lists a current medication, then stops it', async () => {
      const created = await post(doctor, `/patients/${patientId}/medications`, {
        name: 'Amlodipine',
        strength: '5 mg',
        dose: '1 tablet',
        frequency: 'once daily',
        route: 'oral',
        startDate: '2024-01-10',
        prescriber: 'Dr N. Dlamini',
      }).expect(201);
      expect(created.body).toMatchObject({ name: 'Amlodipine', status: 'current', route: 'oral', sourceVisitId: null });
      const list = await get(viewer, `/patients/${patientId}/medications?status=current`).expect(200);
      expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.id })]);
      const stopped = await patch(doctor, `/patients/${patientId}/medications/${created.body.id}`, { version: 1, status: 'stopped', endDate: '2024-06-01' }).expect(200);
      expect(stopped.body).toMatchObject({ status: 'stopped', endDate: '2024-06-01' });
      expect(fields(await patch(doctor, `/patients/${patientId}/medications/${created.body.id}`, { version: 2, endDate: '2023-01-01' }))).toEqual(['endDate']);
    });

    it('refuses bad medication input', async () => {
      const res = await post(doctor, `/patients/${patientId}/medications`, { name: 'X', route: 'by mouth', startDate: '2024-05-01', endDate: '2024-04-01' });
      expect(fields(res)).toEqual(['route']);
      expect(fields(await post(doctor, `/patients/${patientId}/medications`, { name: 'X', startDate: '2024-05-01', endDate: '2024-04-01' }))).toEqual(['endDate']);
      expect(fields(await post(doctor, `/patients/${patientId}/medications`, { strength: '5 mg', status: 'stopped' }))).toEqual(['name', 'status']);
    });

    it('records and lists immunizations, latest given first', async () => {
      await post(nurse, `/patients/${patientId}/immunizations`, { vaccine: 'Hepatitis B', doseNumber: 1, dateGiven: '2024-01-15', lotNumber: 'HB1' }).expect(201);
      const second = await post(nurse, `/patients/${patientId}/immunizations`, {
        vaccine: 'Hepatitis B',
        doseNumber: 2,
        dateGiven: '2024-02-15',
        lotNumber: 'HB2',
        site: 'left deltoid',
        nextDueDate: '2099-07-15',
      }).expect(201);
      expect(second.body).toMatchObject({ doseNumber: 2, dateGiven: '2024-02-15', nextDueDate: '2099-07-15', status: 'completed' });
      const list = await get(viewer, `/patients/${patientId}/immunizations`).expect(200);
      expect(list.body.data.map((i: { lotNumber: string }) => i.lotNumber)).toEqual(['HB2', 'HB1']);
    });

    it('refuses bad immunization input', async () => {
      const res = await post(nurse, `/patients/${patientId}/immunizations`, { vaccine: 'BCG', doseNumber: 0, dateGiven: 'yesterday' });
      expect(fields(res)).toEqual(['dateGiven', 'doseNumber']);
      const dates = await post(nurse, `/patients/${patientId}/immunizations`, { vaccine: 'BCG', dateGiven: '2099-01-01', nextDueDate: '2098-01-01' });
      expect(fields(dates)).toEqual(['dateGiven', 'nextDueDate']);
    });

    it('records and lists procedures', async () => {
      const res = await post(doctor, `/patients/${patientId}/procedures`, {
        name: 'Appendicectomy',
        code: '0DTJ4ZZ',
        performedOn: '2016-08-20',
        facility: 'Steve Biko Academic Hospital',
      }).expect(201);
      expect(res.body).toMatchObject({ name: 'Appendicectomy', performedOn: '2016-08-20', status: 'completed', version: 1 });
      expect((await get(viewer, `/patients/${patientId}/procedures`).expect(200)).body.data).toEqual([expect.objectContaining({ id: res.body.id })]);
      expect(fields(await post(doctor, `/patients/${patientId}/procedures`, { name: 'X', code: 'a b', performedOn: '1979-01-01' }))).toEqual(['code']);
      expect(fields(await post(doctor, `/patients/${patientId}/procedures`, { name: 'X', performedOn: '1979-01-01' }))).toEqual(['performedOn']);
    });
  });

  describe('vital signs', () => {
    it('records a snapshot and computes the BMI', async () => {
      const res = await post(nurse, `/patients/${patientId}/vital-signs`, {
        systolicMmHg: 142,
        diastolicMmHg: 91,
        pulseBpm: 78,
        temperatureC: 36.9,
        respiratoryRate: 16,
        oxygenSaturation: 97,
        glucoseMmolL: 6.2,
        weightKg: 95.5,
        heightCm: 168,
      }).expect(201);
      expect(res.body).toMatchObject({ patientId, visitId: null, systolicMmHg: 142, temperatureC: 36.9, weightKg: 95.5, heightCm: 168, bmi: 33.8, status: 'final' });
      const onlyWeight = await post(nurse, `/patients/${patientId}/vital-signs`, { weightKg: 94 }).expect(201);
      expect(onlyWeight.body.bmi).toBeNull();
      const list = await get(viewer, `/patients/${patientId}/vital-signs`).expect(200);
      expect(list.body.data.map((v: { id: string }) => v.id)).toEqual([onlyWeight.body.id, res.body.id]);
    });

    it('refuses values outside physiological limits, naming every field at once', async () => {
      const res = await post(nurse, `/patients/${patientId}/vital-signs`, {
        systolicMmHg: 400,
        diastolicMmHg: 10,
        pulseBpm: 5,
        temperatureC: 98.6,
        respiratoryRate: 100,
        oxygenSaturation: 101,
        glucoseMmolL: 90,
        weightKg: 0.1,
        heightCm: 1.7,
      });
      expect(fields(res)).toEqual([
        'diastolicMmHg',
        'glucoseMmolL',
        'heightCm',
        'oxygenSaturation',
        'pulseBpm',
        'respiratoryRate',
        'systolicMmHg',
        'temperatureC',
        'weightKg',
      ]);
      expect(res.body.details).toContainEqual({ field: 'temperatureC', message: 'temperatureC must be between 25 and 45 °C' });
    });

    it('refuses no measurement, half a blood pressure, systolic not above diastolic, and an impossible BMI', async () => {
      expect(fields(await post(nurse, `/patients/${patientId}/vital-signs`, {}))).toEqual(['vitalSigns']);
      expect(fields(await post(nurse, `/patients/${patientId}/vital-signs`, { systolicMmHg: 120 }))).toEqual(['diastolicMmHg']);
      expect(fields(await post(nurse, `/patients/${patientId}/vital-signs`, { systolicMmHg: 80, diastolicMmHg: 90 }))).toEqual(['systolicMmHg']);
      expect(fields(await post(nurse, `/patients/${patientId}/vital-signs`, { weightKg: 300, heightCm: 60 }))).toEqual(['heightCm', 'weightKg']);
      expect(fields(await post(nurse, `/patients/${patientId}/vital-signs`, { pulseBpm: 72.5, temperatureC: '37' }))).toEqual(['pulseBpm', 'temperatureC']);
    });

    it('marks a snapshot entered in error once, with a reason', async () => {
      const res = await post(nurse, `/patients/${patientId}/vital-signs`, { pulseBpm: 180 }).expect(201);
      const path = `/patients/${patientId}/vital-signs/${res.body.id}/entered-in-error`;
      expect(fields(await post(nurse, path, {}))).toEqual(['reason']);
      const marked = await post(nurse, path, { reason: 'Pulse of another patient' }).expect(200);
      expect(marked.body).toMatchObject({ status: 'entered_in_error', statusReason: 'Pulse of another patient' });
      expect((await post(nurse, path, { reason: 'again' }).expect(409)).body.error).toBe('HISTORY_ENTERED_IN_ERROR');
      const ids = (await get(viewer, `/patients/${patientId}/vital-signs`).expect(200)).body.data.map((v: { id: string }) => v.id);
      expect(ids).not.toContain(res.body.id);
      await post(nurse, `/patients/${otherClinicPatientId}/vital-signs/${res.body.id}/entered-in-error`, { reason: 'x' + 'yz' }).expect(404);
      await post(national, `/patients/${otherClinicPatientId}/vital-signs/${res.body.id}/entered-in-error`, { reason: 'xyz' }).expect(404);
    });
  });

  describe('clinical notes', () => {
    it('adds a SOAP note and a free-text note, and lists them', async () => {
      const soap = await post(doctor, `/patients/${patientId}/notes`, {
        kind: 'soap',
        subjective: 'Headaches for two weeks',
        objective: 'BP 168/104',
        assessment: 'Uncontrolled hypertension',
        plan: 'Increase amlodipine to 10 mg',
      }).expect(201);
      expect(soap.body).toMatchObject({ kind: 'soap', assessment: 'Uncontrolled hypertension', body: null, visitId: null, status: 'final' });
      const nursing = await post(nurse, `/patients/${patientId}/notes`, { kind: 'nursing', body: 'Patient counselled on salt intake' }).expect(201);
      const list = await get(viewer, `/patients/${patientId}/notes`).expect(200);
      expect(list.body.data.map((n: { id: string }) => n.id)).toEqual([nursing.body.id, soap.body.id]);
      expect((await get(viewer, `/patients/${patientId}/notes?kind=soap`).expect(200)).body.data).toHaveLength(1);
    });

    it('refuses an empty note and an unknown kind', async () => {
      expect(fields(await post(doctor, `/patients/${patientId}/notes`, { kind: 'soap' }))).toEqual(['body']);
      expect(fields(await post(doctor, `/patients/${patientId}/notes`, { kind: 'soap', body: '   ' }))).toEqual(['body']);
      expect(fields(await post(doctor, `/patients/${patientId}/notes`, { kind: 'diary', body: 'x' }))).toEqual(['kind']);
      expect(fields(await post(doctor, `/patients/${patientId}/notes`, { kind: 'progress', body: 'x'.repeat(10_001) }))).toEqual(['body']);
    });
  });

  describe('access', () => {
    it('lets only history:write record history (clerk and viewer get 403)', async () => {
      for (const token of [clerk, viewer]) {
        expect((await post(token, `/patients/${patientId}/vital-signs`, { pulseBpm: 70 }).expect(403)).body.error).toBe('MISSING_PERMISSION');
        await post(token, `/patients/${patientId}/allergies`, { substance: 'Sulfa', category: 'drug', severity: 'mild' }).expect(403);
        await post(token, `/patients/${patientId}/notes`, { kind: 'nursing', body: 'x' }).expect(403);
        await put(token, `/patients/${patientId}/allergy-status`, { status: 'unknown' }).expect(403);
      }
      // The viewer may read.
      await get(viewer, `/patients/${patientId}/vital-signs`).expect(200);
    });

    it("answers 404 for another clinic's patient, exactly as for an unknown one", async () => {
      for (const id of [otherClinicPatientId, UNKNOWN]) {
        for (const path of ['allergies', 'conditions', 'medications', 'immunizations', 'procedures', 'vital-signs', 'notes', 'documents', 'summary', 'timeline']) {
          const res = await get(doctor, `/patients/${id}/${path}`).expect(404);
          expect(res.body).toMatchObject({ error: 'NOT_FOUND', message: 'Patient not found' });
        }
        await post(nurse, `/patients/${id}/vital-signs`, { pulseBpm: 70 }).expect(404);
        await post(nurse, `/patients/${id}/allergies`, { substance: 'Sulfa', category: 'drug', severity: 'mild' }).expect(404);
        await put(doctor, `/patients/${id}/allergy-status`, { status: 'no_known_allergies' }).expect(404);
      }
      // A national user sees the other clinic's patient.
      await get(national, `/patients/${otherClinicPatientId}/allergies`).expect(200);
    });

    it("refuses another patient's entry id as not found", async () => {
      const entry = (await post(national, `/patients/${otherClinicPatientId}/medications`, { name: 'Metformin' }).expect(201)).body;
      const res = await patch(national, `/patients/${patientId}/medications/${entry.id}`, { version: 1, status: 'stopped' }).expect(404);
      expect(res.body.message).toBe('Medication not found');
    });

    it('audits reads of the history against the patient', async () => {
      const res = await get(viewer, `/patients/${patientId}/allergies`).expect(200);
      const rows = await t.db.query('SELECT resource_type, resource_id, action FROM audit_log WHERE request_id = ?', [res.headers['x-request-id']]);
      expect(rows).toEqual([{ resource_type: 'patient', resource_id: patientId, action: 'listPatientAllergies' }]);
    });

    it('refuses bad input on every history endpoint with field details, before touching anything', async () => {
      const id = patientId;
      const cases: [() => ReturnType<typeof get>, string[]][] = [
        [() => get(viewer, `/patients/${id}/conditions?kind=acute&status=cured`), ['kind', 'status']],
        [() => get(viewer, `/patients/${id}/medications?status=paused&perPage=0`), ['perPage', 'status']],
        [() => get(viewer, `/patients/${id}/immunizations?status=given`), ['status']],
        [() => get(viewer, `/patients/${id}/procedures?page=-1`), ['page']],
        [() => get(viewer, `/patients/${id}/vital-signs?status=draft`), ['status']],
        [() => get(viewer, `/patients/${id}/notes?kind=diary&status=x`), ['kind', 'status']],
        [() => patch(doctor, `/patients/${id}/conditions/${UNKNOWN}`, { version: 0, status: 'cured', onsetDate: '2020-13-01' }), ['onsetDate', 'status', 'version']],
        [() => patch(doctor, `/patients/${id}/conditions/nope`, { version: 1 }), ['conditionId']],
        [() => patch(doctor, `/patients/${id}/medications/${UNKNOWN}`, { version: 1, route: 'ear', dose: '' }), ['dose', 'route']],
        [() => patch(nurse, `/patients/${id}/immunizations/${UNKNOWN}`, { version: '1', doseNumber: 99, status: 'pending' }), ['doseNumber', 'status', 'version']],
        [() => patch(nurse, `/patients/${id}/immunizations/nope`, { version: 1 }), ['immunizationId']],
        [() => patch(doctor, `/patients/${id}/procedures/${UNKNOWN}`, { version: 1, code: 'has space', notes: null }), ['code', 'notes']],
        [() => patch(doctor, `/patients/${id}/procedures/nope`, { version: 1 }), ['procedureId']],
        [() => post(nurse, `/patients/${id}/vital-signs/nope/entered-in-error`, { reason: 'xyz' }), ['vitalSignsId']],
        [() => post(doctor, `/patients/${id}/notes/nope/entered-in-error`, { reason: 'xyz' }), ['noteId']],
        [() => post(doctor, `/patients/${id}/notes/${UNKNOWN}/entered-in-error`, { reason: 'x', why: 1 }), ['reason', 'why']],
        [() => post(doctor, `/patients/${id}/procedures`, {}), ['name', 'performedOn']],
        [() => post(doctor, `/patients/${id}/conditions`, {}), ['icd10Code', 'kind']],
        [() => post(nurse, `/patients/${id}/immunizations`, {}), ['dateGiven', 'vaccine']],
        [() => post(doctor, `/patients/${id}/medications`, {}), ['name']],
        [() => post(doctor, `/patients/${id}/notes`, {}), ['kind']],
      ];
      for (const [send, expected] of cases) expect(fields(await send())).toEqual(expected);
      // Unknown entries of a visible patient are 404s, not 500s.
      await patch(doctor, `/patients/${id}/procedures/${UNKNOWN}`, { version: 1, facility: 'Elsewhere' }).expect(404);
      await post(doctor, `/patients/${id}/notes/${UNKNOWN}/entered-in-error`, { reason: 'xyz' }).expect(404);
    });

    it('refuses a patient id that is not a UUID on every route', async () => {
      for (const path of ['allergies', 'conditions', 'medications', 'immunizations', 'procedures', 'vital-signs', 'notes', 'summary', 'timeline', 'documents']) {
        expect(fields(await get(doctor, `/patients/nope/${path}`))).toEqual(['id']);
      }
    });
  });
});
