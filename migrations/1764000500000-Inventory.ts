import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const CREATED = 'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)';
const UPDATED = 'updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)';
const MOVEMENT_KINDS = "'receipt','issue','dispense','transfer_out','transfer_in','adjustment','write_off','stock_take','reversal'";

/**
 * Inventory (seed 002): the item, supplier and stock-location catalogues, batches (item + lot with its
 * expiry and cost), the append-only stock ledger and the on-hand balance per batch and location that
 * every movement updates in the same transaction. Nothing is deleted, so every foreign key is RESTRICT.
 */
export class Inventory1764000500000 implements MigrationInterface {
  name = 'Inventory1764000500000';

  public async up(q: QueryRunner): Promise<void> {
    // unit: what stock is counted in ('tablet', 'capsule', 'ml', 'vial', 'each', 'box').
    await q.query(`CREATE TABLE inventory_items (
      id ${UUID} NOT NULL,
      code VARCHAR(40) NOT NULL,
      name VARCHAR(200) NOT NULL,
      kind ENUM('medicine','consumable') NOT NULL,
      category VARCHAR(80) NOT NULL,
      unit VARCHAR(30) NOT NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_inventory_items_code (code),
      KEY ix_inventory_items_name (name)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE suppliers (
      id ${UUID} NOT NULL,
      name VARCHAR(160) NOT NULL,
      contact_name VARCHAR(120) NULL,
      phone VARCHAR(30) NULL,
      email VARCHAR(254) NULL,
      address VARCHAR(300) NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_suppliers_name (name)
    ) ${TABLE}`);

    // A place stock is kept: a clinic's store or a mobile unit; its clinic gives the jurisdiction.
    await q.query(`CREATE TABLE stock_locations (
      id ${UUID} NOT NULL,
      code VARCHAR(32) NOT NULL,
      name VARCHAR(160) NOT NULL,
      kind ENUM('clinic_store','mobile_unit') NOT NULL,
      clinic_id ${UUID} NOT NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_stock_locations_code (code),
      CONSTRAINT fk_stock_locations_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE stock_levels (
      item_id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      reorder_level INT UNSIGNED NOT NULL DEFAULT 0,
      reorder_quantity INT UNSIGNED NOT NULL DEFAULT 0,
      ${UPDATED},
      PRIMARY KEY (item_id, location_id),
      CONSTRAINT fk_stock_levels_item FOREIGN KEY (item_id) REFERENCES inventory_items (id),
      CONSTRAINT fk_stock_levels_location FOREIGN KEY (location_id) REFERENCES stock_locations (id)
    ) ${TABLE}`);

    // unit_cost: cost per counted unit at the batch's first receipt.
    await q.query(`CREATE TABLE stock_batches (
      id ${UUID} NOT NULL,
      item_id ${UUID} NOT NULL,
      lot_number VARCHAR(60) NOT NULL,
      expiry_date DATE NOT NULL,
      unit_cost DECIMAL(12,4) NOT NULL,
      supplier_id ${UUID} NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_stock_batches_item_lot (item_id, lot_number),
      CONSTRAINT fk_stock_batches_item FOREIGN KEY (item_id) REFERENCES inventory_items (id),
      CONSTRAINT fk_stock_batches_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
    ) ${TABLE}`);

    // The balance of each batch at each location, always equal to the sum of its ledger movements.
    // item_id and expiry_date are copied from the batch so FEFO picking is one index range scan.
    await q.query(`CREATE TABLE stock_on_hand (
      batch_id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      item_id ${UUID} NOT NULL,
      expiry_date DATE NOT NULL,
      quantity INT UNSIGNED NOT NULL DEFAULT 0,
      ${UPDATED},
      PRIMARY KEY (batch_id, location_id),
      KEY ix_stock_on_hand_fefo (item_id, location_id, expiry_date),
      KEY ix_stock_on_hand_location_expiry (location_id, expiry_date),
      CONSTRAINT chk_stock_on_hand_quantity CHECK (quantity >= 0),
      CONSTRAINT fk_stock_on_hand_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_stock_on_hand_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_stock_on_hand_item FOREIGN KEY (item_id) REFERENCES inventory_items (id)
    ) ${TABLE}`);

    // The append-only ledger: quantity is the signed change; the legs of one operation share
    // transaction_id; a reversal names the movement it reverses, at most once (unique).
    await q.query(`CREATE TABLE stock_movements (
      id ${UUID} NOT NULL,
      transaction_id ${UUID} NOT NULL,
      kind ENUM(${MOVEMENT_KINDS}) NOT NULL,
      item_id ${UUID} NOT NULL,
      batch_id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      quantity INT NOT NULL,
      unit_cost DECIMAL(12,4) NOT NULL,
      reason VARCHAR(500) NULL,
      write_off_reason ENUM('expired','damaged','lost') NULL,
      reverses_movement_id ${UUID} NULL,
      reference_type VARCHAR(40) NULL,
      reference_id ${UUID} NULL,
      performed_by ${UUID} NOT NULL,
      ${CREATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_stock_movements_reverses (reverses_movement_id),
      KEY ix_stock_movements_transaction (transaction_id),
      KEY ix_stock_movements_batch_location (batch_id, location_id, quantity),
      KEY ix_stock_movements_location_created (location_id, created_at),
      KEY ix_stock_movements_item_created (item_id, created_at),
      KEY ix_stock_movements_reference (reference_type, reference_id),
      KEY ix_stock_movements_created (created_at),
      CONSTRAINT fk_stock_movements_item FOREIGN KEY (item_id) REFERENCES inventory_items (id),
      CONSTRAINT fk_stock_movements_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_stock_movements_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_stock_movements_reverses FOREIGN KEY (reverses_movement_id) REFERENCES stock_movements (id),
      CONSTRAINT fk_stock_movements_performed_by FOREIGN KEY (performed_by) REFERENCES users (id)
    ) ${TABLE}`);
    await q.query(`CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'stock_movements is append-only: UPDATE is not allowed'`);
    await q.query(`CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'stock_movements is append-only: DELETE is not allowed'`);

    await q.query(`CREATE TABLE stock_takes (
      id ${UUID} NOT NULL,
      location_id ${UUID} NOT NULL,
      counted_by ${UUID} NOT NULL,
      counted_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      note VARCHAR(1000) NULL,
      PRIMARY KEY (id),
      KEY ix_stock_takes_location_counted (location_id, counted_at),
      CONSTRAINT fk_stock_takes_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_stock_takes_counted_by FOREIGN KEY (counted_by) REFERENCES users (id)
    ) ${TABLE}`);

    // movement_id: the correcting 'stock_take' movement, NULL when the count matched.
    await q.query(`CREATE TABLE stock_take_lines (
      stock_take_id ${UUID} NOT NULL,
      batch_id ${UUID} NOT NULL,
      system_quantity INT UNSIGNED NOT NULL,
      counted_quantity INT UNSIGNED NOT NULL,
      movement_id ${UUID} NULL,
      PRIMARY KEY (stock_take_id, batch_id),
      CONSTRAINT fk_stock_take_lines_stock_take FOREIGN KEY (stock_take_id) REFERENCES stock_takes (id),
      CONSTRAINT fk_stock_take_lines_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_stock_take_lines_movement FOREIGN KEY (movement_id) REFERENCES stock_movements (id)
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER stock_movements_no_delete');
    await q.query('DROP TRIGGER stock_movements_no_update');
    for (const table of [
      'stock_take_lines',
      'stock_takes',
      'stock_movements',
      'stock_on_hand',
      'stock_batches',
      'stock_levels',
      'stock_locations',
      'suppliers',
      'inventory_items',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
