import type { DataSource } from 'typeorm';
import { clinicToday } from '../common/time/clinic-date';
import { DEMO_PATIENT_IDS } from '../patients';
import { courseEndDate } from './prescription-safety';

/*
 * Demo prescriptions (npm run seed -- --demo) written at GP-TSH-001 today and ready to dispense from
 * the clinic store (Inventory's demo stock): an antibiotic with an analgesic, an NSAID, and a
 * schedule 6 drug (morphine) that only a user with pharmacy:dispense-controlled may hand out. None
 * touches a demo patient's recorded allergies or active therapy. Each also joins the patient's current
 * medications, as prescribing does. Fixed ids and INSERT IGNORE make it idempotent.
 */

const [, LERATO, JOSE, , , , , , AYESHA] = DEMO_PATIENT_IDS;
const id = (n: number) => `d2a0e5d2-4b7f-4e19-9c3a-${String(n).padStart(12, '0')}`;

interface DemoPrescription {
  n: number;
  patientId: string;
  notes: string | null;
  /** [drug code, dose, frequency, days, quantity, instructions] */
  items: [string, string, string, number, number, string | null][];
}

const PRESCRIPTIONS: DemoPrescription[] = [
  {
    n: 1,
    patientId: LERATO,
    notes: 'Lower respiratory tract infection; review if not better in 48 hours',
    items: [
      ['AMOXICILLIN-500MG-CAP', '1 capsule', 'three times daily', 5, 15, 'Finish the course'],
      ['PARACETAMOL-500MG-TAB', '2 tablets', 'six-hourly when needed', 3, 24, 'No more than 8 tablets a day'],
    ],
  },
  { n: 2, patientId: JOSE, notes: null, items: [['IBUPROFEN-400MG-TAB', '1 tablet', 'eight-hourly', 5, 15, 'Take with food']] },
  { n: 3, patientId: AYESHA, notes: 'Severe chest pain before transfer', items: [['MORPHINE-10MG/ML-INJ', '0.5 ml (5 mg)', 'once, immediately', 1, 1, 'Intramuscular; monitor breathing']] },
];

/** Inserts the demo prescriptions if missing. Needs the demo clinic, doctor, patients and the drug catalogue. */
export async function seedPharmacyDemo(ds: DataSource): Promise<void> {
  const [clinic] = (await ds.query("SELECT id, district_id, province_id FROM clinics WHERE code = 'GP-TSH-001'")) as { id: string; district_id: string; province_id: string }[];
  const [doctor] = (await ds.query("SELECT id, full_name FROM users WHERE email = 'doctor@demo.clinic.local'")) as { id: string; full_name: string }[];
  if (!clinic || !doctor) throw new Error('Demo prescriptions need the demo clinic and doctor');
  const codes = PRESCRIPTIONS.flatMap((p) => p.items.map(([code]) => code));
  const drugs = (await ds.query(`SELECT id, code, generic_name, strength, route FROM drugs WHERE code IN (${codes.map(() => '?').join(', ')})`, codes)) as {
    id: string;
    code: string;
    generic_name: string;
    strength: string;
    route: string;
  }[];
  const today = clinicToday();
  await ds.transaction(async (m) => {
    for (const p of PRESCRIPTIONS) {
      if (((await m.query('SELECT 1 FROM prescriptions WHERE id = ?', [id(p.n)])) as unknown[]).length > 0) continue;
      if (((await m.query('SELECT 1 FROM patients WHERE id = ?', [p.patientId])) as unknown[]).length === 0) continue;
      if (!p.items.every(([code]) => drugs.some((d) => d.code === code))) continue;
      await m.query('INSERT IGNORE INTO patient_facilities (patient_id, clinic_id, province_id, district_id) VALUES (?, ?, ?, ?)', [
        p.patientId,
        clinic.id,
        clinic.province_id,
        clinic.district_id,
      ]);
      await m.query("INSERT INTO prescriptions (id, patient_id, clinic_id, prescribed_by, prescribed_on, status, notes) VALUES (?, ?, ?, ?, ?, 'active', ?)", [
        id(p.n),
        p.patientId,
        clinic.id,
        doctor.id,
        today,
        p.notes,
      ]);
      for (const [i, [code, dose, frequency, days, quantity, instructions]] of p.items.entries()) {
        const drug = drugs.find((d) => d.code === code)!;
        const end = courseEndDate(today, days);
        await m.query(
          `INSERT INTO prescription_items (id, prescription_id, patient_id, position, drug_id, drug_name, strength, dose, frequency, duration_days,
             quantity, route, instructions, course_end_date)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id(p.n * 100 + i), id(p.n), p.patientId, i, drug.id, drug.generic_name, drug.strength, dose, frequency, days, quantity, drug.route, instructions, end],
        );
        await m.query(
          `INSERT IGNORE INTO patient_medications (id, patient_id, name, strength, dose, frequency, route, start_date, end_date, status, prescriber, notes, recorded_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?, ?)`,
          [id(p.n * 100 + 50 + i), p.patientId, drug.generic_name, drug.strength, dose, frequency, drug.route, today, end, doctor.full_name, instructions, doctor.id],
        );
      }
    }
  });
}
