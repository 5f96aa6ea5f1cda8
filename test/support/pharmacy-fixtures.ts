import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { clinicToday } from '../../src/common/time/clinic-date';
import type { TestApp } from './test-app';

/** An allergy to record (category 'drug' unless given). */
export interface AllergyInput {
  substance: string;
  drugClass?: string;
  category?: 'drug' | 'food' | 'environmental' | 'other';
}

/** YYYY-MM-DD `days` after the clinics' today. */
export function daysFromToday(days: number): string {
  const d = new Date(`${clinicToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type Role = 'clerk' | 'nurse' | 'doctor' | 'viewer' | 'admin' | 'inventory_manager';

/** Patients, stock locations, receipts and prescriptions for the Pharmacy e2e tests, through HTTP where the API allows. */
export class PharmacyFixtures {
  tokens = {} as Record<Role, string>;
  clinicId = '';
  mobileClinicId = '';
  private drugs = new Map<string, { id: string; inventoryItemId: string }>();
  private seq = 0;

  constructor(private readonly t: TestApp) {}

  async init(): Promise<void> {
    const roles: Role[] = ['clerk', 'nurse', 'doctor', 'viewer', 'admin', 'inventory_manager'];
    for (const role of roles) this.tokens[role] = await this.t.tokenFor(role);
    this.clinicId = (await this.t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    this.mobileClinicId = (await this.t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-M01'"))[0].id;
    const rows = (await this.t.db.query('SELECT id, code, inventory_item_id FROM drugs')) as { id: string; code: string; inventory_item_id: string }[];
    for (const r of rows) this.drugs.set(r.code, { id: r.id, inventoryItemId: r.inventory_item_id });
  }

  drugId(code: string): string {
    const drug = this.drugs.get(code);
    if (!drug) throw new Error(`No drug ${code} in the catalogue`);
    return drug.id;
  }

  itemId(code: string): string {
    return this.drugs.get(code)!.inventoryItemId;
  }

  post(role: Role | string, path: string, body: object = {}) {
    return this.t.http().post(`/api/v1${path}`).set({ Authorization: `Bearer ${this.token(role)}` }).send(body);
  }

  get(role: Role | string, path: string) {
    return this.t.http().get(`/api/v1${path}`).set({ Authorization: `Bearer ${this.token(role)}` });
  }

  private token(role: Role | string): string {
    return (this.tokens as Record<string, string>)[role] ?? role;
  }

  /** A fresh patient registered at GP-TSH-001 (or the given clinic), optionally with drug allergies. */
  async newPatient(allergies: AllergyInput[] = [], clinicId = this.clinicId, role: Role = 'clerk'): Promise<string> {
    this.seq += 1;
    const res = await this.post(role, '/patients', {
      firstName: 'Pharmacy',
      lastName: `Patient${this.seq}`,
      dateOfBirth: '1979-06-15',
      sex: 'female',
      identityType: 'passport',
      identityNumber: `PH${randomBytes(4).toString('hex').toUpperCase()}${this.seq}`,
      passportCountry: 'ZW',
      registeredClinicId: clinicId,
    });
    if (res.status !== 201) throw new Error(`patient: ${res.status} ${JSON.stringify(res.body)}`);
    for (const a of allergies) await this.recordAllergy(res.body.id, a);
    return res.body.id as string;
  }

  async recordAllergy(patientId: string, a: AllergyInput): Promise<void> {
    const res = await this.post('doctor', `/patients/${patientId}/allergies`, { category: 'drug', severity: 'severe', ...a });
    if (res.status !== 201) throw new Error(`allergy: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** A new, empty stock location at a clinic (GP-TSH-001 by default), so each test owns its stock. */
  async newLocation(clinicId = this.clinicId): Promise<string> {
    const id = randomUUID();
    await this.t.db.query("INSERT INTO stock_locations (id, code, name, kind, clinic_id) VALUES (?, ?, ?, 'clinic_store', ?)", [
      id,
      `E2E-${id.slice(0, 8)}`,
      `E2E store ${id.slice(0, 8)}`,
      clinicId,
    ]);
    return id;
  }

  /** A receipt through POST /inventory/stock; returns the batch id. */
  async receive(locationId: string, code: string, lotNumber: string, expiryDate: string, quantity: number, unitCost = 1.5): Promise<string> {
    const res = await this.post('inventory_manager', '/inventory/stock', { locationId, itemId: this.itemId(code), lotNumber, expiryDate, quantity, unitCost });
    if (res.status !== 201) throw new Error(`receipt: ${res.status} ${JSON.stringify(res.body)}`);
    const [batch] = (await this.t.db.query('SELECT id FROM stock_batches WHERE item_id = ? AND lot_number = ?', [this.itemId(code), lotNumber])) as { id: string }[];
    return batch.id;
  }

  /**
   * An expired batch on hand, written straight into the tables (the API refuses expired receipts),
   * with its receipt movement so the ledger still equals on-hand.
   */
  async insertExpiredBatch(locationId: string, code: string, lotNumber: string, expiryDate: string, quantity: number): Promise<string> {
    const batchId = randomUUID();
    const userId = (await this.t.db.query("SELECT id FROM users WHERE email = 'inventory.manager@demo.clinic.local'"))[0].id as string;
    await this.t.db.query("INSERT INTO stock_batches (id, item_id, lot_number, expiry_date, unit_cost) VALUES (?, ?, ?, ?, '2.0000')", [
      batchId,
      this.itemId(code),
      lotNumber,
      expiryDate,
    ]);
    await this.t.db.query('INSERT INTO stock_on_hand (batch_id, location_id, item_id, expiry_date, quantity) VALUES (?, ?, ?, ?, ?)', [
      batchId,
      locationId,
      this.itemId(code),
      expiryDate,
      quantity,
    ]);
    await this.t.db.query(
      `INSERT INTO stock_movements (id, transaction_id, kind, item_id, batch_id, location_id, quantity, unit_cost, reason, performed_by)
       VALUES (?, ?, 'receipt', ?, ?, ?, ?, '2.0000', 'e2e: received before it expired', ?)`,
      [randomUUID(), randomUUID(), this.itemId(code), batchId, locationId, quantity, userId],
    );
    return batchId;
  }

  async onHand(locationId: string, batchId: string): Promise<number> {
    const rows = (await this.t.db.query('SELECT quantity FROM stock_on_hand WHERE location_id = ? AND batch_id = ?', [locationId, batchId])) as { quantity: number }[];
    return Number(rows[0]?.quantity ?? 0);
  }

  async ledgerConsistent(locationId: string): Promise<void> {
    const res = await this.get('inventory_manager', `/inventory/ledger-check?locationId=${locationId}`);
    if (res.status !== 200 || res.body.consistent !== true) throw new Error(`ledger-check: ${res.status} ${JSON.stringify(res.body)}`);
  }

  item(code: string, quantity: number, extra: Record<string, unknown> = {}) {
    return { drugId: this.drugId(code), dose: '1 unit', frequency: 'three times daily', durationDays: 5, quantity, ...extra };
  }

  /** POST /prescriptions as the doctor; the response. */
  prescribe(patientId: string, items: object[], extra: object = {}, as: Role | string = 'doctor'): Promise<Response> {
    return this.post(as, '/prescriptions', { patientId, clinicId: this.clinicId, items, ...extra });
  }

  /** A prescription that must succeed; its body. */
  async prescription(patientId: string, items: object[]): Promise<{ id: string; items: { id: string }[] } & Record<string, unknown>> {
    const res = await this.prescribe(patientId, items);
    if (res.status !== 201) throw new Error(`prescribe: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  dispense(prescriptionId: string, body: object, as: Role | string = 'nurse'): Promise<Response> {
    return this.post(as, `/prescriptions/${prescriptionId}/dispensings`, body);
  }
}

/** The field names of a 400's details, sorted and de-duplicated. */
export function fields(res: Response): string[] {
  if (res.status !== 400 || res.body.error !== 'VALIDATION_FAILED') throw new Error(`expected a 400: ${res.status} ${JSON.stringify(res.body)}`);
  return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
}

export const outcome = (res: Response) => ({ status: res.status, error: res.body.error as string | undefined });
