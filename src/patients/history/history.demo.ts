import type { DataSource, EntityManager } from 'typeorm';
import { DEMO_PATIENT_IDS } from '../patients.demo';
import { computeBmi } from './vital-signs.rules';

/*
 * Demo medical history for the demo patients (npm run seed -- --demo). Fixed ids and INSERT IGNORE
 * make it idempotent; dates are fixed so every machine shows the same record.
 */

const [THABO, LERATO, , , SIPHO, PIETER, , , , , JOHANNES] = DEMO_PATIENT_IDS;
const id = (n: number) => `5e1f0c2a-7d3b-4f6e-8a91-${String(n).padStart(12, '0')}`;

interface DemoHistory {
  allergies: [number, string, string, 'drug' | 'food' | 'environmental', string | null, string, 'mild' | 'moderate' | 'severe' | 'life_threatening'][];
  conditions: [number, string, string, string, 'chronic' | 'past', 'active' | 'resolved', string | null][];
  medications: [number, string, string, string, string, string, 'current' | 'past' | 'stopped', string][];
  immunizations: [number, string, string, number | null, string, string | null][];
  procedures: [number, string, string, string, string][];
  // [n, patient, recorded at, systolic, diastolic, pulse, temperature, SpO2, glucose, weight, height]
  vitals: [number, string, string, number | null, number | null, number | null, number | null, number | null, number | null, number | null, number | null][];
  notes: [number, string, string, 'soap' | 'nursing', { subjective?: string; objective?: string; assessment?: string; plan?: string; body?: string }][];
  noKnownAllergies: string[];
}

const DEMO: DemoHistory = {
  allergies: [
    [1, THABO, 'Penicillin', 'drug', 'penicillins', 'Anaphylaxis (2009, admitted)', 'life_threatening'],
    [2, THABO, 'Bee venom', 'environmental', null, 'Local swelling', 'moderate'],
    [3, PIETER, 'Sulfamethoxazole', 'drug', 'sulfonamides', 'Widespread rash', 'severe'],
    [4, JOHANNES, 'Shellfish', 'food', null, 'Urticaria', 'mild'],
  ],
  conditions: [
    [1, THABO, 'I10', 'Essential (primary) hypertension', 'chronic', 'active', '2015-03-01'],
    [2, THABO, 'E11.9', 'Type 2 diabetes mellitus without complications', 'chronic', 'active', '2018-09-12'],
    [3, PIETER, 'I10', 'Essential (primary) hypertension', 'chronic', 'active', '2008-01-01'],
    [4, PIETER, 'E78.5', 'Hyperlipidaemia, unspecified', 'chronic', 'active', '2012-06-01'],
    [5, JOHANNES, 'J44.9', 'Chronic obstructive pulmonary disease, unspecified', 'chronic', 'active', '2016-04-01'],
    [6, JOHANNES, 'H25.9', 'Senile cataract, unspecified', 'past', 'resolved', '2018-01-01'],
    [7, LERATO, 'J45.9', 'Asthma, unspecified', 'chronic', 'active', '2004-01-01'],
  ],
  medications: [
    [1, THABO, 'Amlodipine', '10 mg', '1 tablet', 'once daily', 'current', '2015-03-01'],
    [2, THABO, 'Metformin', '850 mg', '1 tablet', 'twice daily with meals', 'current', '2018-09-12'],
    [3, THABO, 'Hydrochlorothiazide', '12.5 mg', '1 tablet', 'once daily', 'stopped', '2015-03-01'],
    [4, PIETER, 'Simvastatin', '20 mg', '1 tablet', 'at night', 'current', '2012-06-01'],
    [5, PIETER, 'Enalapril', '10 mg', '1 tablet', 'twice daily', 'current', '2008-01-01'],
    [6, JOHANNES, 'Salbutamol inhaler', '100 mcg/dose', '2 puffs', 'when needed', 'current', '2016-04-01'],
    [7, LERATO, 'Budesonide inhaler', '200 mcg/dose', '1 puff', 'twice daily', 'current', '2019-05-01'],
  ],
  immunizations: [
    [1, THABO, 'Tetanus toxoid', 3, '2021-04-10', 'TT21-0412'],
    [2, THABO, 'COVID-19 (Comirnaty)', 2, '2021-09-02', 'FF2591'],
    [3, JOHANNES, 'Influenza (seasonal)', null, '2025-04-15', 'FLU25-118'],
    [4, JOHANNES, 'Pneumococcal conjugate (PCV13)', 1, '2023-05-20', 'PCV-7781'],
    [5, SIPHO, 'BCG', 1, '2015-02-11', 'BCG-15-02'],
    [6, SIPHO, 'Measles (MR)', 2, '2016-08-11', 'MR-1608'],
    [7, LERATO, 'Human papillomavirus (HPV)', 2, '2005-03-01', null],
  ],
  procedures: [
    [1, JOHANNES, 'Cataract extraction with lens implant, right eye', '2019-02-14', 'Steve Biko Academic Hospital'],
    [2, THABO, 'Diabetic foot examination', '2025-06-03', 'Pretoria Central Police Clinic'],
  ],
  vitals: [
    [1, THABO, '2025-03-04 08:40:00.000', 162, 101, 84, 36.7, 97, 9.8, 97.2, 172],
    [2, THABO, '2025-06-03 09:05:00.000', 148, 94, 80, 36.6, 98, 8.1, 95.4, 172],
    [3, THABO, '2025-09-02 08:55:00.000', 136, 86, 76, 36.8, 98, 7.2, 93.9, 172],
    [4, PIETER, '2025-08-12 10:15:00.000', 144, 90, 72, 36.5, 96, null, 88, 178],
    [5, JOHANNES, '2025-07-21 11:30:00.000', 128, 78, 92, 37.4, 91, null, 64.5, 169],
    [6, SIPHO, '2025-05-09 14:00:00.000', null, null, 96, 36.9, 99, null, 31.2, 138],
    [7, LERATO, '2025-10-01 09:20:00.000', 118, 74, 70, 36.6, 99, null, 61, 163],
  ],
  notes: [
    [
      1,
      THABO,
      '2025-09-02 09:20:00.000',
      'soap',
      {
        subjective: 'Feels well. Taking amlodipine and metformin daily; occasional missed evening dose.',
        objective: 'BP 136/86, pulse 76, glucose 7.2 mmol/L (random). Weight down 1.5 kg since June.',
        assessment: 'Hypertension and type 2 diabetes, improving control.',
        plan: 'Continue current medication. HbA1c at next visit. Review in 3 months.',
      },
    ],
    [2, JOHANNES, '2025-07-21 11:45:00.000', 'nursing', { body: 'Mild wheeze, SpO2 91% on room air. Inhaler technique reviewed; doctor informed.' }],
  ],
  noKnownAllergies: [LERATO, SIPHO],
};

/** Seeds the demo history (needs the demo patients and the demo doctor and nurse). */
export async function seedDemoHistory(ds: DataSource): Promise<void> {
  const staff = (await ds.query(
    "SELECT email, id FROM users WHERE email IN ('doctor@demo.clinic.local', 'nurse@demo.clinic.local')",
  )) as { email: string; id: string }[];
  const doctor = staff.find((u) => u.email.startsWith('doctor'))?.id;
  const nurse = staff.find((u) => u.email.startsWith('nurse'))?.id;
  if (!doctor || !nurse) throw new Error('Demo history needs the demo doctor and nurse');
  await ds.transaction(async (m: EntityManager) => {
    for (const [n, patient, substance, category, drugClass, reaction, severity] of DEMO.allergies) {
      await m.query(
        `INSERT IGNORE INTO patient_allergies (id, patient_id, substance, category, drug_class, reaction, severity, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2025-03-04 08:50:00.000')`,
        [id(100 + n), patient, substance, category, drugClass, reaction, severity, nurse],
      );
      await m.query(
        "UPDATE patients p SET allergy_status = 'has_allergies' WHERE p.id = ? AND EXISTS (SELECT 1 FROM patient_allergies a WHERE a.patient_id = p.id AND a.status = 'active')",
        [patient],
      );
    }
    for (const patient of DEMO.noKnownAllergies) {
      // Asked and answered: only where nothing else was recorded.
      await m.query("UPDATE patients SET allergy_status = 'no_known_allergies' WHERE id = ? AND allergy_status = 'unknown'", [patient]);
    }
    for (const [n, patient, code, description, kind, status, onset] of DEMO.conditions) {
      await m.query(
        `INSERT IGNORE INTO patient_conditions (id, patient_id, icd10_code, description, kind, status, onset_date, resolved_date, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-03-04 09:10:00.000')`,
        [id(200 + n), patient, code, description, kind, status, onset, status === 'resolved' ? '2019-02-14' : null, doctor],
      );
    }
    for (const [n, patient, name, strength, dose, frequency, status, start] of DEMO.medications) {
      await m.query(
        `INSERT IGNORE INTO patient_medications (id, patient_id, name, strength, dose, frequency, route, start_date, end_date, status, prescriber, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Demo doctor', ?, '2025-03-04 09:15:00.000')`,
        [id(300 + n), patient, name, strength, dose, frequency, name.includes('inhaler') ? 'inhaled' : 'oral', start, status === 'stopped' ? '2018-09-12' : null, status, doctor],
      );
    }
    for (const [n, patient, vaccine, dose, given, lot] of DEMO.immunizations) {
      await m.query(
        `INSERT IGNORE INTO patient_immunizations (id, patient_id, vaccine, dose_number, date_given, lot_number, site, given_by, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '2025-03-04 09:20:00.000')`,
        [id(400 + n), patient, vaccine, dose, given, lot, vaccine === 'BCG' ? 'right upper arm' : 'left deltoid', 'Clinic nurse', nurse],
      );
    }
    for (const [n, patient, name, performed, facility] of DEMO.procedures) {
      await m.query(
        `INSERT IGNORE INTO patient_procedures (id, patient_id, name, performed_on, facility, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, '2025-06-03 10:00:00.000')`,
        [id(500 + n), patient, name, performed, facility, doctor],
      );
    }
    for (const [n, patient, at, sys, dia, pulse, temp, spo2, glucose, weight, height] of DEMO.vitals) {
      await m.query(
        `INSERT IGNORE INTO vital_signs (id, patient_id, systolic_mmhg, diastolic_mmhg, pulse_bpm, temperature_c, oxygen_saturation, glucose_mmol_l,
           weight_kg, height_cm, bmi, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id(600 + n), patient, sys, dia, pulse, temp, spo2, glucose, weight, height, computeBmi(weight, height), nurse, at],
      );
    }
    for (const [n, patient, at, kind, text] of DEMO.notes) {
      await m.query(
        `INSERT IGNORE INTO clinical_notes (id, patient_id, kind, subjective, objective, assessment, plan, body, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id(700 + n), patient, kind, text.subjective ?? null, text.objective ?? null, text.assessment ?? null, text.plan ?? null, text.body ?? null, kind === 'soap' ? doctor : nurse, at],
      );
    }
  });
}
