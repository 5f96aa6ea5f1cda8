import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
// A migration may import this data file only because it is frozen: it never changes after landing.
import { ESSENTIAL_MEDICINES_2026 } from './data/essential-medicines-2026';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
// Spelt out rather than imported from src/, so that this migration never changes.
const DOSAGE_FORMS =
  "'tablet','capsule','syrup','suspension','solution','injection','cream','ointment','gel','lotion','drops','inhaler','nebuliser_solution','powder','suppository','pessary','patch','implant','other'";
const ROUTES =
  "'oral','sublingual','buccal','topical','transdermal','inhaled','intranasal','ophthalmic','otic','rectal','vaginal','subcutaneous','intramuscular','intravenous','other'";
const SCHEDULES = "'S0','S1','S2','S3','S4','S5','S6','S7','S8'";
const BATCH = 50;

/**
 * The drug catalogue (seed 002's drug database): every drug is stocked as the medicine inventory
 * item with the same code, counted in its dispensing unit. Seeds the South African primary-care
 * essential medicines so a fresh install can prescribe; NAPPI codes and brands stay NULL (a NAPPI
 * code belongs to one supplier's product and pack and is entered per product, never invented).
 */
export class DrugCatalogue1764000600000 implements MigrationInterface {
  name = 'DrugCatalogue1764000600000';

  public async up(q: QueryRunner): Promise<void> {
    // schedule: South African schedule S0-S8; S5 and S6 need the controlled-drug register.
    // drug_class: lower-case class that recorded allergies are matched on ('penicillins', 'nsaids').
    await q.query(`CREATE TABLE drugs (
      id ${UUID} NOT NULL,
      code VARCHAR(40) NOT NULL,
      generic_name VARCHAR(160) NOT NULL,
      brand_name VARCHAR(160) NULL,
      strength VARCHAR(60) NOT NULL,
      dosage_form ENUM(${DOSAGE_FORMS}) NOT NULL,
      route ENUM(${ROUTES}) NOT NULL,
      pack_size INT UNSIGNED NOT NULL,
      dispensing_unit VARCHAR(30) NOT NULL,
      nappi_code VARCHAR(13) NULL,
      schedule ENUM(${SCHEDULES}) NOT NULL,
      atc_code VARCHAR(7) NOT NULL,
      drug_class VARCHAR(80) NOT NULL,
      inventory_item_id ${UUID} NOT NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_drugs_code (code),
      UNIQUE KEY uq_drugs_inventory_item (inventory_item_id),
      KEY ix_drugs_generic_name (generic_name),
      KEY ix_drugs_atc_code (atc_code),
      KEY ix_drugs_drug_class (drug_class),
      FULLTEXT KEY ft_drugs_names (generic_name, brand_name),
      CONSTRAINT fk_drugs_inventory_item FOREIGN KEY (inventory_item_id) REFERENCES inventory_items (id) ON DELETE RESTRICT ON UPDATE RESTRICT
    ) ${TABLE}`);

    for (let i = 0; i < ESSENTIAL_MEDICINES_2026.length; i += BATCH) {
      const batch = ESSENTIAL_MEDICINES_2026.slice(i, i + BATCH).map((row) => ({ row, itemId: randomUUID(), drugId: randomUUID() }));
      await q.query(
        `INSERT INTO inventory_items (id, code, name, kind, category, unit) VALUES ${batch.map(() => "(?, ?, ?, 'medicine', ?, ?)").join(', ')}`,
        batch.flatMap(({ row: [code, generic, strength, form, , , unit, , , , category], itemId }) => [
          itemId,
          code,
          `${generic} ${strength} ${form.replace(/_/g, ' ')}`,
          category,
          unit,
        ]),
      );
      await q.query(
        `INSERT INTO drugs (id, code, generic_name, brand_name, strength, dosage_form, route, pack_size, dispensing_unit, nappi_code, schedule, atc_code, drug_class, inventory_item_id)
         VALUES ${batch.map(() => '(?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)').join(', ')}`,
        batch.flatMap(({ row: [code, generic, strength, form, route, packSize, unit, schedule, atc, drugClass], itemId, drugId }) => [
          drugId,
          code,
          generic,
          strength,
          form,
          route,
          packSize,
          unit,
          schedule,
          atc,
          drugClass,
          itemId,
        ]),
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE drugs');
    // Fails (foreign keys) once stock of these medicines has been received: the ledger is never rewritten.
    const codes = ESSENTIAL_MEDICINES_2026.map(([code]) => code);
    await q.query(`DELETE FROM inventory_items WHERE kind = 'medicine' AND code IN (${codes.map(() => '?').join(', ')})`, codes);
  }
}
