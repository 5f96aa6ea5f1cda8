import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const CREATED = 'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)';
const UPDATED = 'updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)';
const ROUTES = "'oral','sublingual','buccal','topical','transdermal','inhaled','intranasal','ophthalmic','otic','rectal','vaginal','subcutaneous','intramuscular','intravenous','other'";

/**
 * Pharmacy (seeds 001, 002, 003): prescriptions (from the Consultation or written directly), their
 * items against the drug catalogue, dispensings from a stock location with one line per batch taken
 * (batch, cost and the ledger movement), and the controlled-drug register (schedules 5 and 6). The
 * Clinical Workflow's free-text visit_prescription_items become prescriptions: one per visit, the
 * drug linked by generic name (and strength where the name is ambiguous); a row matching no drug
 * keeps drug_id NULL and its free text, and cannot be dispensed. Nothing is deleted: every foreign
 * key is RESTRICT.
 */
export class Prescriptions1764000610000 implements MigrationInterface {
  name = 'Prescriptions1764000610000';

  public async up(q: QueryRunner): Promise<void> {
    // visit_id: set when the prescription came from a Consultation, at most one per visit.
    // clinic_id gives the jurisdiction; prescribed_on is the clinics' calendar date.
    await q.query(`CREATE TABLE prescriptions (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      visit_id ${UUID} NULL,
      clinic_id ${UUID} NOT NULL,
      prescribed_by ${UUID} NOT NULL,
      prescribed_on DATE NOT NULL,
      status ENUM('active','partially_dispensed','dispensed','cancelled') NOT NULL DEFAULT 'active',
      notes VARCHAR(1000) NULL,
      cancelled_reason VARCHAR(500) NULL,
      cancelled_by ${UUID} NULL,
      cancelled_at DATETIME(3) NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_prescriptions_visit (visit_id),
      KEY ix_prescriptions_patient_created (patient_id, created_at),
      KEY ix_prescriptions_clinic_status_created (clinic_id, status, created_at),
      CONSTRAINT fk_prescriptions_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_prescriptions_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
      CONSTRAINT fk_prescriptions_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id),
      CONSTRAINT fk_prescriptions_prescribed_by FOREIGN KEY (prescribed_by) REFERENCES users (id),
      CONSTRAINT fk_prescriptions_cancelled_by FOREIGN KEY (cancelled_by) REFERENCES users (id)
    ) ${TABLE}`);

    // quantity is in the drug's dispensing unit; NULL only on rows migrated without one.
    // drug_name and strength are snapshots (what the prescriber saw). course_end_date: the last day
    // of the course (prescribed_on + duration_days - 1), for duplicate-therapy checks and expiry warnings.
    // safety_findings: JSON of the allergy and duplicate-therapy findings at prescribing.
    await q.query(`CREATE TABLE prescription_items (
      id ${UUID} NOT NULL,
      prescription_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      position SMALLINT UNSIGNED NOT NULL,
      drug_id ${UUID} NULL,
      drug_name VARCHAR(200) NOT NULL,
      strength VARCHAR(60) NULL,
      dose VARCHAR(60) NOT NULL,
      frequency VARCHAR(60) NOT NULL,
      duration_days SMALLINT UNSIGNED NULL,
      quantity INT UNSIGNED NULL,
      quantity_dispensed INT UNSIGNED NOT NULL DEFAULT 0,
      route ENUM(${ROUTES}) NOT NULL,
      instructions VARCHAR(500) NULL,
      safety_findings TEXT NULL,
      override_reason VARCHAR(500) NULL,
      course_end_date DATE NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_prescription_items_prescription_position (prescription_id, position),
      KEY ix_prescription_items_patient_course_end (patient_id, course_end_date),
      CONSTRAINT chk_prescription_items_dispensed CHECK (quantity IS NULL OR quantity_dispensed <= quantity),
      CONSTRAINT fk_prescription_items_prescription FOREIGN KEY (prescription_id) REFERENCES prescriptions (id),
      CONSTRAINT fk_prescription_items_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_prescription_items_drug FOREIGN KEY (drug_id) REFERENCES drugs (id)
    ) ${TABLE}`);

    // warnings: JSON of what the dispenser was told (batches expiring before the course ends).
    await q.query(`CREATE TABLE dispensings (
      id ${UUID} NOT NULL,
      prescription_id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      dispensed_by ${UUID} NOT NULL,
      dispensed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      override_reason VARCHAR(500) NULL,
      warnings TEXT NULL,
      PRIMARY KEY (id),
      KEY ix_dispensings_prescription_dispensed (prescription_id, dispensed_at),
      KEY ix_dispensings_location_dispensed (location_id, dispensed_at),
      CONSTRAINT fk_dispensings_prescription FOREIGN KEY (prescription_id) REFERENCES prescriptions (id),
      CONSTRAINT fk_dispensings_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_dispensings_dispensed_by FOREIGN KEY (dispensed_by) REFERENCES users (id)
    ) ${TABLE}`);

    // One line per batch taken: its cost (Analytics' cost per diagnosis) and the ledger movement.
    await q.query(`CREATE TABLE dispensing_lines (
      id ${UUID} NOT NULL,
      dispensing_id ${UUID} NOT NULL,
      prescription_item_id ${UUID} NOT NULL,
      drug_id ${UUID} NOT NULL,
      batch_id ${UUID} NOT NULL,
      quantity INT UNSIGNED NOT NULL,
      unit_cost DECIMAL(12,4) NOT NULL,
      line_cost DECIMAL(14,4) NOT NULL,
      movement_id ${UUID} NOT NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_dispensing_lines_movement (movement_id),
      KEY ix_dispensing_lines_dispensing (dispensing_id),
      KEY ix_dispensing_lines_prescription_item (prescription_item_id),
      CONSTRAINT fk_dispensing_lines_dispensing FOREIGN KEY (dispensing_id) REFERENCES dispensings (id),
      CONSTRAINT fk_dispensing_lines_prescription_item FOREIGN KEY (prescription_item_id) REFERENCES prescription_items (id),
      CONSTRAINT fk_dispensing_lines_drug FOREIGN KEY (drug_id) REFERENCES drugs (id),
      CONSTRAINT fk_dispensing_lines_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_dispensing_lines_movement FOREIGN KEY (movement_id) REFERENCES stock_movements (id)
    ) ${TABLE}`);

    // The legal register of schedule 5 and 6 drugs handed out: one row per dispensing line, with the
    // item's on-hand at the location after it. Append-only, like the stock ledger.
    await q.query(`CREATE TABLE controlled_drug_register (
      id ${UUID} NOT NULL,
      dispensing_line_id ${UUID} NOT NULL,
      drug_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      prescription_id ${UUID} NOT NULL,
      batch_id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      quantity INT UNSIGNED NOT NULL,
      balance_after INT UNSIGNED NOT NULL,
      prescribed_by ${UUID} NOT NULL,
      dispensed_by ${UUID} NOT NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_controlled_drug_register_line (dispensing_line_id),
      KEY ix_controlled_drug_register_location_created (location_id, created_at),
      KEY ix_controlled_drug_register_drug_created (drug_id, created_at),
      CONSTRAINT fk_controlled_drug_register_line FOREIGN KEY (dispensing_line_id) REFERENCES dispensing_lines (id),
      CONSTRAINT fk_controlled_drug_register_drug FOREIGN KEY (drug_id) REFERENCES drugs (id),
      CONSTRAINT fk_controlled_drug_register_patient FOREIGN KEY (patient_id) REFERENCES patients (id),
      CONSTRAINT fk_controlled_drug_register_prescription FOREIGN KEY (prescription_id) REFERENCES prescriptions (id),
      CONSTRAINT fk_controlled_drug_register_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_controlled_drug_register_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_controlled_drug_register_prescribed_by FOREIGN KEY (prescribed_by) REFERENCES users (id),
      CONSTRAINT fk_controlled_drug_register_dispensed_by FOREIGN KEY (dispensed_by) REFERENCES users (id)
    ) ${TABLE}`);
    await q.query(`CREATE TRIGGER controlled_drug_register_no_update BEFORE UPDATE ON controlled_drug_register FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'controlled_drug_register is append-only: UPDATE is not allowed'`);
    await q.query(`CREATE TRIGGER controlled_drug_register_no_delete BEFORE DELETE ON controlled_drug_register FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'controlled_drug_register is append-only: DELETE is not allowed'`);

    await this.moveVisitItemsToPrescriptions(q);
    await q.query('DROP TABLE visit_prescription_items');
  }

  /**
   * One prescription per visit that has items: its clinic from the visit, prescribed by whoever wrote
   * the first item, on the clinics' (SAST, UTC+2) date of the first item. Items keep their ids.
   */
  private async moveVisitItemsToPrescriptions(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO prescriptions (id, patient_id, visit_id, clinic_id, prescribed_by, prescribed_on, status, created_at, updated_at)
      SELECT UUID(), v.patient_id, v.id, v.clinic_id,
             (SELECT f.prescribed_by FROM visit_prescription_items f WHERE f.visit_id = v.id ORDER BY f.position LIMIT 1),
             DATE(MIN(i.created_at) + INTERVAL 2 HOUR), 'active', MIN(i.created_at), MIN(i.created_at)
        FROM visits v JOIN visit_prescription_items i ON i.visit_id = v.id
       GROUP BY v.id, v.patient_id, v.clinic_id`);
    // The drug: the one whose generic name matches (case-insensitively); when several do, the one
    // whose strength also matches (ignoring case and spaces); otherwise none.
    const name = 'LOWER(TRIM(d.generic_name)) = LOWER(TRIM(i.drug_name))';
    const strength = "REPLACE(LOWER(d.strength), ' ', '') = REPLACE(LOWER(i.strength), ' ', '')";
    await q.query(`INSERT INTO prescription_items (id, prescription_id, patient_id, position, drug_id, drug_name, strength, dose, frequency,
        duration_days, quantity, quantity_dispensed, route, instructions, course_end_date, created_at)
      SELECT i.id, p.id, i.patient_id, i.position,
             COALESCE(
               (SELECT MIN(d.id) FROM drugs d WHERE ${name} HAVING COUNT(*) = 1),
               (SELECT MIN(d.id) FROM drugs d WHERE ${name} AND ${strength} HAVING COUNT(*) = 1)
             ),
             i.drug_name, i.strength, i.dose, i.frequency, i.duration_days, i.quantity, 0, i.route, i.instructions,
             IF(i.duration_days IS NULL, NULL, p.prescribed_on + INTERVAL (CAST(i.duration_days AS SIGNED) - 1) DAY), i.created_at
        FROM visit_prescription_items i JOIN prescriptions p ON p.visit_id = i.visit_id`);
  }

  public async down(q: QueryRunner): Promise<void> {
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
      route ENUM(${ROUTES}) NOT NULL,
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
    // Items of prescriptions from a visit go back to the visit; prescriptions written outside a
    // visit, dispensings and the register have no place in the older schema and are dropped.
    await q.query(`INSERT INTO visit_prescription_items (id, visit_id, patient_id, position, drug_name, strength, dose, frequency, duration_days,
        quantity, route, instructions, prescribed_by, created_at)
      SELECT i.id, p.visit_id, i.patient_id, i.position, i.drug_name, i.strength, i.dose, i.frequency, i.duration_days,
             i.quantity, i.route, i.instructions, p.prescribed_by, i.created_at
        FROM prescription_items i JOIN prescriptions p ON p.id = i.prescription_id
       WHERE p.visit_id IS NOT NULL`);
    for (const table of ['controlled_drug_register', 'dispensing_lines', 'dispensings', 'prescription_items', 'prescriptions']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
