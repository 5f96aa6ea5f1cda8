import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ScopeCondition } from '../common/auth/jurisdiction';
import type { StockMovementKind, WriteOffReason } from './stock-rules';
import { executeNamed, optionalFilters, queryNamed } from '../common/database/named-sql';

/*
 * The only place that touches the database for the stock ledger (batches, on-hand, movements, stock
 * takes). Raw SQL with named parameters: these are the hot paths of receipt, issue and dispensing.
 * Dates are read as 'YYYY-MM-DD' text (DATE_FORMAT) so no time zone can shift them.
 */

export interface LocationRow {
  id: string;
  clinic_id: string;
  code: string;
  name: string;
  is_active: number;
}

export interface ItemRow {
  id: string;
  code: string;
  is_active: number;
  is_controlled: number;
}

export interface BatchRow {
  id: string;
  item_id: string;
  lot_number: string;
  expiry_date: string;
  unit_cost: string;
}

export interface LockedOnHandRow {
  batch_id: string;
  location_id: string;
  quantity: number;
  expiry_date: string;
}

export interface NewMovement {
  id: string;
  transactionId: string;
  kind: StockMovementKind;
  itemId: string;
  batchId: string;
  locationId: string;
  /** Signed change of the batch's on-hand at the location. */
  quantity: number;
  unitCost: string;
  reason?: string | null;
  writeOffReason?: WriteOffReason | null;
  reversesMovementId?: string | null;
  referenceType?: string | null;
  referenceId?: string | null;
  performedBy: string;
}

export interface MovementRow {
  id: string;
  transaction_id: string;
  kind: StockMovementKind;
  item_id: string;
  item_code: string;
  item_name: string;
  item_unit: string;
  batch_id: string;
  lot_number: string;
  expiry_date: string;
  location_id: string;
  location_code: string;
  quantity: number;
  unit_cost: string;
  reason: string | null;
  write_off_reason: WriteOffReason | null;
  reverses_movement_id: string | null;
  reversed_by_movement_id: string | null;
  reference_type: string | null;
  reference_id: string | null;
  performed_by: string;
  created_at: Date;
}

export interface MovementFilter {
  locationId?: string;
  itemId?: string;
  batchId?: string;
  kind?: StockMovementKind;
  /** UTC instants, from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
}

export interface OnHandSummaryRow {
  item_id: string;
  item_code: string;
  item_name: string;
  item_kind: string;
  unit: string;
  location_id: string;
  location_code: string;
  location_name: string;
  quantity: number | string;
  usable_quantity: number | string;
  expired_quantity: number | string;
  batch_count: number | string;
  nearest_expiry: string | null;
  reorder_level: number | null;
  reorder_quantity: number | null;
}

export interface BatchOnHandRow {
  batch_id: string;
  item_id: string;
  item_code: string;
  item_name: string;
  unit: string;
  lot_number: string;
  expiry_date: string;
  unit_cost: string;
  supplier_id: string | null;
  supplier_name: string | null;
  location_id: string;
  location_code: string;
  quantity: number;
  value: string;
}

export interface StockValueRow {
  location_id: string;
  location_code: string;
  location_name: string;
  quantity: number | string;
  value: string;
  expired_value: string;
}

export interface LedgerMismatchRow {
  batch_id: string;
  location_id: string;
  item_id: string | null;
  on_hand: number | string;
  ledger: number | string;
}

export interface StockTakeRow {
  id: string;
  location_id: string;
  location_code: string;
  counted_by: string;
  counted_at: Date;
  note: string | null;
}

export interface StockTakeLineRow {
  batch_id: string;
  item_id: string;
  item_code: string;
  item_name: string;
  lot_number: string;
  expiry_date: string;
  system_quantity: number;
  counted_quantity: number;
  movement_id: string | null;
}

/** A stock location's jurisdiction is its clinic's (alias c). */
export const LOCATION_SCOPE = { province: 'c.province_id', district: 'c.district_id', clinic: 'c.id' } as const;

const MOVEMENT_COLUMNS = `m.id, m.transaction_id, m.kind, m.item_id, i.code AS item_code, i.name AS item_name, i.unit AS item_unit,
  m.batch_id, b.lot_number, DATE_FORMAT(b.expiry_date, '%Y-%m-%d') AS expiry_date, m.location_id, l.code AS location_code,
  m.quantity, m.unit_cost, m.reason, m.write_off_reason, m.reverses_movement_id, r.id AS reversed_by_movement_id,
  m.reference_type, m.reference_id, m.performed_by, m.created_at`;

const MOVEMENT_FROM = `stock_movements m
  JOIN stock_locations l ON l.id = m.location_id
  JOIN clinics c ON c.id = l.clinic_id
  JOIN inventory_items i ON i.id = m.item_id
  JOIN stock_batches b ON b.id = m.batch_id
  LEFT JOIN stock_movements r ON r.reverses_movement_id = m.id`;

/** The order on-hand rows are locked in (their primary key). */
const onHandKey = (k: { batchId: string; locationId: string }) => k.batchId + k.locationId;

@Injectable()
export class StockRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs SQL with :named parameters (TypeORM expands `:...list`). */
  private query<T>(manager: EntityManager | undefined, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return queryNamed<T>(manager ?? this.dataSource.manager, sql, params);
  }

  private execute(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<number> {
    return executeNamed(manager, sql, params);
  }

  // --- places, items, batches ---

  async findLocation(scope: ScopeCondition, id: string, manager?: EntityManager): Promise<LocationRow | null> {
    const rows = await this.query<LocationRow>(
      manager,
      `SELECT l.id, l.clinic_id, l.code, l.name, l.is_active
         FROM stock_locations l JOIN clinics c ON c.id = l.clinic_id
        WHERE l.id = :id AND ${scope.sql}`,
      { id, ...scope.params },
    );
    return rows[0] ?? null;
  }

  async findItem(id: string, manager?: EntityManager): Promise<ItemRow | null> {
    const rows = await this.query<ItemRow>(manager, 'SELECT id, code, is_active, is_controlled FROM inventory_items WHERE id = :id', { id });
    return rows[0] ?? null;
  }

  async supplierExists(id: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query(manager, 'SELECT id FROM suppliers WHERE id = :id', { id });
    return rows.length > 0;
  }

  /** Whether a visit of the given clinic exists (an issue's reference). */
  async visitAtClinic(visitId: string, clinicId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.query(manager, 'SELECT id FROM visits WHERE id = :visitId AND clinic_id = :clinicId', { visitId, clinicId });
    return rows.length > 0;
  }

  async findBatches(ids: string[], manager?: EntityManager): Promise<BatchRow[]> {
    if (ids.length === 0) return [];
    return this.query<BatchRow>(
      manager,
      `SELECT id, item_id, lot_number, DATE_FORMAT(expiry_date, '%Y-%m-%d') AS expiry_date, unit_cost
         FROM stock_batches WHERE id IN (:...ids)`,
      { ids },
    );
  }

  /**
   * The item's batch with this lot, created with the given expiry, cost and supplier when new. Read
   * first without a lock: an upsert on an existing lot would lock the batch row exclusively before
   * the on-hand rows, the opposite order to every issue and dispense (whose ledger insert share-locks
   * the batch through its foreign key). A concurrent receipt of the same new lot waits on the unique
   * key and then finds the one row.
   */
  async findOrCreateBatch(
    manager: EntityManager,
    batch: { id: string; itemId: string; lotNumber: string; expiryDate: string; unitCost: string; supplierId: string | null },
  ): Promise<BatchRow> {
    const find = () =>
      this.query<BatchRow>(
        manager,
        `SELECT id, item_id, lot_number, DATE_FORMAT(expiry_date, '%Y-%m-%d') AS expiry_date, unit_cost
           FROM stock_batches WHERE item_id = :itemId AND lot_number = :lotNumber`,
        batch,
      );
    const [existing] = await find();
    if (existing) return existing;
    await this.execute(
      manager,
      `INSERT INTO stock_batches (id, item_id, lot_number, expiry_date, unit_cost, supplier_id)
       VALUES (:id, :itemId, :lotNumber, :expiryDate, :unitCost, :supplierId)
       ON DUPLICATE KEY UPDATE id = id`,
      batch,
    );
    return (await find())[0];
  }

  /**
   * Creates empty on-hand rows that do not exist yet, so that they can be locked like the others
   * (READ COMMITTED takes no gap locks: a missing row cannot be locked). The existing ones are locked
   * first, exclusively and in key order: an INSERT IGNORE over an existing row would take a shared
   * lock that the following FOR UPDATE must upgrade, and two callers doing that deadlock.
   */
  async ensureOnHandRows(manager: EntityManager, rows: { batchId: string; locationId: string; itemId: string; expiryDate: string }[]): Promise<void> {
    const present = new Set((await this.lockOnHand(manager, rows)).map((r) => `${r.batch_id}:${r.location_id}`));
    const missing = rows.filter((r) => !present.has(`${r.batchId}:${r.locationId}`)).sort((a, b) => onHandKey(a).localeCompare(onHandKey(b)));
    for (const row of missing) {
      await this.execute(
        manager,
        `INSERT IGNORE INTO stock_on_hand (batch_id, location_id, item_id, expiry_date, quantity)
         VALUES (:batchId, :locationId, :itemId, :expiryDate, 0)`,
        row,
      );
    }
  }

  // --- on-hand and the ledger ---

  /**
   * Locks the item's usable on-hand rows at the location in FEFO order. No join: the lock then
   * covers the on-hand rows only, not the batch rows that other locations share.
   */
  lockUsable(manager: EntityManager, locationId: string, itemId: string, today: string): Promise<LockedOnHandRow[]> {
    return this.query<LockedOnHandRow>(
      manager,
      `SELECT batch_id, location_id, quantity, DATE_FORMAT(expiry_date, '%Y-%m-%d') AS expiry_date
         FROM stock_on_hand
        WHERE item_id = :itemId AND location_id = :locationId AND expiry_date > :today AND quantity > 0
        ORDER BY expiry_date, batch_id
        FOR UPDATE`,
      { itemId, locationId, today },
    );
  }

  /**
   * Locks the given (batch, location) on-hand rows, in key order so that two operations over the same
   * rows cannot deadlock. Rows that do not exist are simply absent.
   */
  async lockOnHand(manager: EntityManager, keys: { batchId: string; locationId: string }[]): Promise<LockedOnHandRow[]> {
    if (keys.length === 0) return [];
    const sorted = [...keys].sort((a, b) => onHandKey(a).localeCompare(onHandKey(b)));
    const params: Record<string, string> = {};
    const tuples = sorted.map((k, n) => {
      params[`b${n}`] = k.batchId;
      params[`l${n}`] = k.locationId;
      return `(:b${n}, :l${n})`;
    });
    return this.query<LockedOnHandRow>(
      manager,
      `SELECT batch_id, location_id, quantity, DATE_FORMAT(expiry_date, '%Y-%m-%d') AS expiry_date
         FROM stock_on_hand WHERE (batch_id, location_id) IN (${tuples.join(', ')})
        ORDER BY batch_id, location_id
        FOR UPDATE`,
      params,
    );
  }

  async onHand(manager: EntityManager | undefined, locationId: string, itemId: string): Promise<number> {
    const rows = await this.query<{ n: string | number | null }>(
      manager,
      `SELECT SUM(quantity) AS n FROM stock_on_hand WHERE item_id = :itemId AND location_id = :locationId`,
      { itemId, locationId },
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Writes one ledger movement and applies it to the batch's on-hand at the location. A decrement
   * is conditional (quantity >= what it takes): false when it would go negative, and the caller then
   * rolls the whole transaction back.
   */
  async record(manager: EntityManager, movement: NewMovement, batchExpiry: string): Promise<boolean> {
    if (movement.quantity > 0) {
      await this.execute(
        manager,
        `INSERT INTO stock_on_hand (batch_id, location_id, item_id, expiry_date, quantity)
         VALUES (:batchId, :locationId, :itemId, :expiry, :quantity)
         ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)`,
        { ...movement, expiry: batchExpiry },
      );
    } else {
      const changed = await this.execute(
        manager,
        `UPDATE stock_on_hand SET quantity = quantity - :take
          WHERE batch_id = :batchId AND location_id = :locationId AND quantity >= :take`,
        { take: -movement.quantity, batchId: movement.batchId, locationId: movement.locationId },
      );
      if (changed !== 1) return false;
    }
    await this.execute(
      manager,
      `INSERT INTO stock_movements (id, transaction_id, kind, item_id, batch_id, location_id, quantity, unit_cost, reason,
         write_off_reason, reverses_movement_id, reference_type, reference_id, performed_by)
       VALUES (:id, :transactionId, :kind, :itemId, :batchId, :locationId, :quantity, :unitCost, :reason,
         :writeOffReason, :reversesMovementId, :referenceType, :referenceId, :performedBy)`,
      {
        reason: null,
        writeOffReason: null,
        reversesMovementId: null,
        referenceType: null,
        referenceId: null,
        ...movement,
      },
    );
    return true;
  }

  // --- movements ---

  /** The movement if its location lies in scope. */
  async findMovement(scope: ScopeCondition, id: string, manager?: EntityManager): Promise<MovementRow | null> {
    const rows = await this.query<MovementRow>(manager, `SELECT ${MOVEMENT_COLUMNS} FROM ${MOVEMENT_FROM} WHERE m.id = :id AND ${scope.sql}`, {
      id,
      ...scope.params,
    });
    return rows[0] ?? null;
  }

  /** Every leg of one operation, locked so that two reversals of it queue one behind the other. */
  lockTransactionLegs(manager: EntityManager, transactionId: string): Promise<MovementRow[]> {
    return this.query<MovementRow>(
      manager,
      `SELECT m.id, m.transaction_id, m.kind, m.item_id, m.batch_id, m.location_id, m.quantity, m.unit_cost,
              m.reverses_movement_id, m.reference_type, m.reference_id
         FROM stock_movements m WHERE m.transaction_id = :transactionId ORDER BY m.id FOR UPDATE`,
      { transactionId },
    );
  }

  /** Ids among `ids` that a reversal already names. */
  async reversedAmong(manager: EntityManager, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<{ id: string }>(manager, 'SELECT reverses_movement_id AS id FROM stock_movements WHERE reverses_movement_id IN (:...ids)', {
      ids,
    });
    return rows.map((r) => r.id);
  }

  /** Locations (in scope) of the given ids; out-of-scope or unknown ids are absent. */
  async locationsInScope(scope: ScopeCondition, ids: string[], manager?: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<{ id: string }>(
      manager,
      `SELECT l.id FROM stock_locations l JOIN clinics c ON c.id = l.clinic_id WHERE l.id IN (:...ids) AND ${scope.sql}`,
      { ids, ...scope.params },
    );
    return rows.map((r) => r.id);
  }

  movementsOfTransaction(transactionId: string, manager?: EntityManager): Promise<MovementRow[]> {
    return this.query<MovementRow>(manager, `SELECT ${MOVEMENT_COLUMNS} FROM ${MOVEMENT_FROM} WHERE m.transaction_id = :transactionId ORDER BY m.created_at, m.id`, {
      transactionId,
    });
  }

  async listMovements(scope: ScopeCondition, filter: MovementFilter, offset: number, limit: number): Promise<[MovementRow[], number]> {
    const filters = optionalFilters([
      ['m.location_id = :locationId', 'locationId', filter.locationId],
      ['m.item_id = :itemId', 'itemId', filter.itemId],
      ['m.batch_id = :batchId', 'batchId', filter.batchId],
      ['m.kind = :kind', 'kind', filter.kind],
      ['m.created_at >= :from', 'from', filter.from],
      ['m.created_at < :to', 'to', filter.to],
    ]);
    const where = [scope.sql, ...filters.conditions];
    const params: Record<string, unknown> = { ...scope.params, ...filters.params };
    const clause = where.join(' AND ');
    const rows = await this.query<MovementRow>(
      undefined,
      `SELECT ${MOVEMENT_COLUMNS} FROM ${MOVEMENT_FROM} WHERE ${clause} ORDER BY m.created_at DESC, m.id DESC LIMIT :limit OFFSET :offset`,
      { ...params, limit, offset },
    );
    const [count] = await this.query<{ n: number | string }>(
      undefined,
      `SELECT COUNT(*) AS n FROM stock_movements m JOIN stock_locations l ON l.id = m.location_id JOIN clinics c ON c.id = l.clinic_id
        WHERE ${clause}`,
      params,
    );
    return [rows, Number(count.n)];
  }

  // --- reports ---

  /**
   * On-hand per item and location: every pair that holds a batch or has a reorder level (an item
   * with a level and no stock at all is the lowest stock there is).
   */
  async onHandSummary(
    scope: ScopeCondition,
    filter: { locationId?: string; itemId?: string; belowReorder?: boolean },
    today: string,
    offset: number,
    limit: number,
  ): Promise<[OnHandSummaryRow[], number]> {
    const params: Record<string, unknown> = { ...scope.params, today };
    const pairFilter: string[] = [];
    if (filter.locationId) {
      pairFilter.push('location_id = :locationId');
      params.locationId = filter.locationId;
    }
    if (filter.itemId) {
      pairFilter.push('item_id = :itemId');
      params.itemId = filter.itemId;
    }
    const pairWhere = pairFilter.length ? `WHERE ${pairFilter.join(' AND ')}` : '';
    const usable = 'COALESCE(SUM(CASE WHEN oh.expiry_date > :today THEN oh.quantity ELSE 0 END), 0)';
    const having = filter.belowReorder ? `HAVING MAX(sl.reorder_level) IS NOT NULL AND ${usable} <= MAX(sl.reorder_level)` : '';
    const grouped = `SELECT p.item_id, i.code AS item_code, i.name AS item_name, i.kind AS item_kind, i.unit,
          p.location_id, l.code AS location_code, l.name AS location_name,
          COALESCE(SUM(oh.quantity), 0) AS quantity,
          ${usable} AS usable_quantity,
          COALESCE(SUM(CASE WHEN oh.expiry_date <= :today THEN oh.quantity ELSE 0 END), 0) AS expired_quantity,
          COUNT(CASE WHEN oh.quantity > 0 THEN 1 END) AS batch_count,
          DATE_FORMAT(MIN(CASE WHEN oh.expiry_date > :today AND oh.quantity > 0 THEN oh.expiry_date END), '%Y-%m-%d') AS nearest_expiry,
          MAX(sl.reorder_level) AS reorder_level, MAX(sl.reorder_quantity) AS reorder_quantity
        FROM (SELECT item_id, location_id FROM stock_on_hand ${pairWhere}
              UNION SELECT item_id, location_id FROM stock_levels ${pairWhere}) p
        JOIN stock_locations l ON l.id = p.location_id
        JOIN clinics c ON c.id = l.clinic_id
        JOIN inventory_items i ON i.id = p.item_id
        LEFT JOIN stock_on_hand oh ON oh.item_id = p.item_id AND oh.location_id = p.location_id
        LEFT JOIN stock_levels sl ON sl.item_id = p.item_id AND sl.location_id = p.location_id
       WHERE ${scope.sql}
       GROUP BY p.item_id, p.location_id
       ${having}`;
    const rows = await this.query<OnHandSummaryRow>(undefined, `${grouped} ORDER BY item_name, item_code, location_code LIMIT :limit OFFSET :offset`, {
      ...params,
      limit,
      offset,
    });
    const [count] = await this.query<{ n: number | string }>(undefined, `SELECT COUNT(*) AS n FROM (${grouped}) t`, params);
    return [rows, Number(count.n)];
  }

  async batchesOnHand(
    scope: ScopeCondition,
    filter: { locationId?: string; itemId?: string; expiringBy?: string; includeEmpty: boolean },
    today: string,
    offset: number,
    limit: number,
  ): Promise<[BatchOnHandRow[], number]> {
    const filters = optionalFilters([
      ['oh.location_id = :locationId', 'locationId', filter.locationId],
      ['oh.item_id = :itemId', 'itemId', filter.itemId],
      ['oh.expiry_date > :today AND oh.expiry_date <= :expiringBy', 'expiringBy', filter.expiringBy],
    ]);
    const where = [scope.sql, ...filters.conditions];
    const params: Record<string, unknown> = { ...scope.params, today, ...filters.params };
    if (!filter.includeEmpty) where.push('oh.quantity > 0');
    const from = `stock_on_hand oh
        JOIN stock_locations l ON l.id = oh.location_id
        JOIN clinics c ON c.id = l.clinic_id
        JOIN stock_batches b ON b.id = oh.batch_id
        JOIN inventory_items i ON i.id = oh.item_id
        LEFT JOIN suppliers s ON s.id = b.supplier_id
       WHERE ${where.join(' AND ')}`;
    const rows = await this.query<BatchOnHandRow>(
      undefined,
      `SELECT oh.batch_id, oh.item_id, i.code AS item_code, i.name AS item_name, i.unit, b.lot_number,
              DATE_FORMAT(oh.expiry_date, '%Y-%m-%d') AS expiry_date, b.unit_cost, b.supplier_id, s.name AS supplier_name,
              oh.location_id, l.code AS location_code, oh.quantity, CAST(oh.quantity * b.unit_cost AS DECIMAL(20,4)) AS value
         FROM ${from}
        ORDER BY oh.expiry_date, i.name, b.lot_number, l.code
        LIMIT :limit OFFSET :offset`,
      { ...params, limit, offset },
    );
    const [count] = await this.query<{ n: number | string }>(undefined, `SELECT COUNT(*) AS n FROM ${from}`, params);
    return [rows, Number(count.n)];
  }

  stockValue(scope: ScopeCondition, locationId: string | undefined, today: string): Promise<StockValueRow[]> {
    const params: Record<string, unknown> = { ...scope.params, today };
    let filter = '';
    if (locationId) {
      filter = 'AND l.id = :locationId';
      params.locationId = locationId;
    }
    return this.query<StockValueRow>(
      undefined,
      `SELECT l.id AS location_id, l.code AS location_code, l.name AS location_name,
              COALESCE(SUM(oh.quantity), 0) AS quantity,
              CAST(COALESCE(SUM(oh.quantity * b.unit_cost), 0) AS DECIMAL(20,4)) AS value,
              CAST(COALESCE(SUM(CASE WHEN oh.expiry_date <= :today THEN oh.quantity * b.unit_cost ELSE 0 END), 0) AS DECIMAL(20,4)) AS expired_value
         FROM stock_locations l
         JOIN clinics c ON c.id = l.clinic_id
         LEFT JOIN stock_on_hand oh ON oh.location_id = l.id
         LEFT JOIN stock_batches b ON b.id = oh.batch_id
        WHERE ${scope.sql} ${filter}
        GROUP BY l.id
        ORDER BY l.code`,
      params,
    );
  }

  /**
   * Compares on-hand with the sum of the ledger for every (batch, location) that has either, in
   * SQL. A ledger sum without an on-hand row, or the reverse, is a mismatch too.
   */
  async ledgerCheck(scope: ScopeCondition, locationId: string | undefined, maxMismatches: number): Promise<{ checked: number; mismatches: LedgerMismatchRow[] }> {
    const params: Record<string, unknown> = { ...scope.params };
    let keyFilter = '';
    if (locationId) {
      keyFilter = 'WHERE location_id = :locationId';
      params.locationId = locationId;
    }
    const compared = `SELECT k.batch_id, k.location_id, oh.item_id, COALESCE(oh.quantity, 0) AS on_hand, COALESCE(led.total, 0) AS ledger
        FROM (SELECT batch_id, location_id FROM stock_on_hand ${keyFilter}
              UNION SELECT batch_id, location_id FROM stock_movements ${keyFilter}) k
        JOIN stock_locations l ON l.id = k.location_id
        JOIN clinics c ON c.id = l.clinic_id
        LEFT JOIN stock_on_hand oh ON oh.batch_id = k.batch_id AND oh.location_id = k.location_id
        LEFT JOIN (SELECT batch_id, location_id, SUM(quantity) AS total FROM stock_movements ${keyFilter} GROUP BY batch_id, location_id) led
               ON led.batch_id = k.batch_id AND led.location_id = k.location_id
       WHERE ${scope.sql}`;
    const [summary] = await this.query<{ checked: number | string; mismatched: number | string }>(
      undefined,
      `SELECT COUNT(*) AS checked, COALESCE(SUM(t.on_hand <> t.ledger), 0) AS mismatched FROM (${compared}) t`,
      params,
    );
    const mismatches =
      Number(summary.mismatched) === 0
        ? []
        : await this.query<LedgerMismatchRow>(undefined, `SELECT * FROM (${compared}) t WHERE t.on_hand <> t.ledger ORDER BY t.location_id, t.batch_id LIMIT :max`, {
            ...params,
            max: maxMismatches,
          });
    return { checked: Number(summary.checked), mismatches };
  }

  // --- stock takes ---

  async insertStockTake(
    manager: EntityManager,
    take: { id: string; locationId: string; countedBy: string; note: string | null },
    lines: { batchId: string; systemQuantity: number; countedQuantity: number; movementId: string | null }[],
  ): Promise<void> {
    await this.execute(manager, 'INSERT INTO stock_takes (id, location_id, counted_by, note) VALUES (:id, :locationId, :countedBy, :note)', take);
    for (const line of lines) {
      await this.execute(
        manager,
        `INSERT INTO stock_take_lines (stock_take_id, batch_id, system_quantity, counted_quantity, movement_id)
         VALUES (:stockTakeId, :batchId, :systemQuantity, :countedQuantity, :movementId)`,
        { stockTakeId: take.id, ...line },
      );
    }
  }

  async findStockTake(scope: ScopeCondition, id: string, manager?: EntityManager): Promise<{ take: StockTakeRow; lines: StockTakeLineRow[] } | null> {
    const [take] = await this.query<StockTakeRow>(
      manager,
      `SELECT t.id, t.location_id, l.code AS location_code, t.counted_by, t.counted_at, t.note
         FROM stock_takes t JOIN stock_locations l ON l.id = t.location_id JOIN clinics c ON c.id = l.clinic_id
        WHERE t.id = :id AND ${scope.sql}`,
      { id, ...scope.params },
    );
    if (!take) return null;
    const lines = await this.query<StockTakeLineRow>(
      manager,
      `SELECT sl.batch_id, b.item_id, i.code AS item_code, i.name AS item_name, b.lot_number,
              DATE_FORMAT(b.expiry_date, '%Y-%m-%d') AS expiry_date, sl.system_quantity, sl.counted_quantity, sl.movement_id
         FROM stock_take_lines sl JOIN stock_batches b ON b.id = sl.batch_id JOIN inventory_items i ON i.id = b.item_id
        WHERE sl.stock_take_id = :id
        ORDER BY i.name, b.expiry_date, b.lot_number`,
      { id },
    );
    return { take, lines };
  }
}
