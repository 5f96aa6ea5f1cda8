import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const CREATED = 'created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)';
const UPDATED = 'updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)';

/**
 * Assets (seed 002): the equipment register (kept at a stock location, so its clinic gives the
 * jurisdiction), planned maintenance and the log of maintenance done. Assets are retired, never
 * deleted, so every foreign key is RESTRICT.
 */
export class Assets1764000510000 implements MigrationInterface {
  name = 'Assets1764000510000';

  public async up(q: QueryRunner): Promise<void> {
    // (status, warranty_expiry) serves the warranty-expiring list and the nightly alert job.
    await q.query(`CREATE TABLE assets (
      id ${UUID} NOT NULL,
      asset_tag VARCHAR(40) NOT NULL,
      name VARCHAR(200) NOT NULL,
      category VARCHAR(80) NOT NULL,
      manufacturer VARCHAR(120) NULL,
      model VARCHAR(120) NULL,
      serial_number VARCHAR(80) NULL,
      purchase_date DATE NULL,
      purchase_cost DECIMAL(12,2) NULL,
      supplier_id ${UUID} NULL,
      warranty_expiry DATE NULL,
      location_id ${UUID} NOT NULL,
      status ENUM('in_service','under_maintenance','retired') NOT NULL DEFAULT 'in_service',
      retired_on DATE NULL,
      retirement_reason VARCHAR(500) NULL,
      notes VARCHAR(1000) NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      UNIQUE KEY uq_assets_asset_tag (asset_tag),
      UNIQUE KEY uq_assets_serial_number (serial_number),
      KEY ix_assets_status_warranty (status, warranty_expiry),
      CONSTRAINT fk_assets_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
      CONSTRAINT fk_assets_location FOREIGN KEY (location_id) REFERENCES stock_locations (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE asset_maintenance_schedules (
      id ${UUID} NOT NULL,
      asset_id ${UUID} NOT NULL,
      task VARCHAR(200) NOT NULL,
      interval_days SMALLINT UNSIGNED NOT NULL,
      next_due_date DATE NOT NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      ${CREATED},
      ${UPDATED},
      PRIMARY KEY (id),
      KEY ix_asset_maintenance_schedules_due (is_active, next_due_date),
      CONSTRAINT fk_asset_maintenance_schedules_asset FOREIGN KEY (asset_id) REFERENCES assets (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE asset_maintenance_log (
      id ${UUID} NOT NULL,
      asset_id ${UUID} NOT NULL,
      schedule_id ${UUID} NULL,
      kind ENUM('preventive','corrective','calibration','inspection') NOT NULL,
      performed_on DATE NOT NULL,
      performed_by ${UUID} NOT NULL,
      vendor VARCHAR(160) NULL,
      cost DECIMAL(12,2) NULL,
      notes VARCHAR(1000) NULL,
      ${CREATED},
      PRIMARY KEY (id),
      KEY ix_asset_maintenance_log_asset_performed (asset_id, performed_on),
      CONSTRAINT fk_asset_maintenance_log_asset FOREIGN KEY (asset_id) REFERENCES assets (id),
      CONSTRAINT fk_asset_maintenance_log_schedule FOREIGN KEY (schedule_id) REFERENCES asset_maintenance_schedules (id),
      CONSTRAINT fk_asset_maintenance_log_performed_by FOREIGN KEY (performed_by) REFERENCES users (id)
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE asset_maintenance_log');
    await q.query('DROP TABLE asset_maintenance_schedules');
    await q.query('DROP TABLE assets');
  }
}
