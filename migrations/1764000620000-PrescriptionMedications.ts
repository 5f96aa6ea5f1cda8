import { MigrationInterface, QueryRunner } from 'typeorm';

const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

// Each prescription item names the entry it added to the patient's current medications, so that
// cancelling the prescription stops that entry instead of leaving the patient "on" a drug they will
// not get. Items written before this migration have none (NULL): their entries are left as they are.
export class PrescriptionMedications1764000620000 implements MigrationInterface {
  name = 'PrescriptionMedications1764000620000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prescription_items
      ADD COLUMN patient_medication_id ${UUID} NULL AFTER course_end_date,
      ADD CONSTRAINT fk_prescription_items_patient_medication FOREIGN KEY (patient_medication_id) REFERENCES patient_medications (id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE prescription_items DROP FOREIGN KEY fk_prescription_items_patient_medication');
    await q.query('ALTER TABLE prescription_items DROP INDEX fk_prescription_items_patient_medication, DROP COLUMN patient_medication_id');
  }
}
