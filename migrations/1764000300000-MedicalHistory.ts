import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const NOW = 'DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)';
const UPDATED = `updated_by ${UUID} NULL,
      updated_at ${NOW} ON UPDATE CURRENT_TIMESTAMP(3)`;
// Why an entry was marked entered_in_error (required then).
const STATUS_REASON = 'status_reason VARCHAR(500) NULL';

/** patient_id, recorded/updated by: every history table points at its patient and at the staff who wrote it. */
function ownerKeys(table: string, authorColumn = 'recorded_by'): string {
  return `CONSTRAINT fk_${table}_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_${table}_${authorColumn} FOREIGN KEY (${authorColumn}) REFERENCES users (id),
      CONSTRAINT fk_${table}_updated_by FOREIGN KEY (updated_by) REFERENCES users (id)`;
}

/**
 * The complete medical history (seed 001): allergies, conditions, medications, immunizations,
 * procedures, vital signs, clinical notes and document metadata (the files live outside the database).
 *
 * Entries are never deleted: a wrong entry is marked status 'entered_in_error' with a reason, so
 * what a clinician saw when they decided something stays on record, and a mistaken delete cannot
 * silently remove an allergy. Foreign keys to patients are RESTRICT for the same reason.
 *
 * Each table has an index (patient_id, <clinical date>) that the timeline and the per-kind lists read.
 * visit_id columns carry no foreign key: visits belong to the Clinical Workflow context, whose
 * migration runs after this one, and only its service writes them.
 */
export class MedicalHistory1764000300000 implements MigrationInterface {
  name = 'MedicalHistory1764000300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE patient_allergies (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      substance VARCHAR(160) NOT NULL,
      category ENUM('drug','food','environmental','other') NOT NULL,
      drug_class VARCHAR(80) NULL,
      reaction VARCHAR(500) NULL,
      severity ENUM('mild','moderate','severe','life_threatening') NOT NULL,
      status ENUM('active','inactive','resolved','entered_in_error') NOT NULL DEFAULT 'active',
      onset_date DATE NULL,
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      version INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_patient_allergies_patient_recorded (patient_id, recorded_at),
      ${ownerKeys('patient_allergies')}
    ) ${TABLE}`);

    await q.query(`CREATE TABLE patient_conditions (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      icd10_code VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      description VARCHAR(255) NOT NULL,
      kind ENUM('chronic','past') NOT NULL,
      status ENUM('active','resolved','inactive','entered_in_error') NOT NULL DEFAULT 'active',
      onset_date DATE NULL,
      resolved_date DATE NULL,
      notes VARCHAR(1000) NULL,
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      version INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_patient_conditions_patient_recorded (patient_id, recorded_at),
      KEY ix_patient_conditions_code (icd10_code),
      ${ownerKeys('patient_conditions')}
    ) ${TABLE}`);

    await q.query(`CREATE TABLE patient_medications (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      name VARCHAR(200) NOT NULL,
      strength VARCHAR(60) NULL,
      dose VARCHAR(60) NULL,
      frequency VARCHAR(60) NULL,
      route ENUM('oral','sublingual','buccal','topical','transdermal','inhaled','intranasal','ophthalmic','otic','rectal','vaginal','subcutaneous','intramuscular','intravenous','other') NULL,
      start_date DATE NULL,
      end_date DATE NULL,
      status ENUM('current','past','stopped','entered_in_error') NOT NULL DEFAULT 'current',
      source_visit_id ${UUID} NULL,
      prescriber VARCHAR(160) NULL,
      notes VARCHAR(500) NULL,
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      version INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_patient_medications_patient_recorded (patient_id, recorded_at),
      KEY ix_patient_medications_source_visit (source_visit_id),
      ${ownerKeys('patient_medications')}
    ) ${TABLE}`);

    await q.query(`CREATE TABLE patient_immunizations (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      vaccine VARCHAR(120) NOT NULL,
      dose_number SMALLINT UNSIGNED NULL,
      date_given DATE NOT NULL,
      lot_number VARCHAR(40) NULL,
      site VARCHAR(60) NULL,
      given_by VARCHAR(160) NULL,
      next_due_date DATE NULL,
      status ENUM('completed','entered_in_error') NOT NULL DEFAULT 'completed',
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      version INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_patient_immunizations_patient_given (patient_id, date_given),
      ${ownerKeys('patient_immunizations')}
    ) ${TABLE}`);

    await q.query(`CREATE TABLE patient_procedures (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      name VARCHAR(200) NOT NULL,
      code VARCHAR(20) NULL,
      performed_on DATE NOT NULL,
      performed_by VARCHAR(160) NULL,
      facility VARCHAR(200) NULL,
      notes TEXT NULL,
      status ENUM('completed','entered_in_error') NOT NULL DEFAULT 'completed',
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      version INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      KEY ix_patient_procedures_patient_performed (patient_id, performed_on),
      ${ownerKeys('patient_procedures')}
    ) ${TABLE}`);

    // Units are in the column names; BMI is computed by the service from weight and height.
    await q.query(`CREATE TABLE vital_signs (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      visit_id ${UUID} NULL,
      systolic_mmhg SMALLINT UNSIGNED NULL,
      diastolic_mmhg SMALLINT UNSIGNED NULL,
      pulse_bpm SMALLINT UNSIGNED NULL,
      temperature_c DECIMAL(3,1) NULL,
      respiratory_rate SMALLINT UNSIGNED NULL,
      oxygen_saturation SMALLINT UNSIGNED NULL,
      glucose_mmol_l DECIMAL(3,1) NULL,
      weight_kg DECIMAL(5,2) NULL,
      height_cm DECIMAL(4,1) NULL,
      bmi DECIMAL(4,1) NULL,
      status ENUM('final','entered_in_error') NOT NULL DEFAULT 'final',
      ${STATUS_REASON},
      recorded_by ${UUID} NOT NULL,
      recorded_at ${NOW},
      ${UPDATED},
      PRIMARY KEY (id),
      KEY ix_vital_signs_patient_recorded (patient_id, recorded_at),
      KEY ix_vital_signs_visit (visit_id),
      ${ownerKeys('vital_signs')}
    ) ${TABLE}`);

    await q.query(`CREATE TABLE clinical_notes (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      visit_id ${UUID} NULL,
      kind ENUM('soap','nursing','counseling','progress') NOT NULL,
      subjective TEXT NULL,
      objective TEXT NULL,
      assessment TEXT NULL,
      plan TEXT NULL,
      body TEXT NULL,
      status ENUM('final','entered_in_error') NOT NULL DEFAULT 'final',
      ${STATUS_REASON},
      author_id ${UUID} NOT NULL,
      created_at ${NOW},
      ${UPDATED},
      PRIMARY KEY (id),
      KEY ix_clinical_notes_patient_created (patient_id, created_at),
      KEY ix_clinical_notes_visit (visit_id),
      ${ownerKeys('clinical_notes', 'author_id')}
    ) ${TABLE}`);

    // The file itself is in DOCUMENT_STORAGE_DIR under storage_key (a random name, never the client's).
    await q.query(`CREATE TABLE patient_documents (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      title VARCHAR(200) NOT NULL,
      category ENUM('lab_result','referral_letter','id_copy','imaging','clinical_letter','consent_form','other') NOT NULL,
      original_file_name VARCHAR(255) NULL,
      mime_type VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      size_bytes BIGINT UNSIGNED NOT NULL,
      sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      storage_key VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      status ENUM('current','entered_in_error') NOT NULL DEFAULT 'current',
      ${STATUS_REASON},
      uploaded_by ${UUID} NOT NULL,
      uploaded_at ${NOW},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_patient_documents_storage_key (storage_key),
      KEY ix_patient_documents_patient_uploaded (patient_id, uploaded_at),
      ${ownerKeys('patient_documents', 'uploaded_by')}
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'patient_documents',
      'clinical_notes',
      'vital_signs',
      'patient_procedures',
      'patient_immunizations',
      'patient_medications',
      'patient_conditions',
      'patient_allergies',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
