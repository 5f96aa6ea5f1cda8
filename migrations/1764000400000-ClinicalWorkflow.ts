import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const CREATED = 'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)';
const UPDATED = 'updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)';
const STAGES = "'registration','assessment','consultation','counseling','closure'";
const REFERRAL_STATUSES = "'pending','sent','accepted','completed','declined','cancelled'";

/**
 * The Clinical Workflow (seed 002): visits moving through five stages, one record per completed
 * stage (who, when, how long it waited), and what a consultation produces: ICD-10 diagnoses, lab
 * orders with structured results, referrals with their status history, and prescription items for
 * Pharmacy. Nothing is deleted, so every foreign key is RESTRICT. Staff columns (*_by) point at
 * users; MySQL indexes each of those foreign keys under the constraint's own name.
 */
export class ClinicalWorkflow1764000400000 implements MigrationInterface {
  name = 'ClinicalWorkflow1764000400000';

  public async up(q: QueryRunner): Promise<void> {
    // open_clinic_id is clinic_id while the visit is in progress and NULL after: the unique key then
    // allows one open visit per patient per clinic (NULLs never collide).
    // ix_visits_queue serves GET /visits/queue: one clinic, in progress, one stage, by triage then arrival.
    await q.query(`CREATE TABLE visits (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      clinic_id ${UUID} NOT NULL,
      district_id ${UUID} NOT NULL,
      province_id ${UUID} NOT NULL,
      open_clinic_id ${UUID} NULL,
      stage ENUM(${STAGES}) NOT NULL,
      status ENUM('in_progress','completed','cancelled') NOT NULL DEFAULT 'in_progress',
      chief_complaint VARCHAR(500) NULL,
      triage_priority ENUM('red','orange','yellow','green') NULL,
      triage_rank TINYINT UNSIGNED NULL,
      arrived_at DATETIME(3) NOT NULL,
      stage_entered_at DATETIME(3) NOT NULL,
      counseling_decision ENUM('required','skipped') NULL,
      counseling_decision_reason VARCHAR(500) NULL,
      counseling_decided_by ${UUID} NULL,
      counseling_decided_at DATETIME(3) NULL,
      outcome ENUM('resolved','improved','unchanged','deteriorated','died') NULL,
      disposition ENUM('discharged_home','follow_up_scheduled','referred','admitted','transferred','left_without_being_seen','left_against_advice','deceased') NULL,
      follow_up_date DATE NULL,
      closure_notes VARCHAR(1000) NULL,
      closed_at DATETIME(3) NULL,
      cancellation_reason VARCHAR(500) NULL,
      cancelled_by ${UUID} NULL,
      cancelled_at DATETIME(3) NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      created_by ${UUID} NOT NULL,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_visits_open_per_clinic (patient_id, open_clinic_id),
      KEY ix_visits_queue (clinic_id, status, stage, triage_rank, arrived_at),
      KEY ix_visits_patient_arrived (patient_id, arrived_at),
      KEY ix_visits_clinic_arrived (clinic_id, arrived_at),
      KEY ix_visits_district_arrived (district_id, arrived_at),
      KEY ix_visits_province_arrived (province_id, arrived_at),
      CONSTRAINT fk_visits_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_visits_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id),
      CONSTRAINT fk_visits_district FOREIGN KEY (district_id) REFERENCES districts (id),
      CONSTRAINT fk_visits_province FOREIGN KEY (province_id) REFERENCES provinces (id),
      CONSTRAINT fk_visits_counseling_decided_by FOREIGN KEY (counseling_decided_by) REFERENCES users (id),
      CONSTRAINT fk_visits_cancelled_by FOREIGN KEY (cancelled_by) REFERENCES users (id),
      CONSTRAINT fk_visits_created_by FOREIGN KEY (created_by) REFERENCES users (id)
    ) ${TABLE}`);

    // wait_seconds: from joining the stage's queue to completing the stage (Analytics' per-stage wait).
    await q.query(`CREATE TABLE visit_stage_records (
      id ${UUID} NOT NULL,
      visit_id ${UUID} NOT NULL,
      stage ENUM(${STAGES}) NOT NULL,
      entered_at DATETIME(3) NOT NULL,
      completed_at DATETIME(3) NOT NULL,
      completed_by ${UUID} NOT NULL,
      wait_seconds INT UNSIGNED NOT NULL,
      skipped TINYINT(1) NOT NULL DEFAULT 0,
      skip_reason VARCHAR(500) NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_visit_stage_records_visit_stage (visit_id, stage),
      KEY ix_visit_stage_records_stage_completed (stage, completed_at),
      CONSTRAINT fk_visit_stage_records_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_visit_stage_records_completed_by FOREIGN KEY (completed_by) REFERENCES users (id)
    ) ${TABLE}`);

    // The code is validated against icd10_codes when recorded and its description copied, so the
    // record reads as it did even if the code table is later re-imported.
    await q.query(`CREATE TABLE visit_diagnoses (
      id ${UUID} NOT NULL,
      visit_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      icd10_code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      description VARCHAR(255) NOT NULL,
      is_primary TINYINT(1) NOT NULL DEFAULT 0,
      recorded_by ${UUID} NOT NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_visit_diagnoses_visit_code (visit_id, icd10_code),
      KEY ix_visit_diagnoses_patient_created (patient_id, created_at),
      KEY ix_visit_diagnoses_code_created (icd10_code, created_at),
      CONSTRAINT fk_visit_diagnoses_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_visit_diagnoses_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_visit_diagnoses_recorded_by FOREIGN KEY (recorded_by) REFERENCES users (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE lab_orders (
      id ${UUID} NOT NULL,
      visit_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      test_code VARCHAR(32) NOT NULL,
      test_name VARCHAR(200) NOT NULL,
      priority ENUM('routine','urgent','stat') NOT NULL DEFAULT 'routine',
      clinical_notes VARCHAR(1000) NULL,
      status ENUM('ordered','specimen_collected','resulted','cancelled') NOT NULL DEFAULT 'ordered',
      ordered_by ${UUID} NOT NULL,
      ordered_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      specimen_type ENUM('blood','serum','plasma','urine','stool','sputum','swab','csf','tissue','other') NULL,
      collected_by ${UUID} NULL,
      collected_at DATETIME(3) NULL,
      resulted_by ${UUID} NULL,
      resulted_at DATETIME(3) NULL,
      result_document_id ${UUID} NULL,
      result_summary VARCHAR(2000) NULL,
      cancelled_by ${UUID} NULL,
      cancelled_at DATETIME(3) NULL,
      cancellation_reason VARCHAR(500) NULL,
      ${UPDATED},
      PRIMARY KEY (id),
      KEY ix_lab_orders_visit (visit_id),
      KEY ix_lab_orders_patient_ordered (patient_id, ordered_at),
      KEY ix_lab_orders_status_ordered (status, ordered_at),
      CONSTRAINT fk_lab_orders_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_lab_orders_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_lab_orders_ordered_by FOREIGN KEY (ordered_by) REFERENCES users (id),
      CONSTRAINT fk_lab_orders_collected_by FOREIGN KEY (collected_by) REFERENCES users (id),
      CONSTRAINT fk_lab_orders_resulted_by FOREIGN KEY (resulted_by) REFERENCES users (id),
      CONSTRAINT fk_lab_orders_cancelled_by FOREIGN KEY (cancelled_by) REFERENCES users (id),
      CONSTRAINT fk_lab_orders_result_document FOREIGN KEY (result_document_id) REFERENCES patient_documents (id)
    ) ${TABLE}`);

    // One row per analyte; a value is numeric (with unit and reference range) or text ("negative").
    await q.query(`CREATE TABLE lab_results (
      id ${UUID} NOT NULL,
      lab_order_id ${UUID} NOT NULL,
      position SMALLINT UNSIGNED NOT NULL,
      analyte VARCHAR(120) NOT NULL,
      value_numeric DECIMAL(15,5) NULL,
      value_text VARCHAR(500) NULL,
      unit VARCHAR(32) NULL,
      reference_low DECIMAL(15,5) NULL,
      reference_high DECIMAL(15,5) NULL,
      flag ENUM('normal','low','high','critical') NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_lab_results_order_position (lab_order_id, position),
      CONSTRAINT fk_lab_results_lab_order FOREIGN KEY (lab_order_id) REFERENCES lab_orders (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE referrals (
      id ${UUID} NOT NULL,
      visit_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      type ENUM('internal','external','psychosocial') NOT NULL,
      urgency ENUM('routine','urgent','emergency') NOT NULL,
      to_facility VARCHAR(200) NOT NULL,
      specialty VARCHAR(120) NULL,
      reason VARCHAR(1000) NOT NULL,
      status ENUM(${REFERRAL_STATUSES}) NOT NULL DEFAULT 'pending',
      referred_by ${UUID} NOT NULL,
      referred_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      status_changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      ${UPDATED},
      PRIMARY KEY (id),
      KEY ix_referrals_visit (visit_id),
      KEY ix_referrals_patient_referred (patient_id, referred_at),
      KEY ix_referrals_status_referred (status, referred_at),
      CONSTRAINT fk_referrals_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_referrals_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_referrals_referred_by FOREIGN KEY (referred_by) REFERENCES users (id)
    ) ${TABLE}`);

    // Every status a referral has had, who set it and when (the first row is its creation).
    await q.query(`CREATE TABLE referral_status_changes (
      id ${UUID} NOT NULL,
      referral_id ${UUID} NOT NULL,
      from_status ENUM(${REFERRAL_STATUSES}) NULL,
      to_status ENUM(${REFERRAL_STATUSES}) NOT NULL,
      note VARCHAR(500) NULL,
      changed_by ${UUID} NOT NULL,
      changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      KEY ix_referral_status_changes_referral_changed (referral_id, changed_at),
      CONSTRAINT fk_referral_status_changes_referral FOREIGN KEY (referral_id) REFERENCES referrals (id),
      CONSTRAINT fk_referral_status_changes_changed_by FOREIGN KEY (changed_by) REFERENCES users (id)
    ) ${TABLE}`);

    // Free-text drugs until the Pharmacy issue brings the catalogue and dispensing.
    await q.query(`CREATE TABLE visit_prescription_items (
      id ${UUID} NOT NULL,
      visit_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      position SMALLINT UNSIGNED NOT NULL,
      drug_name VARCHAR(200) NOT NULL,
      strength VARCHAR(60) NULL,
      dose VARCHAR(60) NOT NULL,
      frequency VARCHAR(60) NOT NULL,
      duration_days SMALLINT UNSIGNED NULL,
      quantity INT UNSIGNED NULL,
      route ENUM('oral','sublingual','buccal','topical','transdermal','inhaled','intranasal','ophthalmic','otic','rectal','vaginal','subcutaneous','intramuscular','intravenous','other') NOT NULL,
      instructions VARCHAR(500) NULL,
      prescribed_by ${UUID} NOT NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_visit_prescription_items_visit_position (visit_id, position),
      KEY ix_visit_prescription_items_patient_created (patient_id, created_at),
      CONSTRAINT fk_visit_prescription_items_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_visit_prescription_items_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_visit_prescription_items_prescribed_by FOREIGN KEY (prescribed_by) REFERENCES users (id)
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'visit_prescription_items',
      'referral_status_changes',
      'referrals',
      'lab_results',
      'lab_orders',
      'visit_diagnoses',
      'visit_stage_records',
      'visits',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
