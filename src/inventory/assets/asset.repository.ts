import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ScopeCondition } from '../../common/auth/jurisdiction';
import type { AssetStatus, MaintenanceKind } from './asset-lifecycle';
import { executeNamed, optionalFilters, queryNamed } from '../../common/database/named-sql';

/*
 * The only place that touches the database for the asset register, its maintenance schedules and
 * log. Raw SQL with named parameters; every asset read joins its location's clinic and carries the
 * caller's scope. Dates are read as 'YYYY-MM-DD' text so no time zone can shift them.
 */

export interface AssetRow {
  id: string;
  asset_tag: string;
  name: string;
  category: string;
  manufacturer: string | null;
  model: string | null;
  serial_number: string | null;
  purchase_date: string | null;
  purchase_cost: string | null;
  supplier_id: string | null;
  supplier_name: string | null;
  warranty_expiry: string | null;
  location_id: string;
  location_code: string;
  location_name: string;
  clinic_id: string;
  status: AssetStatus;
  retired_on: string | null;
  retirement_reason: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface MaintenanceScheduleRow {
  id: string;
  asset_id: string;
  task: string;
  interval_days: number;
  next_due_date: string;
  is_active: number;
  created_at: Date;
  updated_at: Date;
}

export interface MaintenanceLogRow {
  id: string;
  asset_id: string;
  schedule_id: string | null;
  kind: MaintenanceKind;
  performed_on: string;
  performed_by: string;
  vendor: string | null;
  cost: string | null;
  notes: string | null;
  created_at: Date;
}

export interface AssetFields {
  assetTag: string;
  name: string;
  category: string;
  manufacturer: string | null;
  model: string | null;
  serialNumber: string | null;
  purchaseDate: string | null;
  purchaseCost: string | null;
  supplierId: string | null;
  warrantyExpiry: string | null;
  locationId: string;
  notes: string | null;
}

export interface AssetFilter {
  status?: AssetStatus;
  category?: string;
  locationId?: string;
  /** Warranty ending between these days, inclusive; retired assets left out. */
  warrantyFrom?: string;
  warrantyTo?: string;
  offset: number;
  limit: number;
}

const ASSET_COLUMNS = `a.id, a.asset_tag, a.name, a.category, a.manufacturer, a.model, a.serial_number,
  DATE_FORMAT(a.purchase_date, '%Y-%m-%d') AS purchase_date, a.purchase_cost, a.supplier_id, s.name AS supplier_name,
  DATE_FORMAT(a.warranty_expiry, '%Y-%m-%d') AS warranty_expiry, a.location_id, l.code AS location_code, l.name AS location_name,
  l.clinic_id, a.status, DATE_FORMAT(a.retired_on, '%Y-%m-%d') AS retired_on, a.retirement_reason, a.notes, a.version,
  a.created_at, a.updated_at`;

const ASSET_FROM = `assets a
  JOIN stock_locations l ON l.id = a.location_id
  JOIN clinics c ON c.id = l.clinic_id
  LEFT JOIN suppliers s ON s.id = a.supplier_id`;

const SCHEDULE_COLUMNS = `id, asset_id, task, interval_days, DATE_FORMAT(next_due_date, '%Y-%m-%d') AS next_due_date, is_active, created_at, updated_at`;
const LOG_COLUMNS = `id, asset_id, schedule_id, kind, DATE_FORMAT(performed_on, '%Y-%m-%d') AS performed_on, performed_by, vendor, cost, notes, created_at`;

/** Column names for the fields an update may change. */
const ASSET_FIELD_COLUMNS: Record<keyof AssetFields, string> = {
  assetTag: 'asset_tag',
  name: 'name',
  category: 'category',
  manufacturer: 'manufacturer',
  model: 'model',
  serialNumber: 'serial_number',
  purchaseDate: 'purchase_date',
  purchaseCost: 'purchase_cost',
  supplierId: 'supplier_id',
  warrantyExpiry: 'warranty_expiry',
  locationId: 'location_id',
  notes: 'notes',
};

@Injectable()
export class AssetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query<T>(manager: EntityManager | undefined, sql: string, params: Record<string, unknown>): Promise<T[]> {
    return queryNamed<T>(manager ?? this.dataSource.manager, sql, params);
  }

  private execute(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<number> {
    return executeNamed(manager, sql, params);
  }

  /** The asset if it lies in scope; `lock` takes its row lock (FOR UPDATE) for a change. */
  async findVisible(scope: ScopeCondition, id: string, manager?: EntityManager, lock = false): Promise<AssetRow | null> {
    // Lock the asset row alone (a FOR UPDATE on the join would lock its location and clinic too).
    if (lock) await this.query(manager, 'SELECT id FROM assets WHERE id = :id FOR UPDATE', { id });
    const rows = await this.query<AssetRow>(
      manager,
      `SELECT ${ASSET_COLUMNS} FROM ${ASSET_FROM} WHERE a.id = :id AND ${scope.sql}`,
      { id, ...scope.params },
    );
    return rows[0] ?? null;
  }

  async list(scope: ScopeCondition, filter: AssetFilter): Promise<[AssetRow[], number]> {
    const filters = optionalFilters([
      ['a.status = :status', 'status', filter.status],
      ['a.category = :category', 'category', filter.category],
      ['a.location_id = :locationId', 'locationId', filter.locationId],
    ]);
    const where = [scope.sql, ...filters.conditions];
    const params: Record<string, unknown> = { ...scope.params, offset: filter.offset, limit: filter.limit, ...filters.params };
    if (filter.warrantyFrom && filter.warrantyTo) {
      where.push("a.status <> 'retired' AND a.warranty_expiry BETWEEN :warrantyFrom AND :warrantyTo");
      params.warrantyFrom = filter.warrantyFrom;
      params.warrantyTo = filter.warrantyTo;
    }
    const from = `FROM ${ASSET_FROM} WHERE ${where.join(' AND ')}`;
    const rows = await this.query<AssetRow>(undefined, `SELECT ${ASSET_COLUMNS} ${from} ORDER BY a.asset_tag LIMIT :limit OFFSET :offset`, params);
    const [count] = await this.query<{ total: number | string }>(undefined, `SELECT COUNT(*) AS total ${from}`, params);
    return [rows, Number(count.total)];
  }

  async supplierExists(supplierId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.query(manager, 'SELECT id FROM suppliers WHERE id = :supplierId', { supplierId })).length > 0;
  }

  async insert(manager: EntityManager, id: string, fields: AssetFields): Promise<void> {
    await this.execute(
      manager,
      `INSERT INTO assets (id, asset_tag, name, category, manufacturer, model, serial_number, purchase_date, purchase_cost, supplier_id,
         warranty_expiry, location_id, notes)
       VALUES (:id, :assetTag, :name, :category, :manufacturer, :model, :serialNumber, :purchaseDate, :purchaseCost, :supplierId,
         :warrantyExpiry, :locationId, :notes)`,
      { id, ...fields },
    );
  }

  /** Optimistic update of the fields given: false when the version moved on. */
  async update(manager: EntityManager, id: string, version: number, changes: Partial<AssetFields>): Promise<boolean> {
    const keys = Object.keys(changes) as (keyof AssetFields)[];
    const sets = keys.map((k) => `${ASSET_FIELD_COLUMNS[k]} = :${k}`);
    return (
      (await this.execute(manager, `UPDATE assets SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = :id AND version = :version`, {
        ...changes,
        id,
        version,
      })) === 1
    );
  }

  /** Moves the asset only from the status read (appending a dated note); false if it had moved on. */
  async setStatus(manager: EntityManager, id: string, from: AssetStatus, to: AssetStatus, note: string | null): Promise<boolean> {
    return (
      (await this.execute(
        manager,
        `UPDATE assets SET status = :to, version = version + 1,
           notes = IF(:note IS NULL, notes, RIGHT(CONCAT_WS('\\n', notes, :note), 1000))
         WHERE id = :id AND status = :from`,
        { id, from, to, note },
      )) === 1
    );
  }

  async retire(manager: EntityManager, id: string, from: AssetStatus, retiredOn: string, reason: string): Promise<boolean> {
    return (
      (await this.execute(
        manager,
        `UPDATE assets SET status = 'retired', retired_on = :retiredOn, retirement_reason = :reason, version = version + 1
         WHERE id = :id AND status = :from`,
        { id, from, retiredOn, reason },
      )) === 1
    );
  }

  // --- maintenance schedules ---

  schedules(assetId: string, manager?: EntityManager): Promise<MaintenanceScheduleRow[]> {
    return this.query<MaintenanceScheduleRow>(
      manager,
      `SELECT ${SCHEDULE_COLUMNS} FROM asset_maintenance_schedules WHERE asset_id = :assetId ORDER BY is_active DESC, next_due_date, id`,
      { assetId },
    );
  }

  async findSchedule(assetId: string, scheduleId: string, manager?: EntityManager, lock = false): Promise<MaintenanceScheduleRow | null> {
    const rows = await this.query<MaintenanceScheduleRow>(
      manager,
      `SELECT ${SCHEDULE_COLUMNS} FROM asset_maintenance_schedules WHERE id = :scheduleId AND asset_id = :assetId${lock ? ' FOR UPDATE' : ''}`,
      { assetId, scheduleId },
    );
    return rows[0] ?? null;
  }

  async insertSchedule(manager: EntityManager, row: { id: string; assetId: string; task: string; intervalDays: number; nextDueDate: string }): Promise<void> {
    await this.execute(
      manager,
      `INSERT INTO asset_maintenance_schedules (id, asset_id, task, interval_days, next_due_date) VALUES (:id, :assetId, :task, :intervalDays, :nextDueDate)`,
      row,
    );
  }

  async updateSchedule(
    manager: EntityManager,
    scheduleId: string,
    changes: { task?: string; intervalDays?: number; nextDueDate?: string; isActive?: boolean },
  ): Promise<void> {
    const columns: Record<string, string> = { task: 'task', intervalDays: 'interval_days', nextDueDate: 'next_due_date', isActive: 'is_active' };
    const keys = Object.keys(changes).filter((k) => k in columns);
    if (keys.length === 0) return;
    await this.execute(manager, `UPDATE asset_maintenance_schedules SET ${keys.map((k) => `${columns[k]} = :${k}`).join(', ')} WHERE id = :scheduleId`, {
      ...changes,
      scheduleId,
    });
  }

  async deactivateSchedules(manager: EntityManager, assetId: string): Promise<void> {
    await this.execute(manager, 'UPDATE asset_maintenance_schedules SET is_active = 0 WHERE asset_id = :assetId AND is_active = 1', { assetId });
  }

  // --- maintenance log ---

  async insertLog(
    manager: EntityManager,
    row: {
      id: string;
      assetId: string;
      scheduleId: string | null;
      kind: MaintenanceKind;
      performedOn: string;
      performedBy: string;
      vendor: string | null;
      cost: string | null;
      notes: string | null;
    },
  ): Promise<void> {
    await this.execute(
      manager,
      `INSERT INTO asset_maintenance_log (id, asset_id, schedule_id, kind, performed_on, performed_by, vendor, cost, notes)
       VALUES (:id, :assetId, :scheduleId, :kind, :performedOn, :performedBy, :vendor, :cost, :notes)`,
      row,
    );
  }

  async findLog(id: string, manager?: EntityManager): Promise<MaintenanceLogRow | null> {
    const rows = await this.query<MaintenanceLogRow>(manager, `SELECT ${LOG_COLUMNS} FROM asset_maintenance_log WHERE id = :id`, { id });
    return rows[0] ?? null;
  }

  async log(assetId: string, offset: number, limit: number, manager?: EntityManager): Promise<[MaintenanceLogRow[], number]> {
    const rows = await this.query<MaintenanceLogRow>(
      manager,
      `SELECT ${LOG_COLUMNS} FROM asset_maintenance_log WHERE asset_id = :assetId ORDER BY performed_on DESC, created_at DESC, id LIMIT :limit OFFSET :offset`,
      { assetId, limit, offset },
    );
    const [count] = await this.query<{ total: number | string }>(manager, 'SELECT COUNT(*) AS total FROM asset_maintenance_log WHERE asset_id = :assetId', { assetId });
    return [rows, Number(count.total)];
  }
}
