import type { Response } from 'supertest';
import { PatientTimelineRegistry } from '../../src/patients';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { startTestApp, TestApp } from '../support/test-app';

let sequence = 5000;
function saIdFor(dateOfBirth: string): string {
  sequence += 1;
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${String(sequence).padStart(4, '0')}08`;
  return prefix + luhnCheckDigit(prefix);
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const VISIT_ID = 'a1b2c3d4-0000-4000-8000-00000000f001';

interface Entry {
  occurredAt: string;
  kind: string;
  id: string;
  title: string;
  detail: string | null;
  visitId: string | null;
}

/** One chronological stream of the whole history (plus other contexts' sources), and the one-call summary. */
describe('patient timeline and summary', () => {
  let t: TestApp;
  let doctor: string;
  let nurse: string;
  let viewer: string;
  let patientId: string;
  const recent: { kind: string; id: string }[] = [];

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const post = (token: string, path: string, body: object) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const timeline = async (query = '') => (await get(viewer, `/patients/${patientId}/timeline${query}`).expect(200)).body as { data: Entry[]; meta: Record<string, number | boolean> };
  /** Created one after the other, so their recorded times rise. */
  const add = async (kind: string, res: Promise<Response>) => {
    const body = (await res).body;
    expect(body.id).toBeDefined();
    recent.push({ kind, id: body.id });
    await new Promise((r) => setTimeout(r, 5));
    return body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [doctor, nurse, viewer] = await Promise.all(['doctor', 'nurse', 'viewer'].map((r) => t.tokenFor(r)));
    const clerk = await t.tokenFor('clerk');
    const [clinic] = await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'");
    patientId = (
      await post(clerk, '/patients', {
        firstName: 'Refilwe',
        lastName: 'Timeline',
        dateOfBirth: '1970-02-02',
        sex: 'female',
        identityType: 'sa_id',
        identityNumber: saIdFor('1970-02-02'),
        registeredClinicId: clinic.id,
      }).expect(201)
    ).body.id;

    // Dated in the past: they sort by their clinical date, after everything recorded today.
    await post(nurse, `/patients/${patientId}/immunizations`, { vaccine: 'Tetanus toxoid', doseNumber: 3, dateGiven: '2020-01-01', lotNumber: 'TT9' }).expect(201);
    await post(doctor, `/patients/${patientId}/procedures`, { name: 'Caesarean section', performedOn: '2010-05-05' }).expect(201);

    await add('allergy', post(nurse, `/patients/${patientId}/allergies`, { substance: 'Ibuprofen', category: 'drug', drugClass: 'NSAIDs', reaction: 'Urticaria', severity: 'moderate' }));
    await add('allergy', post(nurse, `/patients/${patientId}/allergies`, { substance: 'Penicillin', category: 'drug', reaction: 'Anaphylaxis', severity: 'life_threatening' }));
    await add('condition', post(doctor, `/patients/${patientId}/conditions`, { icd10Code: 'I10', kind: 'chronic' }));
    await add('medication', post(doctor, `/patients/${patientId}/medications`, { name: 'Amlodipine', strength: '5 mg', frequency: 'daily' }));
    const stopped = await add('medication', post(doctor, `/patients/${patientId}/medications`, { name: 'Enalapril', strength: '10 mg' }));
    await t.http().patch(`/api/v1/patients/${patientId}/medications/${stopped.id}`).set(auth(doctor)).send({ version: 1, status: 'stopped' }).expect(200);
    await add('vital_signs', post(nurse, `/patients/${patientId}/vital-signs`, { systolicMmHg: 150, diastolicMmHg: 95, weightKg: 80, heightCm: 160 }));
    await add('vital_signs', post(nurse, `/patients/${patientId}/vital-signs`, { systolicMmHg: 138, diastolicMmHg: 88, pulseBpm: 70 }));
    await add('clinical_note', post(doctor, `/patients/${patientId}/notes`, { kind: 'soap', assessment: 'Hypertension, improving' }));
    await add(
      'document',
      t
        .http()
        .post(`/api/v1/patients/${patientId}/documents`)
        .set(auth(nurse))
        .field('title', 'ECG')
        .field('category', 'imaging')
        .attach('file', PNG, { filename: 'ecg.png', contentType: 'image/png' }),
    );
    // Entered in error: not on the timeline.
    const wrong = (await post(nurse, `/patients/${patientId}/vital-signs`, { pulseBpm: 200 }).expect(201)).body;
    await post(nurse, `/patients/${patientId}/vital-signs/${wrong.id}/entered-in-error`, { reason: 'Wrong patient' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is one stream across kinds, newest first, clinical dates placing older events last', async () => {
    const { data, meta } = await timeline('?perPage=100');
    const expectedRecent = [...recent].reverse();
    expect(data.slice(0, expectedRecent.length).map((e) => ({ kind: e.kind, id: e.id }))).toEqual(expectedRecent);
    expect(data.slice(expectedRecent.length).map((e) => e.title)).toEqual(['Immunization: Tetanus toxoid (dose 3)', 'Procedure: Caesarean section']);
    expect(data.at(-2)?.occurredAt).toBe('2020-01-01T00:00:00.000Z');
    expect(meta).toMatchObject({ total: recent.length + 2, page: 1 });
    for (let i = 1; i < data.length; i += 1) expect(data[i - 1].occurredAt >= data[i].occurredAt).toBe(true);
    const allergy = data.find((e) => e.title.includes('Penicillin'));
    expect(allergy).toMatchObject({ kind: 'allergy', title: 'Allergy: Penicillin (life-threatening)', detail: 'Anaphylaxis', visitId: null });
    expect(data.find((e) => e.kind === 'vital_signs' && e.detail?.includes('BMI'))?.detail).toBe('BP 150/95 mmHg, 80 kg, 160 cm, BMI 31.3');
  });

  it('pages stably: the pages together are the whole stream, with no repeats', async () => {
    const all = (await timeline('?perPage=100')).data.map((e) => e.id);
    const paged: string[] = [];
    for (let page = 1; ; page += 1) {
      const { data, meta } = await timeline(`?perPage=3&page=${page}`);
      paged.push(...data.map((e) => e.id));
      expect(meta.total).toBe(all.length);
      if (!meta.hasNext) break;
    }
    expect(paged).toEqual(all);
    const beyond = await timeline('?perPage=3&page=50');
    expect(beyond).toMatchObject({ data: [], meta: { total: all.length, page: 50, hasNext: false } });
  });

  it('filters by kind, comma-separated or repeated', async () => {
    const dated = await timeline('?kinds=immunization,procedure');
    expect(dated.data.map((e) => e.kind)).toEqual(['immunization', 'procedure']);
    const repeated = await timeline('?kinds=clinical_note&kinds=document');
    expect(repeated.data.map((e) => e.kind).sort()).toEqual(['clinical_note', 'document']);
    expect(repeated.meta.total).toBe(2);
    expect((await timeline('?kinds=visit')).data).toEqual([]);
  });

  it('includes sources other contexts register, in the same order and pages', async () => {
    const registry = t.app.get(PatientTimelineRegistry);
    registry.registerSource({
      kinds: ['visit'],
      sql: `SELECT CAST('2021-06-01 08:30:00' AS DATETIME(3)) AS occurred_at, 'visit' AS kind, '${VISIT_ID}' AS id,
                   'Visit at Pretoria Central Police Clinic' AS title, 'closed' AS detail, '${VISIT_ID}' AS visit_id
              FROM DUAL WHERE ? IS NOT NULL ORDER BY 1 LIMIT 1`,
    });
    const { data } = await timeline('?perPage=100');
    expect(data.slice(-3).map((e) => e.kind)).toEqual(['visit', 'immunization', 'procedure']);
    expect(data.at(-3)).toEqual({
      occurredAt: '2021-06-01T08:30:00.000Z',
      kind: 'visit',
      id: VISIT_ID,
      title: 'Visit at Pretoria Central Police Clinic',
      detail: 'closed',
      visitId: VISIT_ID,
    });
    expect(() => registry.registerSource({ kinds: ['appointment'], sql: 'SELECT 1 WHERE ?' })).toThrow(/kinds must be among/);
    expect(() => registry.registerSource({ kinds: ['visit'], sql: 'SELECT 1' })).toThrow(/exactly one \?/);
  });

  it('summarises the allergy status, active allergies (most severe first), conditions, current medications, latest vitals and last visit', async () => {
    const summary = (await get(doctor, `/patients/${patientId}/summary`).expect(200)).body;
    expect(summary).toMatchObject({ patientId, allergyStatus: 'has_allergies', lastVisit: null });
    expect(summary.activeAllergies.map((a: { substance: string }) => a.substance)).toEqual(['Penicillin', 'Ibuprofen']);
    expect(summary.activeConditions.map((c: { icd10Code: string }) => c.icd10Code)).toEqual(['I10']);
    expect(summary.currentMedications.map((m: { name: string }) => m.name)).toEqual(['Amlodipine']);
    expect(summary.latestVitals).toMatchObject({ systolicMmHg: 138, diastolicMmHg: 88, pulseBpm: 70, status: 'final' });

    t.app.get(PatientTimelineRegistry).setLastVisitProvider(async (id) =>
      id === patientId
        ? {
            id: VISIT_ID,
            clinicId: '00000000-0000-4000-8000-0000000000c1',
            clinicName: 'Pretoria Central Police Clinic',
            arrivedAt: '2021-06-01T08:30:00.000Z',
            stage: 'closure',
            status: 'closed',
            endedAt: '2021-06-01T10:00:00.000Z',
            primaryDiagnosis: { code: 'I10', description: 'Essential (primary) hypertension' },
          }
        : null,
    );
    const withVisit = (await get(doctor, `/patients/${patientId}/summary`).expect(200)).body;
    expect(withVisit.lastVisit).toMatchObject({ id: VISIT_ID, stage: 'closure', primaryDiagnosis: { code: 'I10' } });
    const audit = await t.db.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'getPatientSummary' AND resource_id = ?", [patientId]);
    expect(Number(audit[0].n)).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad paging and unknown kinds with field details', async () => {
    expect(fields(await get(viewer, `/patients/${patientId}/timeline?kinds=visit,gossip`))).toEqual(['kinds']);
    expect(fields(await get(viewer, `/patients/${patientId}/timeline?page=0&perPage=101`))).toEqual(['page', 'perPage']);
    expect(fields(await get(viewer, `/patients/${patientId}/timeline?kinds=`))).toEqual(['kinds']);
    expect(fields(await get(viewer, `/patients/${patientId}/timeline?unknown=1`))).toEqual(['unknown']);
  });

  it('needs patients:read', async () => {
    const finance = (await t.login('finance@demo.clinic.local')).accessToken;
    await get(finance, `/patients/${patientId}/timeline`).expect(403);
    await get(finance, `/patients/${patientId}/summary`).expect(403);
  });
});
