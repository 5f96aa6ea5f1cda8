import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';
const ALERT_KINDS = "'low_stock','expiring','expired_on_hand','warranty_expiring','maintenance_due'";

/**
 * Stock and asset alerts (seed 002) and the ledger of scheduled job runs. A run is unique per job and
 * period, so a second run of the same night is a no-op unless forced. An alert is unique per kind and
 * subject while open: open_slot is 1 while it is open or acknowledged and NULL once resolved (NULLs
 * never collide), so the nightly job upserts instead of duplicating. Nothing is deleted: RESTRICT.
 */
export class StockAlerts1764000520000 implements MigrationInterface {
  name = 'StockAlerts1764000520000';

  public async up(q: QueryRunner): Promise<void> {
    // counts: JSON {raised, updated, resolved, notified}; error: a message without patient data.
    await q.query(`CREATE TABLE job_runs (
      id ${UUID} NOT NULL,
      job VARCHAR(60) NOT NULL,
      period VARCHAR(40) NOT NULL,
      status ENUM('running','succeeded','failed') NOT NULL,
      triggered_by ENUM('schedule','api','cli') NOT NULL,
      requested_by ${UUID} NULL,
      started_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL,
      counts TEXT NULL,
      error VARCHAR(1000) NULL,
      attempts INT UNSIGNED NOT NULL DEFAULT 1,
      PRIMARY KEY (id),
      UNIQUE KEY uq_job_runs_job_period (job, period),
      KEY ix_job_runs_started (started_at),
      CONSTRAINT fk_job_runs_requested_by FOREIGN KEY (requested_by) REFERENCES users (id)
    ) ${TABLE}`);

    // subject_key: '<itemId>:<locationId>' (low_stock), '<batchId>:<locationId>' (expiring, expired_on_hand),
    // '<assetId>' (warranty_expiring), '<scheduleId>' (maintenance_due). clinic_id is the location's, for scope.
    // ix_stock_alerts_open_seen: resolving what this run did not see; ix_stock_alerts_notify: mail still owed;
    // ix_stock_alerts_clinic_status: the list, scoped by clinic.
    await q.query(`CREATE TABLE stock_alerts (
      id ${UUID} NOT NULL,
      kind ENUM(${ALERT_KINDS}) NOT NULL,
      subject_key VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      open_slot TINYINT NULL,
      item_id ${UUID} NULL,
      batch_id ${UUID} NULL,
      location_id ${UUID} NULL,
      asset_id ${UUID} NULL,
      schedule_id ${UUID} NULL,
      clinic_id ${UUID} NOT NULL,
      status ENUM('open','acknowledged','resolved') NOT NULL DEFAULT 'open',
      window_days SMALLINT NULL,
      quantity INT NULL,
      threshold INT NULL,
      due_date DATE NULL,
      first_raised_at DATETIME(3) NOT NULL,
      last_seen_at DATETIME(3) NOT NULL,
      raised_run_id ${UUID} NOT NULL,
      last_run_id ${UUID} NOT NULL,
      notified_at DATETIME(3) NULL,
      acknowledged_by ${UUID} NULL,
      acknowledged_at DATETIME(3) NULL,
      resolved_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      UNIQUE KEY uq_stock_alerts_open_subject (kind, subject_key, open_slot),
      KEY ix_stock_alerts_open_seen (open_slot, kind, last_seen_at),
      KEY ix_stock_alerts_notify (status, notified_at, id),
      KEY ix_stock_alerts_clinic_status (clinic_id, status, first_raised_at),
      CONSTRAINT fk_stock_alerts_item FOREIGN KEY (item_id) REFERENCES inventory_items (id),
      CONSTRAINT fk_stock_alerts_batch FOREIGN KEY (batch_id) REFERENCES stock_batches (id),
      CONSTRAINT fk_stock_alerts_location FOREIGN KEY (location_id) REFERENCES stock_locations (id),
      CONSTRAINT fk_stock_alerts_asset FOREIGN KEY (asset_id) REFERENCES assets (id),
      CONSTRAINT fk_stock_alerts_schedule FOREIGN KEY (schedule_id) REFERENCES asset_maintenance_schedules (id),
      CONSTRAINT fk_stock_alerts_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id),
      CONSTRAINT fk_stock_alerts_raised_run FOREIGN KEY (raised_run_id) REFERENCES job_runs (id),
      CONSTRAINT fk_stock_alerts_last_run FOREIGN KEY (last_run_id) REFERENCES job_runs (id),
      CONSTRAINT fk_stock_alerts_acknowledged_by FOREIGN KEY (acknowledged_by) REFERENCES users (id)
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stock_alerts');
    await q.query('DROP TABLE job_runs');
  }
}
