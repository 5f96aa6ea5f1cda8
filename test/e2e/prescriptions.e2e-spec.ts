import { randomUUID } from 'node:crypto';
import { clinicToday } from '../../src/common/time/clinic-date';
import { daysFromToday, fields, outcome, PharmacyFixtures } from '../support/pharmacy-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Prescribing through HTTP on the real database: the catalogue, the safety checks (allergy by
 * substance and by class, duplicate active therapy) with their overrides, current medications,
 * listing and scope, cancellation, the Consultation writing a Pharmacy prescription, bad input and
 * permissions.
 */
describe('prescriptions', () => {
  let t: TestApp;
  let f: PharmacyFixtures;

  beforeAll(async () => {
    t = await startTestApp();
    f = new PharmacyFixtures(t);
    await f.init();
  });
  afterAll(() => t.close());

  describe('prescribing', () => {
    it('writes the prescription against the catalogue and adds the items to the current medications', async () => {
      const patientId = await f.newPatient();
      const res = await f.prescribe(
        patientId,
        [
          f.item('AMOXICILLIN-500MG-CAP', 15, { dose: '1 capsule', frequency: 'three times daily', durationDays: 5, instructions: 'Finish the course' }),
          f.item('PARACETAMOL-500MG-TAB', 24, { dose: '2 tablets', frequency: 'six-hourly when needed', durationDays: 3, route: 'oral' }),
        ],
        { notes: 'Chest infection' },
      );
      expect(res.status).toBe(201);
      const doctorId = (await t.db.query("SELECT id FROM users WHERE email = 'doctor@demo.clinic.local'"))[0].id;
      expect(res.body).toMatchObject({
        patientId,
        visitId: null,
        clinicId: f.clinicId,
        clinicName: 'Pretoria Central Police Clinic',
        prescribedBy: doctorId,
        prescribedByName: 'Demo doctor',
        prescribedOn: clinicToday(),
        status: 'active',
        notes: 'Chest infection',
        cancellation: null,
        version: 1,
      });
      expect(res.body.items).toEqual([
        expect.objectContaining({
          position: 0,
          drugId: f.drugId('AMOXICILLIN-500MG-CAP'),
          drugCode: 'AMOXICILLIN-500MG-CAP',
          drugName: 'amoxicillin',
          strength: '500 mg',
          schedule: 'S4',
          dose: '1 capsule',
          durationDays: 5,
          courseEndDate: daysFromToday(4),
          quantity: 15,
          dispensingUnit: 'capsule',
          quantityDispensed: 0,
          quantityRemaining: 15,
          route: 'oral',
          instructions: 'Finish the course',
          safetyFindings: [],
          overrideReason: null,
        }),
        expect.objectContaining({ position: 1, drugName: 'paracetamol', quantity: 24, courseEndDate: daysFromToday(2) }),
      ]);
      const meds = await f.get('doctor', `/patients/${patientId}/medications?status=current`).expect(200);
      expect(meds.body.data.map((m: { name: string; endDate: string }) => [m.name, m.endDate]).sort()).toEqual([
        ['amoxicillin', daysFromToday(4)],
        ['paracetamol', daysFromToday(2)],
      ]);
      const got = await f.get('viewer', `/prescriptions/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('defaults the route to the drug’s and refuses drugs that are not active catalogue drugs', async () => {
      const patientId = await f.newPatient();
      const morphine = await f.prescription(patientId, [f.item('MORPHINE-10MG/ML-INJ', 1, { durationDays: 1 })]);
      expect(morphine.items).toEqual([expect.objectContaining({ route: 'intramuscular', schedule: 'S6' })]);
      await t.db.query("UPDATE drugs SET is_active = 0 WHERE code = 'PERINDOPRIL-4MG-TAB'");
      try {
        const res = await f.prescribe(patientId, [f.item('PARACETAMOL-500MG-TAB', 10), { ...f.item('PARACETAMOL-500MG-TAB', 10), drugId: UNKNOWN }, f.item('PERINDOPRIL-4MG-TAB', 30)]);
        expect(fields(res)).toEqual(['items.1.drugId', 'items.2.drugId']);
      } finally {
        await t.db.query("UPDATE drugs SET is_active = 1 WHERE code = 'PERINDOPRIL-4MG-TAB'");
      }
    });
  });

  describe('safety checks', () => {
    const count = async (patientId: string) =>
      (
        await t.db.query(
          "SELECT (SELECT COUNT(*) FROM prescriptions WHERE patient_id = ?) AS prescriptions, (SELECT COUNT(*) FROM patient_medications WHERE patient_id = ? AND status = 'current') AS medications",
          [patientId, patientId],
        )
      )[0];

    it('refuses a drug the patient is allergic to by substance, and writes nothing', async () => {
      const patientId = await f.newPatient([{ substance: 'Amoxicillin' }]);
      const res = await f.prescribe(patientId, [f.item('PARACETAMOL-500MG-TAB', 10), f.item('AMOXICILLIN-500MG-CAP', 15)]);
      expect(outcome(res)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(res.body.details).toEqual([{ field: 'items.1', message: expect.stringMatching(/^ALLERGY: .*Amoxicillin/) }]);
      expect(await count(patientId)).toEqual({ prescriptions: '0', medications: '0' });
    });

    it('checks allergies of every category: a drug allergy filed as other still refuses the drug', async () => {
      const patientId = await f.newPatient([{ substance: 'Amoxicillin', category: 'other' }]);
      const res = await f.prescribe(patientId, [f.item('AMOXICILLIN-500MG-CAP', 15)]);
      expect(outcome(res)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(res.body.details).toEqual([{ field: 'items.0', message: expect.stringMatching(/^ALLERGY: .*Amoxicillin/) }]);
    });

    it('refuses a drug of the class the patient is allergic to (penicillin allergy, amoxicillin), and accepts an override', async () => {
      const patientId = await f.newPatient([{ substance: 'Penicillin', drugClass: 'penicillins' }]);
      const refused = await f.prescribe(patientId, [f.item('AMOXICILLIN-500MG-CAP', 15)]);
      expect(outcome(refused)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(refused.body.details).toEqual([{ field: 'items.0', message: expect.stringContaining('same drug class') }]);
      // A cephalosporin is not a penicillin.
      await f.prescription(patientId, [f.item('CEPHALEXIN-250MG-CAP', 20)]);

      const overridden = await f.prescribe(patientId, [f.item('AMOXICILLIN-500MG-CAP', 15, { overrideReason: 'Tolerated amoxicillin in 2023 without reaction' })]);
      expect(overridden.status).toBe(201);
      const allergyId = (await t.db.query('SELECT id FROM patient_allergies WHERE patient_id = ?', [patientId]))[0].id;
      expect(overridden.body.items[0]).toMatchObject({
        overrideReason: 'Tolerated amoxicillin in 2023 without reaction',
        safetyFindings: [{ code: 'ALLERGY', allergyId, substance: 'Penicillin', matchedOn: 'class', message: expect.any(String), prescriptionItemId: null, genericName: null, courseEndDate: null, reason: null }],
      });
      const [stored] = await t.db.query('SELECT safety_findings, override_reason FROM prescription_items WHERE id = ?', [overridden.body.items[0].id]);
      expect(JSON.parse(stored.safety_findings)).toEqual([expect.objectContaining({ code: 'ALLERGY', allergyId, matchedOn: 'class' })]);
    });

    it('refuses duplicate active therapy by the same drug and by the same ATC level-4 group, unless overridden', async () => {
      const patientId = await f.newPatient();
      const first = await f.prescription(patientId, [f.item('ENALAPRIL-10MG-TAB', 30, { durationDays: 30 })]);

      const same = await f.prescribe(patientId, [f.item('PARACETAMOL-500MG-TAB', 10), f.item('ENALAPRIL-20MG-TAB', 30)]);
      expect(outcome(same)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(same.body.details).toEqual([{ field: 'items.1', message: expect.stringMatching(/^DUPLICATE_THERAPY: .*enalapril/) }]);

      const group = await f.prescribe(patientId, [f.item('PERINDOPRIL-4MG-TAB', 30)]);
      expect(outcome(group)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(group.body.details[0].message).toContain('C09AA');

      // Another class of antihypertensive is no duplicate.
      await f.prescription(patientId, [f.item('AMLODIPINE-5MG-TAB', 30)]);
      // Two of the same drug on one prescription are.
      const twice = await f.prescribe(patientId, [f.item('PARACETAMOL-500MG-TAB', 10), f.item('PARACETAMOL-500MG-TAB', 10)]);
      expect(twice.body.details).toEqual([{ field: 'items.1', message: expect.stringContaining('DUPLICATE_THERAPY') }]);

      const overridden = await f.prescribe(patientId, [f.item('PERINDOPRIL-4MG-TAB', 30, { overrideReason: 'Switching from enalapril; enalapril stopped today' })]);
      expect(overridden.status).toBe(201);
      expect(overridden.body.items[0].safetyFindings).toEqual([
        expect.objectContaining({ code: 'DUPLICATE_THERAPY', prescriptionItemId: first.items[0].id, genericName: 'enalapril', reason: 'same_therapeutic_group', courseEndDate: daysFromToday(29) }),
      ]);
    });

    it('does not count a cancelled prescription or a course that has ended', async () => {
      const patientId = await f.newPatient();
      const first = await f.prescription(patientId, [f.item('IBUPROFEN-400MG-TAB', 15)]);
      expect(outcome(await f.prescribe(patientId, [f.item('IBUPROFEN-400MG-TAB', 15)]))).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      await f.post('doctor', `/prescriptions/${first.id}/cancel`, { reason: 'Stomach upset' }).expect(200);
      const second = await f.prescription(patientId, [f.item('IBUPROFEN-400MG-TAB', 15)]);
      // The course ended yesterday.
      await t.db.query('UPDATE prescription_items SET course_end_date = ? WHERE id = ?', [daysFromToday(-1), second.items[0].id]);
      await f.prescription(patientId, [f.item('IBUPROFEN-400MG-TAB', 15)]);
    });
  });

  describe('from the Consultation', () => {
    const ASSESSMENT = { vitalSigns: { systolicMmHg: 128, diastolicMmHg: 82, pulseBpm: 72 }, triagePriority: 'yellow' };
    const CONSULTATION = { soapNote: { assessment: 'Community-acquired pneumonia' }, diagnoses: [{ code: 'J18.9', primary: true }], counselingRequired: true };

    const visitAtConsultation = async (patientId: string): Promise<string> => {
      const visit = await f.post('clerk', '/visits', { patientId, clinicId: f.clinicId }).expect(201);
      await f.post('nurse', `/visits/${visit.body.id}/assessment`, ASSESSMENT).expect(201);
      return visit.body.id as string;
    };

    it('writes the prescription items as the visit’s Pharmacy prescription', async () => {
      const patientId = await f.newPatient();
      const visitId = await visitAtConsultation(patientId);
      const res = await f.post('doctor', `/visits/${visitId}/consultation`, { ...CONSULTATION, prescriptionItems: [f.item('AMOXICILLIN-500MG-CAP', 15)] });
      expect(res.status).toBe(201);
      const list = await f.get('nurse', `/prescriptions?patientId=${patientId}`).expect(200);
      expect(list.body.data).toEqual([expect.objectContaining({ id: res.body.prescriptionId, visitId, status: 'active', items: [expect.objectContaining({ drugName: 'amoxicillin', quantity: 15 })] })]);
      expect(res.body.prescriptionItems).toEqual(list.body.data[0].items);
      const visit = await f.get('doctor', `/visits/${visitId}`).expect(200);
      expect(visit.body).toMatchObject({ prescriptionId: res.body.prescriptionId, prescriptionItems: list.body.data[0].items });
    });

    it('refuses the whole consultation on a safety finding, naming prescriptionItems.N, and accepts it with an override', async () => {
      const patientId = await f.newPatient([{ substance: 'Penicillin', drugClass: 'penicillins' }]);
      const visitId = await visitAtConsultation(patientId);
      const refused = await f.post('doctor', `/visits/${visitId}/consultation`, { ...CONSULTATION, prescriptionItems: [f.item('PARACETAMOL-500MG-TAB', 10), f.item('AMOXICILLIN-500MG-CAP', 15)] });
      expect(outcome(refused)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
      expect(refused.body.details).toEqual([{ field: 'prescriptionItems.1', message: expect.stringContaining('ALLERGY') }]);
      expect((await t.db.query('SELECT stage, version FROM visits WHERE id = ?', [visitId]))[0]).toEqual({ stage: 'consultation', version: 2 });
      expect((await t.db.query('SELECT COUNT(*) AS n FROM prescriptions WHERE visit_id = ?', [visitId]))[0].n).toBe('0');

      const bad = await f.post('doctor', `/visits/${visitId}/consultation`, { ...CONSULTATION, prescriptionItems: [{ ...f.item('PARACETAMOL-500MG-TAB', 10), drugId: UNKNOWN }] });
      expect(fields(bad)).toEqual(['prescriptionItems.0.drugId']);

      const accepted = await f.post('doctor', `/visits/${visitId}/consultation`, {
        ...CONSULTATION,
        prescriptionItems: [f.item('AMOXICILLIN-500MG-CAP', 15, { overrideReason: 'Rash in childhood only; discussed and accepted' })],
      });
      expect(accepted.status).toBe(201);
      expect(accepted.body.prescriptionItems[0]).toMatchObject({ overrideReason: 'Rash in childhood only; discussed and accepted', safetyFindings: [expect.objectContaining({ code: 'ALLERGY' })] });
    });
  });

  describe('listing, reading and scope', () => {
    it('lists a patient’s prescriptions newest first, filters by status and pages', async () => {
      const patientId = await f.newPatient();
      const a = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
      const b = await f.prescription(patientId, [f.item('CEPHALEXIN-250MG-CAP', 20)]);
      const c = await f.prescription(patientId, [f.item('IBUPROFEN-400MG-TAB', 15)]);
      await f.post('doctor', `/prescriptions/${b.id}/cancel`, { reason: 'Not needed' }).expect(200);
      const all = await f.get('viewer', `/prescriptions?patientId=${patientId}`).expect(200);
      expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([c.id, b.id, a.id]);
      expect(all.body.meta).toMatchObject({ total: 3, page: 1 });
      const active = await f.get('viewer', `/prescriptions?patientId=${patientId}&status=active`).expect(200);
      expect(active.body.data.map((p: { id: string }) => p.id)).toEqual([c.id, a.id]);
      const page2 = await f.get('viewer', `/prescriptions?patientId=${patientId}&perPage=2&page=2`).expect(200);
      expect(page2.body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
      const byClinic = await f.get('nurse', `/prescriptions?clinicId=${f.clinicId}&status=cancelled`).expect(200);
      expect(byClinic.body.data.map((p: { id: string }) => p.id)).toContain(b.id);
    });

    it('answers 404 for a patient or clinic outside the caller’s jurisdiction and lists nothing of theirs', async () => {
      // Registered at the mobile clinic by the national administrator: outside the GP-TSH-001 doctor's scope.
      const elsewhere = await f.newPatient([], f.mobileClinicId, 'admin');
      const res = await f.post('admin', '/prescriptions', { patientId: elsewhere, clinicId: f.mobileClinicId, items: [f.item('PARACETAMOL-500MG-TAB', 10)] });
      expect(res.status).toBe(201);
      expect(outcome(await f.get('doctor', `/prescriptions/${res.body.id}`))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect((await f.get('doctor', `/prescriptions?patientId=${elsewhere}`).expect(200)).body.data).toEqual([]);
      expect(outcome(await f.prescribe(elsewhere, [f.item('PARACETAMOL-500MG-TAB', 10)]))).toEqual({ status: 404, error: 'NOT_FOUND' });
      const mine = await f.newPatient();
      expect(outcome(await f.post('doctor', '/prescriptions', { patientId: mine, clinicId: f.mobileClinicId, items: [f.item('PARACETAMOL-500MG-TAB', 10)] }))).toEqual({
        status: 404,
        error: 'NOT_FOUND',
      });
      expect(outcome(await f.get('doctor', `/prescriptions?clinicId=${f.mobileClinicId}`))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect(outcome(await f.get('doctor', `/prescriptions/${UNKNOWN}`))).toEqual({ status: 404, error: 'NOT_FOUND' });
    });

    it('shows a free-text item migrated from before the catalogue with no drug', async () => {
      const patientId = await f.newPatient();
      const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
      await t.db.query(
        `INSERT INTO prescription_items (id, prescription_id, patient_id, position, drug_id, drug_name, strength, dose, frequency, duration_days, quantity, route)
         VALUES (?, ?, ?, 1, NULL, 'Herbal tonic', NULL, '5 ml', 'daily', NULL, NULL, 'oral')`,
        [randomUUID(), p.id, patientId],
      );
      const got = await f.get('doctor', `/prescriptions/${p.id}`).expect(200);
      expect(got.body.items[1]).toMatchObject({ drugId: null, drugCode: null, drugName: 'Herbal tonic', quantity: null, quantityRemaining: 0, schedule: null });
    });
  });

  describe('cancellation', () => {
    it('cancels once, with who, when and why, and stops the medication entry it added', async () => {
      const patientId = await f.newPatient();
      const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
      const medications = async (status: string) =>
        (await f.get('doctor', `/patients/${patientId}/medications?status=${status}`).expect(200)).body.data.map((m: { name: string; endDate: string }) => [m.name, m.endDate]);
      expect(await medications('current')).toEqual([['paracetamol', expect.any(String)]]);
      const res = await f.post('doctor', `/prescriptions/${p.id}/cancel`, { reason: 'Changed to ibuprofen' }).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', version: 2, cancellation: { reason: 'Changed to ibuprofen', cancelledAt: expect.any(String) } });
      expect(await medications('current')).toEqual([]);
      expect(await medications('stopped')).toEqual([['paracetamol', daysFromToday(0)]]);
      expect(outcome(await f.post('doctor', `/prescriptions/${p.id}/cancel`, { reason: 'Again' }))).toEqual({ status: 409, error: 'PRESCRIPTION_CANCELLED' });
      const location = await f.newLocation();
      await f.receive(location, 'PARACETAMOL-500MG-TAB', `CAN-${randomUUID().slice(0, 8)}`, daysFromToday(200), 50);
      expect(outcome(await f.dispense(p.id, { locationId: location }))).toEqual({ status: 409, error: 'PRESCRIPTION_CANCELLED' });
    });
  });

  describe('bad input and permissions', () => {
    it('names every bad field', async () => {
      const patientId = await f.newPatient();
      const good = f.item('PARACETAMOL-500MG-TAB', 10);
      const cases: [object, string[]][] = [
        [{}, ['clinicId', 'items', 'patientId']],
        [{ patientId: 'x', clinicId: 'y', items: [] }, ['clinicId', 'items', 'patientId']],
        [{ patientId, clinicId: f.clinicId, items: [good], notes: '', extra: 1 }, ['extra', 'notes']],
        [{ patientId, clinicId: f.clinicId, items: ['x'] }, ['items', 'items.0']],
        [{ patientId, clinicId: f.clinicId, items: Array.from({ length: 31 }, () => good) }, ['items']],
        [
          { patientId, clinicId: f.clinicId, items: [{ drugId: 'x', dose: '', frequency: 'x'.repeat(61), durationDays: 0, quantity: 10_001, route: 'by mouth', instructions: 5, overrideReason: '' }] },
          ['items.0.dose', 'items.0.drugId', 'items.0.durationDays', 'items.0.frequency', 'items.0.instructions', 'items.0.overrideReason', 'items.0.quantity', 'items.0.route'],
        ],
        [{ patientId, clinicId: f.clinicId, items: [{ ...good, durationDays: 366, quantity: 1.5, drugName: 'X' }] }, ['items.0.drugName', 'items.0.durationDays', 'items.0.quantity']],
        [{ patientId, clinicId: f.clinicId, items: [{ ...good, route: null, durationDays: null }] }, ['items.0.durationDays', 'items.0.route']],
      ];
      for (const [body, expected] of cases) {
        expect({ body, fields: fields(await f.post('doctor', '/prescriptions', body)) }).toEqual({ body, fields: expected });
      }
      expect(fields(await f.get('doctor', '/prescriptions'))).toEqual(['patientId']);
      expect(fields(await f.get('doctor', '/prescriptions?patientId=x&clinicId=y&status=open&perPage=0'))).toEqual(['clinicId', 'patientId', 'perPage', 'status']);
      expect(fields(await f.get('doctor', '/prescriptions/not-a-uuid'))).toEqual(['id']);
      expect(fields(await f.post('doctor', '/prescriptions/not-a-uuid/cancel', { reason: 'x' }))).toEqual(['id']);
      const p = await f.prescription(patientId, [good]);
      expect(fields(await f.post('doctor', `/prescriptions/${p.id}/cancel`, {}))).toEqual(['reason']);
      expect(fields(await f.post('doctor', `/prescriptions/${p.id}/cancel`, { reason: 'x'.repeat(501) }))).toEqual(['reason']);
    });

    it('refuses callers without the permission', async () => {
      const patientId = await f.newPatient();
      const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
      // A nurse reads prescriptions but does not write them; an inventory manager does neither.
      expect(outcome(await f.prescribe(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)], {}, 'nurse'))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect(outcome(await f.post('nurse', `/prescriptions/${p.id}/cancel`, { reason: 'x' }))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect(outcome(await f.get('inventory_manager', `/prescriptions?patientId=${patientId}`))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect(outcome(await f.get('inventory_manager', `/prescriptions/${p.id}`))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect(outcome(await f.get('clerk', `/prescriptions/${p.id}`))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      expect((await t.http().get(`/api/v1/prescriptions/${p.id}`)).status).toBe(401);
      await f.get('viewer', `/prescriptions/${p.id}`).expect(200);
    });
  });
});
