import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JurisdictionScope } from '../../common/auth/auth-user';
import type { ScopeCondition } from '../../common/auth/jurisdiction';
import { addDays } from '../stock-rules';
import {
  EXPIRY_HORIZON_DAYS,
  MAINTENANCE_HORIZON_DAYS,
  STOCK_ALERT_KINDS,
  type StockAlertKind,
  type StockAlertStatus,
  WARRANTY_HORIZON_DAYS,
} from './alert-rules';

/** An alert with the names of what it is about, as the list and the e-mails show it. */
export interface StockAlertRow {
  id: string;
  kind: StockAlertKind;
  status: StockAlertStatus;
  clinic_id: string;
  district_id: string;
  province_id: string;
  item_id: string | null;
  item_code: string | null;
  item_name: string | null;
  unit: string | null;
  batch_id: string | null;
  lot_number: string | null;
  expiry_date: string | null;
  location_id: string | null;
  location_code: string | null;
  location_name: string | null;
  asset_id: string | null;
  asset_tag: string | null;
  asset_name: string | null;
  schedule_id: string | null;
  task: string | null;
  window_days: number | null;
  quantity: number | null;
  threshold: number | null;
  due_date: string | null;
  first_raised_at: Date;
  last_seen_at: Date;
  notified_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

export interface InventoryManagerRow {
  email: string;
  scope: JurisdictionScope;
}

const ROW_SELECT = `SELECT a.id, a.kind, a.status, a.clinic_id, c.district_id, c.province_id,
    a.item_id, i.code AS item_code, i.name AS item_name, i.unit,
    a.batch_id, b.lot_number, DATE_FORMAT(b.expiry_date, '%Y-%m-%d') AS expiry_date,
    a.location_id, sl.code AS location_code, sl.name AS location_name,
    a.asset_id, ast.asset_tag, ast.name AS asset_name, a.schedule_id, ms.task,
    a.window_days, a.quantity, a.threshold, DATE_FORMAT(a.due_date, '%Y-%m-%d') AS due_date,
    a.first_raised_at, a.last_seen_at, a.notified_at, a.acknowledged_by, a.acknowledged_at, a.resolved_at
  FROM stock_alerts a
  JOIN clinics c ON c.id = a.clinic_id
  LEFT JOIN inventory_items i ON i.id = a.item_id
  LEFT JOIN stock_batches b ON b.id = a.batch_id
  LEFT JOIN stock_locations sl ON sl.id = a.location_id
  LEFT JOIN assets ast ON ast.id = a.asset_id
  LEFT JOIN asset_maintenance_schedules ms ON ms.id = a.schedule_id`;

/** `:name` placeholders of a scope condition as positional `?` with their values. */
function positional(condition: ScopeCondition): { sql: string; params: string[] } {
  const params: string[] = [];
  const sql = condition.sql.replace(/:(\w+)/g, (_, name: string) => {
    params.push(condition.params[name]);
    return '?';
  });
  return { sql, params };
}

const KIND_LIST = STOCK_ALERT_KINDS.map((k) => `'${k}'`).join(',');

/**
 * The only place that touches stock_alerts. The job's statements are set-based INSERT ... SELECT ...
 * ON DUPLICATE KEY UPDATE over the inventory and asset tables, run on the job's own connection.
 */
@Injectable()
export class StockAlertRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // --- reads and acknowledgement (API) ---------------------------------------------------------

  async list(
    visible: ScopeCondition,
    filter: { statuses: StockAlertStatus[]; kind?: StockAlertKind; locationId?: string; offset: number; limit: number },
  ): Promise<[StockAlertRow[], number]> {
    const scope = positional(visible);
    const where = [scope.sql, `a.status IN (${filter.statuses.map(() => '?').join(',')})`];
    const params: unknown[] = [...scope.params, ...filter.statuses];
    if (filter.kind) {
      where.push('a.kind = ?');
      params.push(filter.kind);
    }
    if (filter.locationId) {
      where.push('a.location_id = ?');
      params.push(filter.locationId);
    }
    const clause = where.join(' AND ');
    const [{ total }] = (await this.dataSource.query(`SELECT COUNT(*) AS total FROM stock_alerts a JOIN clinics c ON c.id = a.clinic_id WHERE ${clause}`, params)) as {
      total: string | number;
    }[];
    const rows = (await this.dataSource.query(`${ROW_SELECT} WHERE ${clause} ORDER BY a.first_raised_at DESC, a.id DESC LIMIT ? OFFSET ?`, [
      ...params,
      filter.limit,
      filter.offset,
    ])) as StockAlertRow[];
    return [rows, Number(total)];
  }

  async findVisible(visible: ScopeCondition, id: string, manager?: EntityManager): Promise<StockAlertRow | null> {
    const scope = positional(visible);
    const rows = (await (manager ?? this.dataSource.manager).query(`${ROW_SELECT} WHERE a.id = ? AND ${scope.sql}`, [id, ...scope.params])) as StockAlertRow[];
    return rows[0] ?? null;
  }

  /** Open → acknowledged only from open: false when it was not open any more. */
  async acknowledge(manager: EntityManager, id: string, userId: string): Promise<boolean> {
    const result = (await manager.query(
      "UPDATE stock_alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = NOW(3) WHERE id = ? AND status = 'open'",
      [userId, id],
    )) as { affectedRows: number };
    return result.affectedRows === 1;
  }

  // --- the nightly job (run on the job's dedicated connection) ---------------------------------

  /**
   * Raises or refreshes every alert whose condition holds today, one statement per kind. Existing
   * open/acknowledged alerts keep their status, first_raised_at and raised_run_id. Returns how many
   * expiring alerts moved to a narrower window (re-notified unless acknowledged).
   */
  async upsertAll(db: EntityManager, runId: string, today: string): Promise<{ narrowed: number }> {
    const in30 = addDays(today, 30);
    const in60 = addDays(today, 60);
    const in90 = addDays(today, EXPIRY_HORIZON_DAYS);
    const band = `CASE WHEN oh.expiry_date <= ? THEN 30 WHEN oh.expiry_date <= ? THEN 60 ELSE 90 END`;
    const seen = 'last_seen_at = VALUES(last_seen_at), last_run_id = VALUES(last_run_id)';

    // Low stock: usable on-hand (expiry after today) at or below the reorder level, zero stock included.
    // A reorder level of 0 means none is set. The FEFO index makes each sum one short range scan; a
    // location-wide index would scan every batch at the location once per item.
    await this.readCommitted(
      db,
      `INSERT INTO stock_alerts (id, kind, subject_key, open_slot, item_id, location_id, clinic_id, status, quantity, threshold,
          first_raised_at, last_seen_at, raised_run_id, last_run_id)
       SELECT UUID(), 'low_stock', CONCAT(x.item_id, ':', x.location_id), 1, x.item_id, x.location_id, x.clinic_id, 'open',
          x.on_hand, x.reorder_level, NOW(3), NOW(3), ?, ?
       FROM (
         SELECT l.item_id, l.location_id, sl.clinic_id, l.reorder_level,
           (SELECT COALESCE(SUM(oh.quantity), 0) FROM stock_on_hand oh FORCE INDEX (ix_stock_on_hand_fefo)
             WHERE oh.item_id = l.item_id AND oh.location_id = l.location_id AND oh.expiry_date > ?) AS on_hand
         FROM stock_levels l
         JOIN stock_locations sl ON sl.id = l.location_id AND sl.is_active = 1
         JOIN inventory_items i ON i.id = l.item_id AND i.is_active = 1
         WHERE l.reorder_level > 0
         HAVING on_hand <= reorder_level
       ) x
       ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), threshold = VALUES(threshold), clinic_id = VALUES(clinic_id), ${seen}`,
      [runId, runId, today],
    );

    // Expiring: narrow the window of open ones first (and owe a new e-mail unless acknowledged).
    const narrowed = await this.readCommitted(
      db,
      `UPDATE stock_alerts a
       JOIN stock_on_hand oh ON oh.batch_id = a.batch_id AND oh.location_id = a.location_id
       SET a.notified_at = IF(a.status = 'open', NULL, a.notified_at), a.window_days = ${band}
       WHERE a.open_slot = 1 AND a.kind = 'expiring' AND oh.quantity > 0 AND oh.expiry_date > ? AND oh.expiry_date <= ?
         AND ${band} < a.window_days`,
      [in30, in60, today, in90, in30, in60],
    );
    await this.readCommitted(
      db,
      `INSERT INTO stock_alerts (id, kind, subject_key, open_slot, item_id, batch_id, location_id, clinic_id, status, window_days,
          quantity, due_date, first_raised_at, last_seen_at, raised_run_id, last_run_id)
       SELECT UUID(), 'expiring', CONCAT(oh.batch_id, ':', oh.location_id), 1, oh.item_id, oh.batch_id, oh.location_id, sl.clinic_id, 'open',
          ${band}, oh.quantity, oh.expiry_date, NOW(3), NOW(3), ?, ?
       FROM stock_on_hand oh
       JOIN stock_locations sl ON sl.id = oh.location_id
       WHERE oh.quantity > 0 AND oh.expiry_date > ? AND oh.expiry_date <= ?
       ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), window_days = VALUES(window_days), due_date = VALUES(due_date), ${seen}`,
      [in30, in60, runId, runId, today, in90],
    );

    // Expired stock still on hand (on its expiry date a batch is expired).
    await this.readCommitted(
      db,
      `INSERT INTO stock_alerts (id, kind, subject_key, open_slot, item_id, batch_id, location_id, clinic_id, status,
          quantity, due_date, first_raised_at, last_seen_at, raised_run_id, last_run_id)
       SELECT UUID(), 'expired_on_hand', CONCAT(oh.batch_id, ':', oh.location_id), 1, oh.item_id, oh.batch_id, oh.location_id, sl.clinic_id, 'open',
          oh.quantity, oh.expiry_date, NOW(3), NOW(3), ?, ?
       FROM stock_on_hand oh
       JOIN stock_locations sl ON sl.id = oh.location_id
       WHERE oh.quantity > 0 AND oh.expiry_date <= ?
       ON DUPLICATE KEY UPDATE quantity = VALUES(quantity), ${seen}`,
      [runId, runId, today],
    );

    // Warranties ending within 30 days, of equipment still in use.
    await this.readCommitted(
      db,
      `INSERT INTO stock_alerts (id, kind, subject_key, open_slot, asset_id, location_id, clinic_id, status, due_date,
          first_raised_at, last_seen_at, raised_run_id, last_run_id)
       SELECT UUID(), 'warranty_expiring', a.id, 1, a.id, a.location_id, sl.clinic_id, 'open', a.warranty_expiry, NOW(3), NOW(3), ?, ?
       FROM assets a
       JOIN stock_locations sl ON sl.id = a.location_id
       WHERE a.status IN ('in_service','under_maintenance') AND a.warranty_expiry >= ? AND a.warranty_expiry <= ?
       ON DUPLICATE KEY UPDATE due_date = VALUES(due_date), location_id = VALUES(location_id), clinic_id = VALUES(clinic_id), ${seen}`,
      [runId, runId, today, addDays(today, WARRANTY_HORIZON_DAYS)],
    );

    // Maintenance due within 7 days (or overdue), on active schedules of equipment still in use.
    await this.readCommitted(
      db,
      `INSERT INTO stock_alerts (id, kind, subject_key, open_slot, asset_id, schedule_id, location_id, clinic_id, status, due_date,
          first_raised_at, last_seen_at, raised_run_id, last_run_id)
       SELECT UUID(), 'maintenance_due', s.id, 1, s.asset_id, s.id, a.location_id, sl.clinic_id, 'open', s.next_due_date, NOW(3), NOW(3), ?, ?
       FROM asset_maintenance_schedules s
       JOIN assets a ON a.id = s.asset_id AND a.status IN ('in_service','under_maintenance')
       JOIN stock_locations sl ON sl.id = a.location_id
       WHERE s.is_active = 1 AND s.next_due_date <= ?
       ON DUPLICATE KEY UPDATE due_date = VALUES(due_date), location_id = VALUES(location_id), clinic_id = VALUES(clinic_id), ${seen}`,
      [runId, runId, addDays(today, MAINTENANCE_HORIZON_DAYS)],
    );
    return { narrowed };
  }

  /**
   * Resolves every open or acknowledged alert this attempt did not see. A forced re-run keeps its run
   * id, so "not seen" is also "last seen before this attempt started".
   */
  async resolveUnseen(db: EntityManager, runId: string, attemptStartedAt: Date): Promise<number> {
    return this.readCommitted(
      db,
      `UPDATE stock_alerts SET status = 'resolved', open_slot = NULL, resolved_at = NOW(3)
       WHERE open_slot = 1 AND kind IN (${KIND_LIST}) AND (last_run_id <> ? OR last_seen_at < ?)`,
      [runId, attemptStartedAt],
    );
  }

  async countRaised(db: EntityManager, runId: string, attemptStartedAt: Date): Promise<number> {
    const [row] = (await db.query('SELECT COUNT(*) AS n FROM stock_alerts WHERE raised_run_id = ? AND first_raised_at >= ?', [runId, attemptStartedAt])) as {
      n: string | number;
    }[];
    return Number(row.n);
  }

  /** One page (keyset on id) of open alerts still owed an e-mail. */
  unnotifiedPage(db: EntityManager, afterId: string, limit: number): Promise<StockAlertRow[]> {
    return db.query(`${ROW_SELECT} WHERE a.status = 'open' AND a.notified_at IS NULL AND a.id > ? ORDER BY a.id LIMIT ?`, [afterId, limit]) as Promise<
      StockAlertRow[]
    >;
  }

  async markNotified(db: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(`UPDATE stock_alerts SET notified_at = NOW(3) WHERE id IN (${ids.map(() => '?').join(',')}) AND notified_at IS NULL`, ids);
  }

  /** Active users with the inventory_manager role and their jurisdiction (a few per clinic at most). */
  async inventoryManagers(db: EntityManager): Promise<InventoryManagerRow[]> {
    const rows = (await db.query(
      `SELECT u.email, u.jurisdiction_level, u.province_id, u.district_id, u.clinic_id
       FROM users u JOIN roles r ON r.id = u.role_id
       WHERE r.name = 'inventory_manager' AND u.is_active = 1
       ORDER BY u.email`,
    )) as { email: string; jurisdiction_level: JurisdictionScope['level']; province_id: string | null; district_id: string | null; clinic_id: string | null }[];
    return rows.map((r) => ({
      email: r.email,
      scope: { level: r.jurisdiction_level, provinceId: r.province_id, districtId: r.district_id, clinicId: r.clinic_id },
    }));
  }

  /**
   * Runs one autocommit statement at READ COMMITTED: InnoDB then reads the source tables of an
   * INSERT ... SELECT as a consistent snapshot instead of share-locking every batch row, so dispensing
   * is not blocked while the job runs. (SET TRANSACTION without SESSION applies to the next statement only.)
   */
  private async readCommitted(db: EntityManager, sql: string, params: unknown[]): Promise<number> {
    await db.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    const result = (await db.query(sql, params)) as { affectedRows?: number };
    return result.affectedRows ?? 0;
  }
}
