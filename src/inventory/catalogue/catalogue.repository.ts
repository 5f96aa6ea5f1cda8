import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ScopeCondition } from '../../common/auth/jurisdiction';
import { InventoryItemEntity, StockLocationEntity, SupplierEntity } from '../inventory.entity';
import type { InventoryItemKind, StockLocationKind } from '../stock-rules';
import { optionalFilters, queryNamed } from '../../common/database/named-sql';

/*
 * The only place that touches the database for Inventory's master data: items, suppliers, stock
 * locations and reorder levels. Location reads join clinics and carry the caller's scope in SQL.
 */

export interface StockLocationRow {
  id: string;
  code: string;
  name: string;
  kind: StockLocationKind;
  clinic_id: string;
  clinic_name: string;
  is_active: number;
  created_at: Date;
  updated_at: Date;
}

export interface ReorderLevelRow {
  item_id: string;
  location_id: string;
  location_code: string;
  location_name: string;
  reorder_level: number;
  reorder_quantity: number;
  updated_at: Date;
}

export interface ItemFilter {
  q?: string;
  kind?: InventoryItemKind;
  category?: string;
  active?: boolean;
  offset: number;
  limit: number;
}

export interface LocationFilter {
  q?: string;
  kind?: StockLocationKind;
  clinicId?: string;
  active?: boolean;
  offset: number;
  limit: number;
}

const LOCATION_COLUMNS = 'l.id, l.code, l.name, l.kind, l.clinic_id, c.name AS clinic_name, l.is_active, l.created_at, l.updated_at';

/** LIKE 'prefix%' with the prefix's own wildcards escaped. */
const prefix = (q: string) => `${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private query<T>(manager: EntityManager | undefined, sql: string, params: Record<string, unknown>): Promise<T[]> {
    return queryNamed<T>(this.db(manager), sql, params);
  }

  // --- items ---

  findItem(id: string, manager?: EntityManager): Promise<InventoryItemEntity | null> {
    return this.db(manager).getRepository(InventoryItemEntity).createQueryBuilder('i').where('i.id = :id', { id }).getOne();
  }

  listItems(filter: ItemFilter): Promise<[InventoryItemEntity[], number]> {
    const qb = this.db().getRepository(InventoryItemEntity).createQueryBuilder('i');
    if (filter.q) {
      const like = prefix(filter.q);
      qb.andWhere(new Brackets((w) => w.where('i.code LIKE :like', { like }).orWhere('i.name LIKE :like', { like })));
    }
    if (filter.kind) qb.andWhere('i.kind = :kind', { kind: filter.kind });
    if (filter.category) qb.andWhere('i.category = :category', { category: filter.category });
    if (filter.active !== undefined) qb.andWhere('i.is_active = :active', { active: filter.active ? 1 : 0 });
    return qb.orderBy('i.code', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  async insertItem(item: QueryDeepPartialEntity<InventoryItemEntity>, manager?: EntityManager): Promise<void> {
    await this.db(manager).getRepository(InventoryItemEntity).insert(item);
  }

  async setItemControlled(manager: EntityManager, id: string, controlled: boolean): Promise<void> {
    await manager.getRepository(InventoryItemEntity).update({ id }, { isControlled: controlled });
  }

  /** The item, locked in the caller's transaction. */
  async lockItem(manager: EntityManager, id: string): Promise<InventoryItemEntity | null> {
    return manager.getRepository(InventoryItemEntity).createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  /** Optimistic update: false when the version moved on (or the row is gone). */
  async updateItem(id: string, version: number, changes: QueryDeepPartialEntity<InventoryItemEntity>): Promise<boolean> {
    const result = await this.db()
      .createQueryBuilder()
      .update(InventoryItemEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  // --- reorder levels ---

  async upsertLevel(itemId: string, locationId: string, reorderLevel: number, reorderQuantity: number): Promise<void> {
    await this.query(
      undefined,
      `INSERT INTO stock_levels (item_id, location_id, reorder_level, reorder_quantity) VALUES (:itemId, :locationId, :reorderLevel, :reorderQuantity)
       ON DUPLICATE KEY UPDATE reorder_level = VALUES(reorder_level), reorder_quantity = VALUES(reorder_quantity)`,
      { itemId, locationId, reorderLevel, reorderQuantity },
    );
  }

  /** The item's reorder settings at the locations in scope. */
  levels(scope: ScopeCondition, itemId: string, locationId?: string): Promise<ReorderLevelRow[]> {
    return this.query<ReorderLevelRow>(
      undefined,
      `SELECT s.item_id, s.location_id, l.code AS location_code, l.name AS location_name, s.reorder_level, s.reorder_quantity, s.updated_at
         FROM stock_levels s
         JOIN stock_locations l ON l.id = s.location_id
         JOIN clinics c ON c.id = l.clinic_id
        WHERE s.item_id = :itemId ${locationId ? 'AND s.location_id = :locationId' : ''} AND ${scope.sql}
        ORDER BY l.code`,
      { itemId, locationId, ...scope.params },
    );
  }

  // --- suppliers ---

  findSupplier(id: string, manager?: EntityManager): Promise<SupplierEntity | null> {
    return this.db(manager).getRepository(SupplierEntity).createQueryBuilder('s').where('s.id = :id', { id }).getOne();
  }

  listSuppliers(filter: { q?: string; active?: boolean; offset: number; limit: number }): Promise<[SupplierEntity[], number]> {
    const qb = this.db().getRepository(SupplierEntity).createQueryBuilder('s');
    if (filter.q) qb.andWhere('s.name LIKE :like', { like: prefix(filter.q) });
    if (filter.active !== undefined) qb.andWhere('s.is_active = :active', { active: filter.active ? 1 : 0 });
    return qb.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  async insertSupplier(supplier: QueryDeepPartialEntity<SupplierEntity>): Promise<void> {
    await this.db().getRepository(SupplierEntity).insert(supplier);
  }

  async updateSupplier(id: string, version: number, changes: QueryDeepPartialEntity<SupplierEntity>): Promise<boolean> {
    const result = await this.db()
      .createQueryBuilder()
      .update(SupplierEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  // --- locations ---

  /** Whether the clinic exists and lies in scope. */
  async clinicVisible(scope: ScopeCondition, clinicId: string): Promise<boolean> {
    const rows = await this.query<{ id: string }>(undefined, `SELECT c.id FROM clinics c WHERE c.id = :clinicId AND ${scope.sql}`, { clinicId, ...scope.params });
    return rows.length > 0;
  }

  async findLocation(scope: ScopeCondition, id: string, manager?: EntityManager): Promise<StockLocationRow | null> {
    const rows = await this.query<StockLocationRow>(
      manager,
      `SELECT ${LOCATION_COLUMNS} FROM stock_locations l JOIN clinics c ON c.id = l.clinic_id WHERE l.id = :id AND ${scope.sql}`,
      { id, ...scope.params },
    );
    return rows[0] ?? null;
  }

  async listLocations(scope: ScopeCondition, filter: LocationFilter): Promise<[StockLocationRow[], number]> {
    const filters = optionalFilters([
      ['(l.code LIKE :like OR l.name LIKE :like)', 'like', filter.q ? prefix(filter.q) : undefined],
      ['l.kind = :kind', 'kind', filter.kind],
      ['l.clinic_id = :clinicId', 'clinicId', filter.clinicId],
      ['l.is_active = :active', 'active', filter.active === undefined ? undefined : Number(filter.active)],
    ]);
    const where = [scope.sql, ...filters.conditions];
    const params: Record<string, unknown> = { ...scope.params, offset: filter.offset, limit: filter.limit, ...filters.params };
    const from = `FROM stock_locations l JOIN clinics c ON c.id = l.clinic_id WHERE ${where.join(' AND ')}`;
    const rows = await this.query<StockLocationRow>(undefined, `SELECT ${LOCATION_COLUMNS} ${from} ORDER BY l.code LIMIT :limit OFFSET :offset`, params);
    const [count] = await this.query<{ total: number | string }>(undefined, `SELECT COUNT(*) AS total ${from}`, params);
    return [rows, Number(count.total)];
  }

  async insertLocation(location: QueryDeepPartialEntity<StockLocationEntity>): Promise<void> {
    await this.db().getRepository(StockLocationEntity).insert(location);
  }

  async updateLocation(id: string, changes: QueryDeepPartialEntity<StockLocationEntity>): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db().createQueryBuilder().update(StockLocationEntity).set(changes).where('id = :id', { id }).execute();
  }
}
