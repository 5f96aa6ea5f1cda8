import type { LastVisitSummary, TimelineSource } from '../patients';
import type { LastVisitRow } from './visit.repository';

/**
 * What the Clinical Workflow adds to GET /patients/{id}/timeline, in the registry's shape: one
 * SELECT per event for the patient `?`, yielding (occurred_at, kind, id, title, detail, visit_id).
 * Each reads its table's (patient_id, date) index.
 */
export const WORKFLOW_TIMELINE_SOURCES: TimelineSource[] = [
  {
    kinds: ['visit'],
    sql: `SELECT v.arrived_at AS occurred_at, 'visit' AS kind, v.id, CONCAT('Visit at ', c.name) AS title,
                 v.chief_complaint AS detail, v.id AS visit_id
            FROM visits v JOIN clinics c ON c.id = v.clinic_id WHERE v.patient_id = ?`,
  },
  {
    // The end of a visit is its own entry (same id as the visit: it is the visit's record).
    kinds: ['visit'],
    sql: `SELECT COALESCE(v.closed_at, v.cancelled_at) AS occurred_at, 'visit' AS kind, v.id,
                 CONCAT(IF(v.status = 'completed', 'Visit closed at ', 'Visit cancelled at '), c.name) AS title,
                 IF(v.status = 'completed',
                    CONCAT_WS(' · ', REPLACE(v.disposition, '_', ' '), v.outcome,
                              IF(v.follow_up_date IS NULL, NULL, CONCAT('follow-up ', DATE_FORMAT(v.follow_up_date, '%Y-%m-%d')))),
                    v.cancellation_reason) AS detail,
                 v.id AS visit_id
            FROM visits v JOIN clinics c ON c.id = v.clinic_id WHERE v.patient_id = ? AND v.status <> 'in_progress'`,
  },
  {
    kinds: ['diagnosis'],
    sql: `SELECT d.created_at AS occurred_at, 'diagnosis' AS kind, d.id, CONCAT('Diagnosis: ', d.icd10_code, ' ', d.description) AS title,
                 IF(d.is_primary = 1, 'primary', 'secondary') AS detail, d.visit_id
            FROM visit_diagnoses d WHERE d.patient_id = ?`,
  },
  {
    kinds: ['lab_order'],
    sql: `SELECT l.ordered_at AS occurred_at, 'lab_order' AS kind, l.id, CONCAT('Lab order: ', l.test_name) AS title,
                 CONCAT_WS(' · ', l.priority, REPLACE(l.status, '_', ' ')) AS detail, l.visit_id
            FROM lab_orders l WHERE l.patient_id = ?`,
  },
  {
    kinds: ['lab_result'],
    sql: `SELECT l.resulted_at AS occurred_at, 'lab_result' AS kind, l.id, CONCAT('Lab result: ', l.test_name) AS title,
                 LEFT(l.result_summary, 200) AS detail, l.visit_id
            FROM lab_orders l WHERE l.patient_id = ? AND l.status = 'resulted'`,
  },
  {
    kinds: ['referral'],
    sql: `SELECT r.referred_at AS occurred_at, 'referral' AS kind, r.id, CONCAT('Referral (', r.type, '): ', r.to_facility) AS title,
                 CONCAT_WS(' · ', r.specialty, r.urgency, r.status) AS detail, r.visit_id
            FROM referrals r WHERE r.patient_id = ?`,
  },
];

export function toLastVisitSummary(row: LastVisitRow): LastVisitSummary {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    clinicName: row.clinic_name,
    arrivedAt: new Date(row.arrived_at).toISOString(),
    stage: row.stage,
    status: row.status,
    endedAt: row.ended_at ? new Date(row.ended_at).toISOString() : null,
    primaryDiagnosis: row.icd10_code && row.description ? { code: row.icd10_code, description: row.description } : null,
  };
}
