import type { DataSource, EntityManager } from 'typeorm';
import { clinicToday } from '../common/time/clinic-date';
import { DEMO_PATIENT_IDS } from '../patients';
import { type TriagePriority, triageRank, type VisitDisposition, type VisitOutcome, type VisitStage } from './visit-workflow';

/*
 * Demo visits at GP-TSH-001 (npm run seed -- --demo), so Swagger UI shows a live clinic: patients
 * waiting in every queue with different triage colours, a completed visit with diagnoses, a resulted
 * lab order, a referral and a prescription (Pharmacy's tables), and a cancelled visit. Fixed ids and INSERT IGNORE
 * make it idempotent; times are relative to the first seed, so the waits grow from there.
 */

const [THABO, LERATO, JOSE, NOMVULA, SIPHO, PIETER, , TENDAI, AYESHA, , JOHANNES] = DEMO_PATIENT_IDS;
const id = (n: number) => `c1a0e5d2-4b7f-4e19-9c3a-${String(n).padStart(12, '0')}`;

type Role = 'clerk' | 'nurse' | 'doctor' | 'social_worker';

interface DemoVisit {
  n: number;
  patientId: string;
  complaint: string;
  /** Minutes before the seed. */
  arrived: number;
  /** Stages completed after registration: [stage, minutes before the seed, by whom, skip reason]. */
  done: [VisitStage, number, Role, string?][];
  triage?: TriagePriority;
  end?: { kind: 'closed'; outcome: VisitOutcome; disposition: VisitDisposition; followUpDays?: number } | { kind: 'cancelled'; reason: string };
  counselingRequired?: boolean;
  diagnoses?: [string, string, boolean][];
}

const DAY = 24 * 60;

const VISITS: DemoVisit[] = [
  // Waiting for Assessment: not triaged yet, so by arrival.
  { n: 1, patientId: LERATO, complaint: 'Wheezing since last night', arrived: 25, done: [] },
  { n: 2, patientId: JOSE, complaint: 'Painful swollen ankle after a fall', arrived: 10, done: [] },
  // Waiting for Consultation: one per triage colour.
  { n: 3, patientId: AYESHA, complaint: 'Crushing chest pain', arrived: 15, triage: 'red', done: [['assessment', 12, 'nurse']] },
  { n: 4, patientId: NOMVULA, complaint: 'High fever and vomiting', arrived: 50, triage: 'orange', done: [['assessment', 35, 'nurse']] },
  { n: 5, patientId: SIPHO, complaint: 'Ear ache for two days', arrived: 70, triage: 'yellow', done: [['assessment', 55, 'nurse']] },
  { n: 6, patientId: JOHANNES, complaint: 'Repeat prescription, feels well', arrived: 90, triage: 'green', done: [['assessment', 80, 'nurse']] },
  // Waiting for Counseling.
  {
    n: 7,
    patientId: PIETER,
    complaint: 'Headaches, stressed at work',
    arrived: 150,
    triage: 'yellow',
    done: [
      ['assessment', 135, 'nurse'],
      ['consultation', 40, 'doctor'],
    ],
    counselingRequired: true,
    diagnoses: [
      ['I10', 'Essential (primary) hypertension', true],
      ['E78.5', 'Hyperlipidaemia, unspecified', false],
    ],
  },
  // Waiting for Closure (counseling decided against in the consultation).
  {
    n: 8,
    patientId: TENDAI,
    complaint: 'Sore throat and cough',
    arrived: 200,
    triage: 'green',
    done: [
      ['assessment', 180, 'nurse'],
      ['consultation', 30, 'doctor'],
      ['counseling', 30, 'doctor', 'No psychosocial concerns'],
    ],
    counselingRequired: false,
    diagnoses: [['J06.9', 'Acute upper respiratory infection, unspecified', true]],
  },
  // Completed ten days ago: diagnoses, a resulted lab order, a referral, prescription items.
  {
    n: 9,
    patientId: THABO,
    complaint: 'Diabetes and blood pressure review',
    arrived: 10 * DAY,
    triage: 'green',
    done: [
      ['assessment', 10 * DAY - 20, 'nurse'],
      ['consultation', 10 * DAY - 65, 'doctor'],
      ['counseling', 10 * DAY - 90, 'social_worker'],
      ['closure', 10 * DAY - 95, 'clerk'],
    ],
    counselingRequired: true,
    diagnoses: [
      ['E11.9', 'Type 2 diabetes mellitus without complications', true],
      ['I10', 'Essential (primary) hypertension', false],
    ],
    end: { kind: 'closed', outcome: 'improved', disposition: 'follow_up_scheduled', followUpDays: 80 },
  },
  // Cancelled three days ago: left before being seen.
  { n: 10, patientId: JOSE, complaint: 'Toothache', arrived: 3 * DAY, done: [], end: { kind: 'cancelled', reason: 'Left before assessment' } },
];

/** Inserts the demo visits if missing. Needs the demo clinic, staff and patients. */
export async function seedDemoVisits(ds: DataSource): Promise<void> {
  const [clinic] = (await ds.query("SELECT id, district_id, province_id FROM clinics WHERE code = 'GP-TSH-001'")) as { id: string; district_id: string; province_id: string }[];
  const staffRows = (await ds.query(
    "SELECT id, email FROM users WHERE email IN ('clerk@demo.clinic.local', 'nurse@demo.clinic.local', 'doctor@demo.clinic.local', 'social.worker@demo.clinic.local')",
  )) as { id: string; email: string }[];
  const staff = Object.fromEntries(staffRows.map((u) => [u.email.split('@')[0].replace('.', '_'), u.id])) as Record<Role, string>;
  if (!clinic || Object.keys(staff).length < 4) throw new Error('Demo visits need the demo clinic and staff');
  await ds.transaction(async (manager) => {
    const [{ now }] = (await manager.query('SELECT NOW(3) AS now')) as { now: Date }[];
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    for (const v of VISITS) {
      if (await exists(manager, 'visits', id(v.n))) continue;
      if (!(await exists(manager, 'patients', v.patientId))) continue;
      await insertVisit(manager, v, clinic, staff, ago);
    }
    await insertOrders(manager, staff, ago);
  });
}

async function exists(manager: EntityManager, table: 'visits' | 'patients' | 'lab_orders' | 'referrals', rowId: string): Promise<boolean> {
  return ((await manager.query(`SELECT 1 FROM ${table} WHERE id = ?`, [rowId])) as unknown[]).length > 0;
}

async function insertVisit(
  manager: EntityManager,
  v: DemoVisit,
  clinic: { id: string; district_id: string; province_id: string },
  staff: Record<Role, string>,
  ago: (minutes: number) => Date,
): Promise<void> {
  const last = v.done.at(-1);
  const stageAfter: Record<VisitStage, VisitStage> = { registration: 'assessment', assessment: 'consultation', consultation: 'counseling', counseling: 'closure', closure: 'closure' };
  const stage: VisitStage = last ? stageAfter[last[0]] : 'assessment';
  // Each stage's queue starts when the one before it was completed; registration completes on arrival.
  const records: [VisitStage, Date, Date, string, string | null][] = [['registration', ago(v.arrived), ago(v.arrived), staff.clerk, null]];
  for (const [s, minutes, role, reason] of v.done) records.push([s, records.at(-1)![2], ago(minutes), staff[role], reason ?? null]);
  const closed = v.end?.kind === 'closed' ? v.end : null;
  const cancelled = v.end?.kind === 'cancelled' ? v.end : null;
  // A closed visit stays in the closure stage, entered when counseling was done.
  const stageEntered = closed ? records.at(-1)![1] : records.at(-1)![2];
  const skip = v.done.find(([s, , , reason]) => s === 'counseling' && reason);
  const consultation = v.done.find(([s]) => s === 'consultation');
  const decision = consultation ? (skip ?? consultation) : null;
  const followUp = closed?.followUpDays ? ago(-closed.followUpDays * DAY).toISOString().slice(0, 10) : null;
  // One version step per stage action; a counseling skip decided in the consultation is part of it.
  const transitions = v.done.filter(([s, , , reason]) => !(s === 'counseling' && reason && v.counselingRequired === false)).length + (cancelled ? 1 : 0);
  const result = (await manager.query(
    `INSERT IGNORE INTO visits (id, patient_id, clinic_id, district_id, province_id, open_clinic_id, stage, status, chief_complaint, triage_priority,
       triage_rank, arrived_at, stage_entered_at, counseling_decision, counseling_decision_reason, counseling_decided_by, counseling_decided_at,
       outcome, disposition, follow_up_date, closed_at, cancellation_reason, cancelled_by, cancelled_at, version, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id(v.n),
      v.patientId,
      clinic.id,
      clinic.district_id,
      clinic.province_id,
      v.end ? null : clinic.id,
      stage,
      closed ? 'completed' : cancelled ? 'cancelled' : 'in_progress',
      v.complaint,
      v.triage ?? null,
      v.triage ? triageRank(v.triage) : null,
      ago(v.arrived),
      stageEntered,
      decision ? (skip ? 'skipped' : 'required') : null,
      skip?.[3] ?? null,
      decision ? staff[decision[2]] : null,
      decision ? ago(decision[1]) : null,
      closed?.outcome ?? null,
      closed?.disposition ?? null,
      followUp,
      closed ? records.at(-1)![2] : null,
      cancelled?.reason ?? null,
      cancelled ? staff.clerk : null,
      cancelled ? ago(v.arrived - 20) : null,
      1 + transitions,
      staff.clerk,
    ],
  )) as { affectedRows: number };
  // The open-visit key refused it (someone opened a visit for this patient here already): leave it out.
  if (result.affectedRows !== 1) return;
  await manager.query('INSERT IGNORE INTO patient_facilities (patient_id, clinic_id, province_id, district_id) VALUES (?, ?, ?, ?)', [
    v.patientId,
    clinic.id,
    clinic.province_id,
    clinic.district_id,
  ]);
  for (const [i, [s, enteredAt, completedAt, by, reason]] of records.entries()) {
    await manager.query(
      `INSERT IGNORE INTO visit_stage_records (id, visit_id, stage, entered_at, completed_at, completed_by, wait_seconds, skipped, skip_reason)
       VALUES (?, ?, ?, ?, ?, ?, GREATEST(0, TIMESTAMPDIFF(SECOND, ?, ?)), ?, ?)`,
      [id(v.n * 100 + i), id(v.n), s, enteredAt, completedAt, by, enteredAt, completedAt, reason ? 1 : 0, reason],
    );
  }
  for (const [i, [code, description, primary]] of (v.diagnoses ?? []).entries()) {
    await manager.query(
      'INSERT IGNORE INTO visit_diagnoses (id, visit_id, patient_id, icd10_code, description, is_primary, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [id(v.n * 100 + 50 + i), id(v.n), v.patientId, code, description, primary ? 1 : 0, staff.doctor, ago(consultation![1])],
    );
  }
}

/** The completed visit's HbA1c (resulted), the closure-queue visit's FBC (collected), a referral and the prescription. */
async function insertOrders(manager: EntityManager, staff: Record<Role, string>, ago: (minutes: number) => Date): Promise<void> {
  const thaboVisit = id(9);
  const tendaiVisit = id(8);
  if ((await exists(manager, 'visits', thaboVisit)) && !(await exists(manager, 'lab_orders', id(9001)))) {
    const consulted = ago(10 * DAY - 65);
    await manager.query(
      `INSERT INTO lab_orders (id, visit_id, patient_id, test_code, test_name, priority, clinical_notes, status, ordered_by, ordered_at,
         specimen_type, collected_by, collected_at, resulted_by, resulted_at, result_summary)
       VALUES (?, ?, ?, 'HBA1C', 'Glycated haemoglobin (HbA1c)', 'routine', 'Diabetes control', 'resulted', ?, ?, 'blood', ?, ?, ?, ?, ?)`,
      [id(9001), thaboVisit, THABO, staff.doctor, consulted, staff.nurse, ago(10 * DAY - 70), staff.nurse, ago(7 * DAY), 'Above target: 8.1 %'],
    );
    const results: [string, number, string, number | null, number | null, string][] = [
      ['HbA1c', 8.1, '%', null, 7, 'high'],
      ['Fasting glucose', 9.4, 'mmol/L', 3.9, 5.6, 'high'],
    ];
    for (const [i, [analyte, value, unit, low, high, flag]] of results.entries()) {
      await manager.query(
        'INSERT INTO lab_results (id, lab_order_id, position, analyte, value_numeric, unit, reference_low, reference_high, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [id(9101 + i), id(9001), i, analyte, value, unit, low, high, flag],
      );
    }
    await manager.query(
      `INSERT INTO referrals (id, visit_id, patient_id, type, urgency, to_facility, specialty, reason, status, referred_by, referred_at, status_changed_at)
       VALUES (?, ?, ?, 'external', 'routine', 'Steve Biko Academic Hospital', 'Ophthalmology', 'Annual diabetic retinopathy screening', 'sent', ?, ?, ?)`,
      [id(9201), thaboVisit, THABO, staff.doctor, consulted, ago(9 * DAY)],
    );
    await manager.query(
      'INSERT INTO referral_status_changes (id, referral_id, from_status, to_status, note, changed_by, changed_at) VALUES (?, ?, NULL, ?, NULL, ?, ?), (?, ?, ?, ?, ?, ?, ?)',
      [id(9301), id(9201), 'pending', staff.doctor, consulted, id(9302), id(9201), 'pending', 'sent', 'Letter e-mailed to the eye clinic', staff.clerk, ago(9 * DAY)],
    );
    // The consultation's prescription, as Pharmacy keeps it (catalogue drugs from the drug catalogue migration).
    const drugs = (await manager.query("SELECT id, code, generic_name, strength, route FROM drugs WHERE code IN ('METFORMIN-850MG-TAB', 'AMLODIPINE-5MG-TAB')")) as {
      id: string;
      code: string;
      generic_name: string;
      strength: string;
      route: string;
    }[];
    const items: [string, string, string, number, number][] = [
      ['METFORMIN-850MG-TAB', '1 tablet', 'twice daily', 90, 180],
      ['AMLODIPINE-5MG-TAB', '1 tablet', 'once daily', 90, 90],
    ];
    if (drugs.length === items.length) {
      const prescribedOn = clinicToday(consulted);
      await manager.query(
        `INSERT IGNORE INTO prescriptions (id, patient_id, visit_id, clinic_id, prescribed_by, prescribed_on, status, created_at, updated_at)
         SELECT ?, ?, v.id, v.clinic_id, ?, ?, 'active', ?, ? FROM visits v WHERE v.id = ?`,
        [id(9400), THABO, staff.doctor, prescribedOn, consulted, consulted, thaboVisit],
      );
      for (const [i, [code, dose, frequency, days, quantity]] of items.entries()) {
        const drug = drugs.find((d) => d.code === code)!;
        await manager.query(
          `INSERT IGNORE INTO prescription_items (id, prescription_id, patient_id, position, drug_id, drug_name, strength, dose, frequency, duration_days,
             quantity, route, course_end_date, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id(9401 + i), id(9400), THABO, i, drug.id, drug.generic_name, drug.strength, dose, frequency, days, quantity, drug.route, addDays(prescribedOn, days - 1), consulted],
        );
      }
    }
  }
  if ((await exists(manager, 'visits', tendaiVisit)) && !(await exists(manager, 'lab_orders', id(8001)))) {
    await manager.query(
      `INSERT INTO lab_orders (id, visit_id, patient_id, test_code, test_name, priority, status, ordered_by, ordered_at, specimen_type, collected_by, collected_at)
       VALUES (?, ?, ?, 'FBC', 'Full blood count', 'routine', 'specimen_collected', ?, ?, 'blood', ?, ?)`,
      [id(8001), tendaiVisit, TENDAI, staff.doctor, ago(30), staff.nurse, ago(20)],
    );
  }
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
