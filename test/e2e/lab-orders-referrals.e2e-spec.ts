import type { Response } from 'supertest';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');
const REFERRAL = { type: 'external', urgency: 'urgent', toFacility: 'Steve Biko Academic Hospital', specialty: 'Cardiology', reason: 'Uncontrolled hypertension' };

/** Lab orders (ordered → specimen collected → resulted) and referrals (status with history) through HTTP. */
describe('lab orders and referrals', () => {
  let t: TestApp;
  let clerk: string;
  let nurse: string;
  let doctor: string;
  let socialWorker: string;
  let viewer: string;
  let admin: string;
  let nurseId: string;
  let clinicId: string;
  let mobileClinicId: string;
  let patientSeq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };

  const newPatient = async (clinic = clinicId, token = clerk): Promise<string> => {
    patientSeq += 1;
    const res = await post(token, '/patients', {
      firstName: 'Lab',
      lastName: `Patient${patientSeq}`,
      dateOfBirth: '1970-07-07',
      sex: 'male',
      identityType: 'passport',
      identityNumber: `LAB${String(patientSeq).padStart(6, '0')}`,
      passportCountry: 'LS',
      registeredClinicId: clinic,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const newVisit = async (patientId?: string): Promise<{ id: string; patientId: string }> => {
    const pid = patientId ?? (await newPatient());
    const res = await post(clerk, '/visits', { patientId: pid, clinicId }).expect(201);
    return { id: res.body.id, patientId: pid };
  };
  const order = async (visitId: string, body: object = { testCode: 'FBC', testName: 'Full blood count' }) => {
    const res = await post(nurse, `/visits/${visitId}/lab-orders`, body);
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string };
  };
  const uploadDocument = async (patientId: string): Promise<string> => {
    const res = await t
      .http()
      .post(`/api/v1/patients/${patientId}/documents`)
      .set(auth(nurse))
      .field('title', 'NHLS report')
      .field('category', 'lab_result')
      .attach('file', PDF, { filename: 'report.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [clerk, nurse, doctor, socialWorker, viewer, admin] = await Promise.all(['clerk', 'nurse', 'doctor', 'social_worker', 'viewer', 'admin'].map((r) => t.tokenFor(r)));
    nurseId = (await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('nurse')]))[0].id;
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    mobileClinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-M01'"))[0].id;
  });
  afterAll(() => t.close());

  describe('lab orders', () => {
    it('goes ordered → specimen collected → resulted, with values, flags and the report document', async () => {
      const visit = await newVisit();
      const ordered = await post(nurse, `/visits/${visit.id}/lab-orders`, { testCode: 'U&E'.replace('&', ''), testName: 'Urea and electrolytes', priority: 'stat', clinicalNotes: 'Vomiting' });
      expect(ordered.status).toBe(201);
      expect(ordered.body).toMatchObject({ visitId: visit.id, patientId: visit.patientId, status: 'ordered', priority: 'stat', orderedBy: nurseId, allowedActions: ['collect_specimen', 'cancel'], results: [] });
      const id = ordered.body.id;

      const collected = await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'serum' });
      expect(collected.status).toBe(201);
      expect(collected.body).toMatchObject({ status: 'specimen_collected', specimenType: 'serum', collectedBy: nurseId, allowedActions: ['record_result', 'cancel'] });
      expect(collected.body.collectedAt).toEqual(expect.any(String));

      const documentId = await uploadDocument(visit.patientId);
      const resulted = await post(doctor, `/lab-orders/${id}/result`, {
        documentId,
        summary: 'Hypokalaemia',
        results: [
          { analyte: 'Sodium', valueNumeric: 138, unit: 'mmol/L', referenceLow: 136, referenceHigh: 145 },
          { analyte: 'Potassium', valueNumeric: 2.9, unit: 'mmol/L', referenceLow: 3.5, referenceHigh: 5.1 },
          { analyte: 'Creatinine', valueNumeric: 160, unit: 'umol/L', referenceLow: 64, referenceHigh: 104, flag: 'critical' },
          { analyte: 'Appearance', valueText: 'Haemolysed: no' },
        ],
      });
      expect(resulted.status).toBe(201);
      expect(resulted.body).toMatchObject({ status: 'resulted', resultDocumentId: documentId, resultSummary: 'Hypokalaemia', allowedActions: [] });
      expect(resulted.body.results.map((r: { analyte: string; valueNumeric: number | null; flag: string | null }) => [r.analyte, r.valueNumeric, r.flag])).toEqual([
        ['Sodium', 138, 'normal'],
        ['Potassium', 2.9, 'low'],
        ['Creatinine', 160, 'critical'],
        ['Appearance', null, null],
      ]);

      const read = await get(viewer, `/lab-orders/${id}`).expect(200);
      expect(read.body).toEqual(resulted.body);
      const visitView = await get(viewer, `/visits/${visit.id}`).expect(200);
      expect(visitView.body.labOrders).toEqual([resulted.body]);
      const list = await get(viewer, `/lab-orders?patientId=${visit.patientId}`).expect(200);
      expect(list.body.data.map((o: { id: string }) => o.id)).toEqual([id]);
      expect((await get(viewer, `/lab-orders?visitId=${visit.id}&status=ordered`).expect(200)).body.data).toEqual([]);

      const timeline = await get(doctor, `/patients/${visit.patientId}/timeline?kinds=lab_order,lab_result`).expect(200);
      expect(timeline.body.data.map((e: { kind: string; id: string }) => [e.kind, e.id]).sort()).toEqual([
        ['lab_order', id],
        ['lab_result', id],
      ]);
    });

    it('refuses lab transitions out of order (409 naming what is allowed), and changes nothing', async () => {
      const visit = await newVisit();
      const { id } = await order(visit.id);
      const early = await post(nurse, `/lab-orders/${id}/result`, { results: [{ analyte: 'Hb', valueNumeric: 12 }] });
      expect({ status: early.status, error: early.body.error, message: early.body.message }).toEqual({
        status: 409,
        error: 'LAB_ORDER_STATUS',
        message: 'This lab order is ordered; allowed next: collect_specimen, cancel',
      });
      await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' }).expect(201);
      expect((await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' })).status).toBe(409);
      await post(nurse, `/lab-orders/${id}/result`, { results: [{ analyte: 'Hb', valueNumeric: 12 }] }).expect(201);
      for (const [path, body] of [
        ['result', { results: [{ analyte: 'Hb', valueNumeric: 13 }] }],
        ['specimen-collection', { specimenType: 'blood' }],
        ['cancel', { reason: 'Too late' }],
      ] as const) {
        const res = await post(nurse, `/lab-orders/${id}/${path}`, body);
        expect({ path, status: res.status, message: res.body.message }).toEqual({ path, status: 409, message: 'This lab order is resulted; allowed next: none' });
      }
      const [rows] = await t.db.query('SELECT COUNT(*) AS n FROM lab_results WHERE lab_order_id = ?', [id]);
      expect(Number(rows.n)).toBe(1);
    });

    it('cancels an order with a reason before it has a result, and then refuses everything', async () => {
      const visit = await newVisit();
      const { id } = await order(visit.id);
      const res = await post(doctor, `/lab-orders/${id}/cancel`, { reason: 'Duplicate order' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Duplicate order', allowedActions: [] });
      expect((await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' })).status).toBe(409);
    });

    it('lets exactly one of two racing collections win', async () => {
      const visit = await newVisit();
      const { id } = await order(visit.id);
      const results = await Promise.all([
        post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' }),
        post(doctor, `/lab-orders/${id}/specimen-collection`, { specimenType: 'serum' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = results.find((r) => r.status === 201)!;
      const [row] = await t.db.query('SELECT status, specimen_type FROM lab_orders WHERE id = ?', [id]);
      expect(row).toEqual({ status: 'specimen_collected', specimen_type: winner.body.specimenType });
    });

    it('refuses a result document that is not one of the patient’s, as a bad field', async () => {
      const visit = await newVisit();
      const { id } = await order(visit.id);
      await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'urine' }).expect(201);
      const otherPatientsDocument = await uploadDocument(await newPatient());
      expect(fields(await post(nurse, `/lab-orders/${id}/result`, { documentId: otherPatientsDocument, results: [{ analyte: 'Protein', valueText: 'Trace' }] }))).toEqual(['documentId']);
      expect(fields(await post(nurse, `/lab-orders/${id}/result`, { documentId: '00000000-0000-4000-8000-000000000000', results: [{ analyte: 'Protein', valueText: 'Trace' }] }))).toEqual([
        'documentId',
      ]);
      // Nothing was written by the refused attempts.
      const [row] = await t.db.query('SELECT status, (SELECT COUNT(*) FROM lab_results WHERE lab_order_id = ?) AS n FROM lab_orders WHERE id = ?', [id, id]);
      expect({ status: row.status, n: Number(row.n) }).toEqual({ status: 'specimen_collected', n: 0 });
    });

    it('names every bad field', async () => {
      const visit = await newVisit();
      const { id } = await order(visit.id);
      await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' }).expect(201);
      const resultCases: [object, string[]][] = [
        [{}, ['results']],
        [{ results: [] }, ['results']],
        [{ results: [{ analyte: 'Hb' }] }, ['results.0.valueNumeric', 'results.0.valueText']],
        [{ results: [{ analyte: 'Hb', valueNumeric: 12, valueText: '12' }] }, ['results.0.valueText']],
        [{ results: [{ analyte: 'Hb', valueNumeric: 12, referenceLow: 15, referenceHigh: 12 }] }, ['results.0.referenceLow']],
        [{ results: [{ analyte: 'Hb', valueNumeric: 1e12 }] }, ['results.0.valueNumeric']],
        [{ results: [{ analyte: 'Hb', valueNumeric: 1.123456 }] }, ['results.0.valueNumeric']],
        [{ results: [{ analyte: '', valueNumeric: 1, flag: 'weird' }] }, ['results.0.analyte', 'results.0.flag']],
        [{ results: ['Hb 12'] }, ['results', 'results.0']],
        [{ results: [{ analyte: 'Hb', valueNumeric: 12 }], documentId: 'doc' }, ['documentId']],
      ];
      for (const [body, expected] of resultCases) {
        const res = await post(nurse, `/lab-orders/${id}/result`, body);
        expect({ body, fields: res.status === 400 ? fields(res) : res.status }).toEqual({ body, fields: expected });
      }
      expect(fields(await post(nurse, `/visits/${visit.id}/lab-orders`, { testCode: 'F B C', testName: 'x', priority: 'asap' }))).toEqual(['priority', 'testCode']);
      expect(fields(await post(nurse, `/visits/${visit.id}/lab-orders`, {}))).toEqual(['testCode', 'testName']);
      expect(fields(await post(nurse, `/lab-orders/${id}/cancel`, {}))).toEqual(['reason']);
      expect(fields(await post(nurse, '/lab-orders/nope/cancel', { reason: 'x' }))).toEqual(['id']);
      expect(fields(await get(viewer, '/lab-orders'))).toEqual(['patientId']);
      expect(fields(await get(viewer, '/lab-orders/x'))).toEqual(['id']);
      expect(fields(await get(viewer, `/lab-orders?patientId=x&visitId=${visit.id}`))).toEqual(['patientId']);
      expect(fields(await get(viewer, '/lab-orders?patientId=1&status=lost'))).toEqual(['patientId', 'status']);
      expect(fields(await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'hair' }))).toEqual(['specimenType']);
    });

    it('refuses the roles without lab-orders:write, and visits that are closed', async () => {
      const visit = await newVisit();
      for (const token of [clerk, socialWorker, viewer]) {
        const res = await post(token, `/visits/${visit.id}/lab-orders`, { testCode: 'FBC', testName: 'Full blood count' });
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      }
      const { id } = await order(visit.id);
      expect((await post(socialWorker, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' })).status).toBe(403);
      await post(clerk, `/visits/${visit.id}/cancel`, { reason: 'Left' }).expect(200);
      const late = await post(nurse, `/visits/${visit.id}/lab-orders`, { testCode: 'FBC', testName: 'Full blood count' });
      expect({ status: late.status, error: late.body.error }).toEqual({ status: 409, error: 'VISIT_NOT_OPEN' });
      // An order already placed can still be followed up after the visit ends.
      await post(nurse, `/lab-orders/${id}/specimen-collection`, { specimenType: 'blood' }).expect(201);
    });

    it('answers 404 for an order whose patient is outside the jurisdiction', async () => {
      const patientId = await newPatient(mobileClinicId, admin);
      const visit = await post(admin, '/visits', { patientId, clinicId: mobileClinicId }).expect(201);
      const placed = await post(admin, `/visits/${visit.body.id}/lab-orders`, { testCode: 'FBC', testName: 'Full blood count' }).expect(201);
      expect((await get(viewer, `/lab-orders/${placed.body.id}`)).status).toBe(404);
      expect((await post(nurse, `/lab-orders/${placed.body.id}/specimen-collection`, { specimenType: 'blood' })).status).toBe(404);
      expect((await post(nurse, `/visits/${visit.body.id}/lab-orders`, { testCode: 'FBC', testName: 'Full blood count' })).status).toBe(404);
      expect((await get(viewer, `/lab-orders?patientId=${patientId}`).expect(200)).body.data).toEqual([]);
      expect((await get(viewer, '/lab-orders/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('referrals', () => {
    it('is created pending and moves through its statuses, keeping who and when', async () => {
      const visit = await newVisit();
      const created = await post(doctor, `/visits/${visit.id}/referrals`, REFERRAL);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...REFERRAL, visitId: visit.id, patientId: visit.patientId, status: 'pending', allowedNextStatuses: ['sent', 'accepted', 'declined', 'cancelled'] });
      expect(created.body.statusHistory).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'pending' })]);
      const id = created.body.id;

      const sent = await post(socialWorker, `/referrals/${id}/status`, { status: 'sent', note: 'Faxed to cardiology' });
      expect(sent.status).toBe(200);
      await post(doctor, `/referrals/${id}/status`, { status: 'accepted', note: 'Appointment 12 March' }).expect(200);
      const completed = await post(doctor, `/referrals/${id}/status`, { status: 'completed' }).expect(200);
      expect(completed.body).toMatchObject({ status: 'completed', allowedNextStatuses: [] });
      expect(completed.body.statusHistory.map((c: { fromStatus: string | null; toStatus: string; note: string | null }) => [c.fromStatus, c.toStatus, c.note])).toEqual([
        [null, 'pending', null],
        ['pending', 'sent', 'Faxed to cardiology'],
        ['sent', 'accepted', 'Appointment 12 March'],
        ['accepted', 'completed', null],
      ]);
      expect(completed.body.statusHistory[1].changedBy).toBe((await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('social_worker')]))[0].id);

      expect((await get(viewer, `/referrals/${id}`).expect(200)).body).toEqual(completed.body);
      expect((await get(viewer, `/referrals?patientId=${visit.patientId}`).expect(200)).body.data.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await get(viewer, `/visits/${visit.id}`).expect(200)).body.referrals).toEqual([completed.body]);
    });

    it('refuses status changes out of order, and from final statuses', async () => {
      const visit = await newVisit();
      const { body } = await post(doctor, `/visits/${visit.id}/referrals`, REFERRAL).expect(201);
      const res = await post(doctor, `/referrals/${body.id}/status`, { status: 'completed' });
      expect({ status: res.status, error: res.body.error, message: res.body.message }).toEqual({
        status: 409,
        error: 'REFERRAL_STATUS',
        message: 'This referral is pending; allowed next: sent, accepted, declined, cancelled',
      });
      await post(doctor, `/referrals/${body.id}/status`, { status: 'declined', note: 'No capacity' }).expect(200);
      expect((await post(doctor, `/referrals/${body.id}/status`, { status: 'accepted' })).status).toBe(409);
      const [changes] = await t.db.query('SELECT COUNT(*) AS n FROM referral_status_changes WHERE referral_id = ?', [body.id]);
      expect(Number(changes.n)).toBe(2);
    });

    it('lets exactly one of two racing status changes win', async () => {
      const visit = await newVisit();
      const { body } = await post(doctor, `/visits/${visit.id}/referrals`, REFERRAL).expect(201);
      const results = await Promise.all([
        post(doctor, `/referrals/${body.id}/status`, { status: 'declined' }),
        post(socialWorker, `/referrals/${body.id}/status`, { status: 'cancelled' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const [changes] = await t.db.query('SELECT COUNT(*) AS n FROM referral_status_changes WHERE referral_id = ?', [body.id]);
      expect(Number(changes.n)).toBe(2);
    });

    it('refuses roles without referrals:write, closed visits, and patients outside the jurisdiction', async () => {
      const visit = await newVisit();
      for (const token of [nurse, clerk, viewer]) expect((await post(token, `/visits/${visit.id}/referrals`, REFERRAL)).status).toBe(403);
      const { body } = await post(socialWorker, `/visits/${visit.id}/referrals`, { ...REFERRAL, type: 'psychosocial', toFacility: 'FAMSA Pretoria' }).expect(201);
      expect((await post(nurse, `/referrals/${body.id}/status`, { status: 'sent' })).status).toBe(403);
      await post(clerk, `/visits/${visit.id}/cancel`, { reason: 'Left' }).expect(200);
      expect((await post(doctor, `/visits/${visit.id}/referrals`, REFERRAL)).status).toBe(409);
      // The status of an existing referral still follows the receiving side after the visit.
      await post(doctor, `/referrals/${body.id}/status`, { status: 'sent' }).expect(200);

      const outsidePatient = await newPatient(mobileClinicId, admin);
      const outsideVisit = await post(admin, '/visits', { patientId: outsidePatient, clinicId: mobileClinicId }).expect(201);
      const outside = await post(admin, `/visits/${outsideVisit.body.id}/referrals`, REFERRAL).expect(201);
      expect((await get(viewer, `/referrals/${outside.body.id}`)).status).toBe(404);
      expect((await post(doctor, `/referrals/${outside.body.id}/status`, { status: 'sent' })).status).toBe(404);
      expect((await post(doctor, `/visits/${outsideVisit.body.id}/referrals`, REFERRAL)).status).toBe(404);
    });

    it('names every bad field', async () => {
      const visit = await newVisit();
      const { body } = await post(doctor, `/visits/${visit.id}/referrals`, REFERRAL).expect(201);
      const cases: [string, object, string[]][] = [
        [`/visits/${visit.id}/referrals`, {}, ['reason', 'toFacility', 'type', 'urgency']],
        [`/visits/${visit.id}/referrals`, { ...REFERRAL, type: 'sideways', urgency: 'whenever' }, ['type', 'urgency']],
        [`/visits/${visit.id}/referrals`, { ...REFERRAL, toFacility: 'x'.repeat(201), specialty: '' }, ['specialty', 'toFacility']],
        [`/visits/${visit.id}/referrals`, { ...REFERRAL, status: 'accepted' }, ['status']],
        [`/referrals/${body.id}/status`, {}, ['status']],
        [`/referrals/${body.id}/status`, { status: 'pending' }, ['status']],
        [`/referrals/${body.id}/status`, { status: 'sent', note: 'x'.repeat(501) }, ['note']],
        ['/referrals/not-a-uuid/status', { status: 'sent' }, ['id']],
      ];
      for (const [path, payload, expected] of cases) {
        const res = await post(doctor, path, payload);
        expect({ path, fields: res.status === 400 ? fields(res) : res.status }).toEqual({ path, fields: expected });
      }
      expect(fields(await get(viewer, '/referrals'))).toEqual(['patientId']);
      expect(fields(await get(viewer, '/referrals/x'))).toEqual(['id']);
      expect(fields(await get(viewer, `/referrals?visitId=${visit.id}&status=lost`))).toEqual(['status']);
    });
  });
});
