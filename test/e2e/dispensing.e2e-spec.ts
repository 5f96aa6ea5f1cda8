import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { clinicToday } from '../../src/common/time/clinic-date';
import { daysFromToday, fields, outcome, PharmacyFixtures } from '../support/pharmacy-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const lot = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Dispensing on the real database: first expiry first out across batches, never an expired batch,
 * partial fills, races for the last units and on one prescription, expiry warnings, the safety
 * checks again, controlled drugs and their register, bad input and permissions. Every test owns a
 * fresh stock location so the demo stock does not interfere; the ledger must equal on-hand after each.
 */
describe('dispensing', () => {
  let t: TestApp;
  let f: PharmacyFixtures;

  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '20' });
    f = new PharmacyFixtures(t);
    await f.init();
  });
  afterAll(() => t.close());

  it('takes the earliest-expiring usable batches first, one line per batch in expiry order, with cost and ledger movement', async () => {
    const location = await f.newLocation();
    const code = 'AMOXICILLIN-500MG-CAP';
    const late = await f.receive(location, code, lot('LATE'), daysFromToday(300), 10, 1.25);
    const early = await f.receive(location, code, lot('EARLY'), daysFromToday(40), 10, 0.85);
    const mid = await f.receive(location, code, lot('MID'), daysFromToday(100), 10, 1.1);
    const patientId = await f.newPatient();
    const p = await f.prescription(patientId, [f.item(code, 25)]);

    const res = await f.dispense(p.id, { locationId: location });
    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { batchId: string; quantity: number; unitCost: string; lineCost: string }) => [l.batchId, l.quantity, l.unitCost, l.lineCost])).toEqual([
      [early, 10, '0.8500', '8.5000'],
      [mid, 10, '1.1000', '11.0000'],
      [late, 5, '1.2500', '6.2500'],
    ]);
    expect(res.body).toMatchObject({ prescriptionId: p.id, locationId: location, totalCost: '25.7500', warnings: [], shortfalls: [], overrideReason: null });
    expect(res.body.prescription).toMatchObject({ status: 'dispensed', items: [expect.objectContaining({ quantityDispensed: 25, quantityRemaining: 0 })] });
    expect([await f.onHand(location, early), await f.onHand(location, mid), await f.onHand(location, late)]).toEqual([0, 0, 5]);
    const movements = await t.db.query("SELECT id, batch_id, quantity, reference_id FROM stock_movements WHERE reference_type = 'dispensing' AND reference_id = ? ORDER BY quantity", [res.body.id]);
    expect(movements).toHaveLength(3);
    expect(new Set(movements.map((m: { id: string }) => m.id))).toEqual(new Set(res.body.lines.map((l: { movementId: string }) => l.movementId)));
    await f.ledgerConsistent(location);

    const listed = await f.get('nurse', `/prescriptions/${p.id}/dispensings`).expect(200);
    const { shortfalls: _s, prescription: _p, ...dispensing } = res.body;
    expect(listed.body).toEqual([dispensing]);
  });

  it('never takes an expired batch, even when it is the only stock (a batch is expired on its expiry date)', async () => {
    const location = await f.newLocation();
    const code = 'PARACETAMOL-500MG-TAB';
    const expiredToday = await f.insertExpiredBatch(location, code, lot('EXP0'), clinicToday(), 50);
    const expiredLastMonth = await f.insertExpiredBatch(location, code, lot('EXP30'), daysFromToday(-30), 40);
    await f.ledgerConsistent(location);
    const p = await f.prescription(await f.newPatient(), [f.item(code, 20)]);

    const refused = await f.dispense(p.id, { locationId: location });
    expect(outcome(refused)).toEqual({ status: 409, error: 'INSUFFICIENT_STOCK' });
    expect(refused.body.details).toEqual([{ field: 'items.0', message: expect.stringContaining('No usable stock') }]);
    expect([await f.onHand(location, expiredToday), await f.onHand(location, expiredLastMonth)]).toEqual([50, 40]);
    expect((await f.get('doctor', `/prescriptions/${p.id}`).expect(200)).body).toMatchObject({ status: 'active', items: [expect.objectContaining({ quantityDispensed: 0 })] });

    const good = await f.receive(location, code, lot('GOOD'), daysFromToday(1), 8);
    const res = await f.dispense(p.id, { locationId: location });
    expect(res.status).toBe(201);
    expect(res.body.lines).toEqual([expect.objectContaining({ batchId: good, quantity: 8 })]);
    expect([await f.onHand(location, expiredToday), await f.onHand(location, expiredLastMonth), await f.onHand(location, good)]).toEqual([50, 40, 0]);
    await f.ledgerConsistent(location);
  });

  it('fills partly when stock is short, then the rest, then refuses to dispense more', async () => {
    const location = await f.newLocation();
    const code = 'IBUPROFEN-400MG-TAB';
    await f.receive(location, code, lot('P1'), daysFromToday(200), 6);
    const p = await f.prescription(await f.newPatient(), [f.item(code, 15), f.item('CEPHALEXIN-250MG-CAP', 20)]);
    const [ibuprofen, cephalexin] = p.items.map((i) => i.id);

    const partial = await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: ibuprofen }] });
    expect(partial.status).toBe(201);
    expect(partial.body.shortfalls).toEqual([{ prescriptionItemId: ibuprofen, requested: 15, dispensed: 6 }]);
    expect(partial.body.prescription).toMatchObject({
      status: 'partially_dispensed',
      items: [expect.objectContaining({ quantityDispensed: 6, quantityRemaining: 9 }), expect.objectContaining({ quantityDispensed: 0, quantityRemaining: 20 })],
    });
    expect(outcome(await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: ibuprofen }] }))).toEqual({ status: 409, error: 'INSUFFICIENT_STOCK' });
    const over = await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: ibuprofen, quantity: 10 }] });
    expect(outcome(over)).toEqual({ status: 409, error: 'QUANTITY_EXCEEDS_REMAINING' });
    expect(over.body.details).toEqual([{ field: 'items.0.quantity', message: expect.stringContaining('Only 9 remain') }]);

    await f.receive(location, code, lot('P2'), daysFromToday(250), 100);
    await f.receive(location, 'CEPHALEXIN-250MG-CAP', lot('C1'), daysFromToday(250), 100);
    const some = await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: cephalexin, quantity: 5 }] });
    expect(some.body.prescription.items[1]).toMatchObject({ quantityDispensed: 5, quantityRemaining: 15 });
    const rest = await f.dispense(p.id, { locationId: location });
    expect(rest.status).toBe(201);
    expect(rest.body.lines.map((l: { prescriptionItemId: string; quantity: number }) => [l.prescriptionItemId, l.quantity])).toEqual([
      [ibuprofen, 9],
      [cephalexin, 15],
    ]);
    expect(rest.body.prescription.status).toBe('dispensed');
    expect(outcome(await f.dispense(p.id, { locationId: location }))).toEqual({ status: 409, error: 'PRESCRIPTION_DISPENSED' });
    expect(outcome(await f.post('doctor', `/prescriptions/${p.id}/cancel`, { reason: 'Too late' }))).toEqual({ status: 409, error: 'PRESCRIPTION_DISPENSED' });
    expect((await f.get('nurse', `/prescriptions/${p.id}/dispensings`).expect(200)).body).toHaveLength(3);
    await f.ledgerConsistent(location);
  });

  it('puts the prescription, each dispensing and a cancellation on the patient\'s timeline', async () => {
    const location = await f.newLocation();
    await f.receive(location, 'PARACETAMOL-500MG-TAB', lot('TL'), daysFromToday(200), 8);
    const patientId = await f.newPatient();
    const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 12)]);
    const dispensed = await f.dispense(p.id, { locationId: location });
    expect(dispensed.status).toBe(201);
    await f.post('doctor', `/prescriptions/${p.id}/cancel`, { reason: 'Patient moved' }).expect(200);

    const timeline = await f.get('doctor', `/patients/${patientId}/timeline?kinds=prescription,dispensing`).expect(200);
    const entries = timeline.body.data.map((e: { kind: string; id: string; title: string; detail: string | null }) => [e.kind, e.id, e.title, e.detail]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['prescription', p.id, 'Prescription: paracetamol 500 mg', expect.stringContaining('cancelled')],
        ['prescription', p.id, 'Prescription cancelled', 'Patient moved'],
        ['dispensing', dispensed.body.id, expect.stringMatching(/^Dispensed at /), '8 × paracetamol'],
      ]),
    );
    expect(entries).toHaveLength(3);
  });

  it('refuses to dispense to a patient marked inactive since prescribing, taking no stock', async () => {
    const location = await f.newLocation();
    const batch = await f.receive(location, 'PARACETAMOL-500MG-TAB', lot('INACTIVE'), daysFromToday(200), 20);
    const patientId = await f.newPatient();
    const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
    await f.post('clerk', `/patients/${patientId}/deactivate`, { reason: 'Deceased' }).expect(200);
    expect(outcome(await f.dispense(p.id, { locationId: location }))).toEqual({ status: 409, error: 'PATIENT_INACTIVE' });
    expect(await f.onHand(location, batch)).toBe(20);
  });

  it('lets exactly one of two prescriptions racing for the last units have them', async () => {
    const code = 'COTRIMOXAZOLE-480MG-TAB';
    for (let round = 0; round < 5; round++) {
      const location = await f.newLocation();
      const batch = await f.receive(location, code, lot('RACE'), daysFromToday(120), 5);
      const [a, b] = await Promise.all([f.newPatient(), f.newPatient()]);
      const [pa, pb] = await Promise.all([f.prescription(a, [f.item(code, 5)]), f.prescription(b, [f.item(code, 5)])]);
      const results = await Promise.all([f.dispense(pa.id, { locationId: location }), f.dispense(pb.id, { locationId: location })]);
      expect(results.map(outcome).sort((x, y) => x.status - y.status)).toEqual([
        { status: 201, error: undefined },
        { status: 409, error: 'INSUFFICIENT_STOCK' },
      ]);
      const winner = results.find((r) => r.status === 201)!;
      expect(winner.body.lines).toEqual([expect.objectContaining({ batchId: batch, quantity: 5 })]);
      expect(await f.onHand(location, batch)).toBe(0);
      const [{ dispensed }] = await t.db.query('SELECT SUM(quantity_dispensed) AS dispensed FROM prescription_items WHERE prescription_id IN (?, ?)', [pa.id, pb.id]);
      expect(Number(dispensed)).toBe(5);
      await f.ledgerConsistent(location);
    }
  });

  it('never over-dispenses one prescription dispensed several times at once', async () => {
    const location = await f.newLocation();
    const code = 'METFORMIN-500MG-TAB';
    const batch = await f.receive(location, code, lot('SAME'), daysFromToday(300), 100);
    const p = await f.prescription(await f.newPatient(), [f.item(code, 10)]);
    const results = await Promise.all(Array.from({ length: 5 }, () => f.dispense(p.id, { locationId: location })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).map(outcome)).toEqual(Array.from({ length: 4 }, () => ({ status: 409, error: 'PRESCRIPTION_DISPENSED' })));
    expect(await f.onHand(location, batch)).toBe(90);
    const [item] = await t.db.query('SELECT quantity_dispensed FROM prescription_items WHERE prescription_id = ?', [p.id]);
    expect(item.quantity_dispensed).toBe(10);
    await f.ledgerConsistent(location);
  });

  it('warns, and stores the warning, when a batch expires before the course ends', async () => {
    const location = await f.newLocation();
    const code = 'ENALAPRIL-10MG-TAB';
    const lotNumber = lot('SHORT');
    const short = await f.receive(location, code, lotNumber, daysFromToday(10), 12);
    await f.receive(location, code, lot('LONG'), daysFromToday(400), 100);
    const p = await f.prescription(await f.newPatient(), [f.item(code, 30, { durationDays: 30 })]);
    const res = await f.dispense(p.id, { locationId: location });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      {
        code: 'BATCH_EXPIRES_BEFORE_COURSE_END',
        message: expect.stringContaining(lotNumber),
        prescriptionItemId: p.items[0].id,
        batchId: short,
        lotNumber,
        expiryDate: daysFromToday(10),
        courseEndDate: daysFromToday(29),
      },
    ]);
    expect((await f.get('nurse', `/prescriptions/${p.id}/dispensings`).expect(200)).body[0].warnings).toEqual(res.body.warnings);
  });

  it('runs the allergy check again: an allergy recorded since prescribing refuses unless overridden', async () => {
    const location = await f.newLocation();
    await f.receive(location, 'AMOXICILLIN-500MG-CAP', lot('ALG'), daysFromToday(200), 50);
    const patientId = await f.newPatient();
    const p = await f.prescription(patientId, [f.item('AMOXICILLIN-500MG-CAP', 15)]);
    await f.recordAllergy(patientId, { substance: 'Penicillin', drugClass: 'penicillins' });
    const refused = await f.dispense(p.id, { locationId: location });
    expect(outcome(refused)).toEqual({ status: 409, error: 'PRESCRIPTION_SAFETY' });
    expect(refused.body.details).toEqual([{ field: 'items.0', message: expect.stringContaining('ALLERGY') }]);
    const res = await f.dispense(p.id, { locationId: location, overrideReason: 'Prescriber confirmed by phone: allergy is doubtful' });
    expect(res.status).toBe(201);
    expect(res.body.overrideReason).toBe('Prescriber confirmed by phone: allergy is doubtful');
    await f.ledgerConsistent(location);
  });

  it('does not ask again about a finding the prescriber already overrode', async () => {
    const location = await f.newLocation();
    await f.receive(location, 'AMOXICILLIN-500MG-CAP', lot('OVR'), daysFromToday(200), 50);
    const patientId = await f.newPatient([{ substance: 'Penicillin', drugClass: 'penicillins' }]);
    const p = await f.prescribe(patientId, [f.item('AMOXICILLIN-500MG-CAP', 15, { overrideReason: 'Tolerated amoxicillin before' })]);
    expect((await f.dispense(p.body.id, { locationId: location })).status).toBe(201);
  });

  describe('controlled drugs', () => {
    it('needs pharmacy:dispense-controlled (a nurse is refused, a doctor succeeds) and writes the register', async () => {
      const location = await f.newLocation();
      const code = 'MORPHINE-10MG/ML-INJ';
      const first = await f.receive(location, code, lot('MOR1'), daysFromToday(60), 2, 9.8);
      const second = await f.receive(location, code, lot('MOR2'), daysFromToday(90), 10, 9.8);
      const patientId = await f.newPatient();
      const p = await f.prescription(patientId, [f.item(code, 3, { durationDays: 1 })]);

      const refused = await f.dispense(p.id, { locationId: location }, 'nurse');
      expect(outcome(refused)).toEqual({ status: 403, error: 'CONTROLLED_DRUG_PERMISSION' });
      expect([await f.onHand(location, first), await f.onHand(location, second)]).toEqual([2, 10]);

      const res = await f.dispense(p.id, { locationId: location }, 'doctor');
      expect(res.status).toBe(201);
      const doctorId = (await t.db.query("SELECT id FROM users WHERE email = 'doctor@demo.clinic.local'"))[0].id;
      const register = await f.get('doctor', `/pharmacy/controlled-register?locationId=${location}`).expect(200);
      expect(register.body.meta.total).toBe(2);
      expect(
        register.body.data
          .map((e: { batchId: string; quantity: number; balanceAfter: number }) => [e.batchId, e.quantity, e.balanceAfter])
          .sort((a: [string, number, number], b: [string, number, number]) => b[2] - a[2]),
      ).toEqual([
        [first, 2, 10],
        [second, 1, 9],
      ]);
      expect(register.body.data[0]).toMatchObject({
        drugCode: code,
        schedule: 'S6',
        patientId,
        prescriptionId: p.id,
        dispensingId: res.body.id,
        locationId: location,
        prescribedBy: doctorId,
        dispensedBy: doctorId,
        dispensedByName: 'Demo doctor',
      });
      const rows = await t.db.query('SELECT COUNT(*) AS n FROM controlled_drug_register WHERE prescription_id = ?', [p.id]);
      expect(rows[0].n).toBe('2');
      // The register is append-only.
      await expect(t.db.query('UPDATE controlled_drug_register SET quantity = 0 WHERE prescription_id = ?', [p.id])).rejects.toThrow(/append-only/);

      const drugId = f.drugId(code);
      const filtered = await f.get('doctor', `/pharmacy/controlled-register?drugId=${drugId}&from=${clinicToday()}&to=${clinicToday()}`).expect(200);
      expect(filtered.body.data.map((e: { prescriptionId: string }) => e.prescriptionId)).toContain(p.id);
      const past = await f.get('doctor', `/pharmacy/controlled-register?locationId=${location}&to=${daysFromToday(-1)}`).expect(200);
      expect(past.body.data).toEqual([]);
      expect(outcome(await f.get('nurse', `/pharmacy/controlled-register?locationId=${location}`))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      await f.ledgerConsistent(location);
    });

    it('answers 404 for a stock location outside the jurisdiction', async () => {
      const elsewhere = await f.newLocation(f.mobileClinicId);
      expect(outcome(await f.get('doctor', `/pharmacy/controlled-register?locationId=${elsewhere}`))).toEqual({ status: 404, error: 'NOT_FOUND' });
      const p = await f.prescription(await f.newPatient(), [f.item('PARACETAMOL-500MG-TAB', 10)]);
      expect(outcome(await f.dispense(p.id, { locationId: elsewhere }))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect(outcome(await f.dispense(p.id, { locationId: UNKNOWN }))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect(outcome(await f.dispense(UNKNOWN, { locationId: await f.newLocation() }))).toEqual({ status: 404, error: 'NOT_FOUND' });
    });
  });

  it('refuses items written as free text before the catalogue', async () => {
    const location = await f.newLocation();
    await f.receive(location, 'PARACETAMOL-500MG-TAB', lot('FT'), daysFromToday(200), 50);
    const patientId = await f.newPatient();
    const p = await f.prescription(patientId, [f.item('PARACETAMOL-500MG-TAB', 10)]);
    const legacy = randomUUID();
    await t.db.query(
      `INSERT INTO prescription_items (id, prescription_id, patient_id, position, drug_id, drug_name, dose, frequency, duration_days, quantity, route)
       VALUES (?, ?, ?, 1, NULL, 'Herbal tonic', '5 ml', 'daily', 5, 100, 'oral')`,
      [legacy, p.id, patientId],
    );
    const res = await f.dispense(p.id, { locationId: location });
    expect(outcome(res)).toEqual({ status: 409, error: 'DRUG_NOT_IN_CATALOGUE' });
    expect(res.body.details).toEqual([{ field: 'items.1', message: expect.any(String) }]);
    expect(outcome(await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: legacy }] }))).toEqual({ status: 409, error: 'DRUG_NOT_IN_CATALOGUE' });
    const named = await f.dispense(p.id, { locationId: location, items: [{ prescriptionItemId: p.items[0].id }] });
    expect(named.status).toBe(201);
    expect(named.body.prescription.status).toBe('partially_dispensed');
  });

  describe('bad input and permissions', () => {
    it('names every bad field', async () => {
      const location = await f.newLocation();
      const p = await f.prescription(await f.newPatient(), [f.item('PARACETAMOL-500MG-TAB', 10)]);
      const cases: [object, string[]][] = [
        [{}, ['locationId']],
        [{ locationId: 'x', items: [], overrideReason: '' }, ['items', 'locationId', 'overrideReason']],
        [{ locationId: location, items: [{ prescriptionItemId: 'x', quantity: 0 }] }, ['items.0.prescriptionItemId', 'items.0.quantity']],
        [{ locationId: location, items: [{ prescriptionItemId: p.items[0].id, quantity: 1.5, extra: 1 }] }, ['items.0.extra', 'items.0.quantity']],
        [{ locationId: location, items: null }, ['items']],
        [{ locationId: location, items: [{ prescriptionItemId: UNKNOWN }] }, ['items.0.prescriptionItemId']],
        [{ locationId: location, items: [{ prescriptionItemId: p.items[0].id }, { prescriptionItemId: p.items[0].id }] }, ['items.1.prescriptionItemId']],
      ];
      for (const [body, expected] of cases) {
        const res: Response = await f.dispense(p.id, body);
        expect({ body, fields: fields(res) }).toEqual({ body, fields: expected });
      }
      expect(fields(await f.dispense('not-a-uuid', { locationId: location }))).toEqual(['id']);
      expect(fields(await f.get('nurse', '/prescriptions/not-a-uuid/dispensings'))).toEqual(['id']);
      expect(fields(await f.get('doctor', '/pharmacy/controlled-register?locationId=x&drugId=y&from=2026-02-30&to=today&perPage=101'))).toEqual([
        'drugId',
        'from',
        'locationId',
        'perPage',
        'to',
      ]);
      expect(fields(await f.get('doctor', '/pharmacy/controlled-register?from=2026-12-02&to=2026-12-01'))).toEqual(['to']);
    });

    it('refuses callers without the permission', async () => {
      const location = await f.newLocation();
      const p = await f.prescription(await f.newPatient(), [f.item('PARACETAMOL-500MG-TAB', 10)]);
      for (const role of ['viewer', 'clerk', 'inventory_manager'] as const) {
        expect(outcome(await f.dispense(p.id, { locationId: location }, role))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
        expect(outcome(await f.get(role, '/pharmacy/controlled-register'))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      }
      expect(outcome(await f.get('clerk', `/prescriptions/${p.id}/dispensings`))).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      await f.get('viewer', `/prescriptions/${p.id}/dispensings`).expect(200);
    });
  });
});
