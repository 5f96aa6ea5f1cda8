import type { TimelineKind } from './timeline.dto';

/**
 * The medical history's own timeline sources, in the registry's shape: one SELECT per table for the
 * patient `?`, yielding (occurred_at, kind, id, title, detail, visit_id). Entries marked
 * entered_in_error are left out. occurred_at is the clinical date where every entry has one
 * (immunization given, procedure performed, vitals measured, note written, document uploaded) and
 * the recording time for allergies, conditions and medications, whose onset is often unknown.
 * Each reads the table's (patient_id, date) index.
 */
export const HISTORY_TIMELINE_SOURCES: { kinds: TimelineKind[]; sql: string }[] = [
  {
    kinds: ['allergy'],
    sql: `SELECT a.recorded_at AS occurred_at, 'allergy' AS kind, a.id,
                 CONCAT('Allergy: ', a.substance, ' (', REPLACE(a.severity, '_', '-'), ')') AS title,
                 CONCAT_WS(' · ', a.reaction, IF(a.status <> 'active', a.status, NULL)) AS detail, NULL AS visit_id
            FROM patient_allergies a WHERE a.patient_id = ? AND a.status <> 'entered_in_error'`,
  },
  {
    kinds: ['condition'],
    sql: `SELECT c.recorded_at AS occurred_at, 'condition' AS kind, c.id,
                 CONCAT('Condition: ', c.icd10_code, ' ', c.description) AS title,
                 CONCAT_WS(' · ', c.kind, c.status, IF(c.onset_date IS NULL, NULL, CONCAT('since ', DATE_FORMAT(c.onset_date, '%Y-%m-%d')))) AS detail,
                 NULL AS visit_id
            FROM patient_conditions c WHERE c.patient_id = ? AND c.status <> 'entered_in_error'`,
  },
  {
    kinds: ['medication'],
    sql: `SELECT m.recorded_at AS occurred_at, 'medication' AS kind, m.id,
                 CONCAT('Medication: ', CONCAT_WS(' ', m.name, m.strength)) AS title,
                 CONCAT_WS(', ', m.dose, m.frequency, m.route, m.status) AS detail, m.source_visit_id AS visit_id
            FROM patient_medications m WHERE m.patient_id = ? AND m.status <> 'entered_in_error'`,
  },
  {
    kinds: ['immunization'],
    sql: `SELECT CAST(i.date_given AS DATETIME(3)) AS occurred_at, 'immunization' AS kind, i.id,
                 CONCAT('Immunization: ', i.vaccine, IF(i.dose_number IS NULL, '', CONCAT(' (dose ', i.dose_number, ')'))) AS title,
                 IF(i.lot_number IS NULL, NULL, CONCAT('lot ', i.lot_number)) AS detail, NULL AS visit_id
            FROM patient_immunizations i WHERE i.patient_id = ? AND i.status <> 'entered_in_error'`,
  },
  {
    kinds: ['procedure'],
    sql: `SELECT CAST(p.performed_on AS DATETIME(3)) AS occurred_at, 'procedure' AS kind, p.id,
                 CONCAT('Procedure: ', p.name) AS title, CONCAT_WS(' · ', p.code, p.facility) AS detail, NULL AS visit_id
            FROM patient_procedures p WHERE p.patient_id = ? AND p.status <> 'entered_in_error'`,
  },
  {
    kinds: ['vital_signs'],
    sql: `SELECT v.recorded_at AS occurred_at, 'vital_signs' AS kind, v.id, 'Vital signs' AS title,
                 CONCAT_WS(', ',
                   IF(v.systolic_mmhg IS NULL, NULL, CONCAT('BP ', v.systolic_mmhg, '/', v.diastolic_mmhg, ' mmHg')),
                   IF(v.pulse_bpm IS NULL, NULL, CONCAT('pulse ', v.pulse_bpm)),
                   IF(v.temperature_c IS NULL, NULL, CONCAT(CAST(v.temperature_c AS DOUBLE), ' °C')),
                   IF(v.respiratory_rate IS NULL, NULL, CONCAT('RR ', v.respiratory_rate)),
                   IF(v.oxygen_saturation IS NULL, NULL, CONCAT('SpO2 ', v.oxygen_saturation, '%')),
                   IF(v.glucose_mmol_l IS NULL, NULL, CONCAT('glucose ', CAST(v.glucose_mmol_l AS DOUBLE), ' mmol/L')),
                   IF(v.weight_kg IS NULL, NULL, CONCAT(CAST(v.weight_kg AS DOUBLE), ' kg')),
                   IF(v.height_cm IS NULL, NULL, CONCAT(CAST(v.height_cm AS DOUBLE), ' cm')),
                   IF(v.bmi IS NULL, NULL, CONCAT('BMI ', CAST(v.bmi AS DOUBLE)))) AS detail,
                 v.visit_id
            FROM vital_signs v WHERE v.patient_id = ? AND v.status <> 'entered_in_error'`,
  },
  {
    kinds: ['clinical_note'],
    sql: `SELECT n.created_at AS occurred_at, 'clinical_note' AS kind, n.id,
                 CONCAT(UPPER(LEFT(n.kind, 1)), SUBSTRING(n.kind, 2), ' note') AS title,
                 LEFT(COALESCE(n.assessment, n.body, n.subjective, n.plan, n.objective), 200) AS detail, n.visit_id
            FROM clinical_notes n WHERE n.patient_id = ? AND n.status <> 'entered_in_error'`,
  },
  {
    kinds: ['document'],
    sql: `SELECT d.uploaded_at AS occurred_at, 'document' AS kind, d.id, CONCAT('Document: ', d.title) AS title,
                 REPLACE(d.category, '_', ' ') AS detail, NULL AS visit_id
            FROM patient_documents d WHERE d.patient_id = ? AND d.status <> 'entered_in_error'`,
  },
];
