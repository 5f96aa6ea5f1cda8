import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { scopeCondition, type ScopeCondition } from '../../common/auth/jurisdiction';
import { isDuplicateKeyError } from '../../common/database/mysql-errors';
import { NotFoundError } from '../../common/errors/domain-errors';
import { Page, pageOf } from '../../common/pagination/pagination';
import {
  CreateInventoryItemDto,
  CreateStockLocationDto,
  CreateSupplierDto,
  InventoryItemQueryDto,
  InventoryItemResponseDto,
  ReorderLevelResponseDto,
  SetReorderLevelDto,
  StockLocationQueryDto,
  StockLocationResponseDto,
  SupplierQueryDto,
  SupplierResponseDto,
  toInventoryItemResponse,
  toReorderLevelResponse,
  toStockLocationResponse,
  toSupplierResponse,
  UpdateInventoryItemDto,
  UpdateStockLocationDto,
  UpdateSupplierDto,
} from './catalogue.dto';
import { itemCodeTaken, itemVersionConflict, locationCodeTaken, supplierNameTaken, supplierVersionConflict } from './catalogue.errors';
import { CatalogueRepository } from './catalogue.repository';
import type { InventoryItemKind } from '../stock-rules';

const LOCATION_SCOPE = { province: 'c.province_id', district: 'c.district_id', clinic: 'c.id' } as const;

/** Keeps only the fields the client sent (undefined = unchanged; null clears). */
function sent<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Inventory's master data. Items and suppliers are national reference data; stock locations belong
 * to a clinic, so every location read carries the caller's jurisdiction in its SQL and a location
 * outside it answers 404 like an unknown id.
 */
/** What Pharmacy checks before linking a drug to an existing item. */
export interface LinkableInventoryItem {
  id: string;
  code: string;
  kind: InventoryItemKind;
  unit: string;
}

@Injectable()
export class CatalogueService {
  constructor(private readonly catalogue: CatalogueRepository) {}

  private scope(caller: AuthUser): ScopeCondition {
    return scopeCondition(caller.scope, LOCATION_SCOPE);
  }

  // --- items ---

  async createItem(dto: CreateInventoryItemDto): Promise<InventoryItemResponseDto> {
    const id = randomUUID();
    try {
      await this.catalogue.insertItem({ id, code: dto.code, name: dto.name, kind: dto.kind, category: dto.category, unit: dto.unit });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw itemCodeTaken();
      throw error;
    }
    return this.getItem(id);
  }

  // A drug and its medicine item are made or linked in Pharmacy's transaction: these take its manager.

  /** The item a drug is about to be linked to, locked in the caller's transaction; null when unknown. */
  async lockItemForLink(manager: EntityManager, id: string): Promise<LinkableInventoryItem | null> {
    const item = await this.catalogue.lockItem(manager, id);
    return item && { id: item.id, code: item.code, kind: item.kind, unit: item.unit };
  }

  /** Marks the item as the stock of a schedule 5 or 6 drug (or not), in the caller's transaction. */
  setItemControlled(manager: EntityManager, id: string, controlled: boolean): Promise<void> {
    return this.catalogue.setItemControlled(manager, id, controlled);
  }

  /** Creates a medicine item in the caller's transaction (a duplicate code fails as the insert does); returns its id. */
  async createMedicineItem(
    manager: EntityManager,
    item: { code: string; name: string; category: string; unit: string; isControlled: boolean },
  ): Promise<string> {
    const id = randomUUID();
    await this.catalogue.insertItem({ id, kind: 'medicine', ...item }, manager);
    return id;
  }

  async listItems(query: InventoryItemQueryDto): Promise<Page<InventoryItemResponseDto>> {
    const [rows, total] = await this.catalogue.listItems({ ...query, offset: query.offset, limit: query.perPage });
    return pageOf(rows.map(toInventoryItemResponse), total, query);
  }

  async getItem(id: string): Promise<InventoryItemResponseDto> {
    const item = await this.catalogue.findItem(id);
    if (!item) throw new NotFoundError('Inventory item');
    return toInventoryItemResponse(item);
  }

  async updateItem(id: string, dto: UpdateInventoryItemDto): Promise<InventoryItemResponseDto> {
    const current = await this.catalogue.findItem(id);
    if (!current) throw new NotFoundError('Inventory item');
    if (current.version !== dto.version) throw itemVersionConflict();
    const changes = sent({ name: dto.name, category: dto.category, unit: dto.unit, isActive: dto.isActive });
    if (Object.keys(changes).length > 0 && !(await this.catalogue.updateItem(id, dto.version, changes))) throw itemVersionConflict();
    return this.getItem(id);
  }

  // --- reorder levels ---

  async setReorderLevel(caller: AuthUser, itemId: string, locationId: string, dto: SetReorderLevelDto): Promise<ReorderLevelResponseDto> {
    await this.getItem(itemId);
    await this.getLocation(caller, locationId);
    await this.catalogue.upsertLevel(itemId, locationId, dto.reorderLevel, dto.reorderQuantity);
    const [row] = await this.catalogue.levels(this.scope(caller), itemId, locationId);
    return toReorderLevelResponse(row);
  }

  async listReorderLevels(caller: AuthUser, itemId: string): Promise<ReorderLevelResponseDto[]> {
    await this.getItem(itemId);
    return (await this.catalogue.levels(this.scope(caller), itemId)).map(toReorderLevelResponse);
  }

  // --- suppliers ---

  async createSupplier(dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    const id = randomUUID();
    try {
      await this.catalogue.insertSupplier({
        id,
        name: dto.name,
        contactName: dto.contactName ?? null,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        address: dto.address ?? null,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw supplierNameTaken();
      throw error;
    }
    return this.getSupplier(id);
  }

  async listSuppliers(query: SupplierQueryDto): Promise<Page<SupplierResponseDto>> {
    const [rows, total] = await this.catalogue.listSuppliers({ q: query.q, active: query.active, offset: query.offset, limit: query.perPage });
    return pageOf(rows.map(toSupplierResponse), total, query);
  }

  async getSupplier(id: string): Promise<SupplierResponseDto> {
    const supplier = await this.catalogue.findSupplier(id);
    if (!supplier) throw new NotFoundError('Supplier');
    return toSupplierResponse(supplier);
  }

  async updateSupplier(id: string, dto: UpdateSupplierDto): Promise<SupplierResponseDto> {
    const current = await this.catalogue.findSupplier(id);
    if (!current) throw new NotFoundError('Supplier');
    if (current.version !== dto.version) throw supplierVersionConflict();
    const changes = sent({ name: dto.name, contactName: dto.contactName, phone: dto.phone, email: dto.email, address: dto.address, isActive: dto.isActive });
    try {
      if (Object.keys(changes).length > 0 && !(await this.catalogue.updateSupplier(id, dto.version, changes))) throw supplierVersionConflict();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw supplierNameTaken();
      throw error;
    }
    return this.getSupplier(id);
  }

  // --- stock locations ---

  async createLocation(caller: AuthUser, dto: CreateStockLocationDto): Promise<StockLocationResponseDto> {
    if (!(await this.catalogue.clinicVisible(this.scope(caller), dto.clinicId))) throw new NotFoundError('Clinic');
    const id = randomUUID();
    try {
      await this.catalogue.insertLocation({ id, code: dto.code, name: dto.name, kind: dto.kind, clinicId: dto.clinicId });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw locationCodeTaken();
      throw error;
    }
    return this.getLocation(caller, id);
  }

  async listLocations(caller: AuthUser, query: StockLocationQueryDto): Promise<Page<StockLocationResponseDto>> {
    const [rows, total] = await this.catalogue.listLocations(this.scope(caller), {
      q: query.q,
      kind: query.kind,
      clinicId: query.clinicId,
      active: query.active,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toStockLocationResponse), total, query);
  }

  async getLocation(caller: AuthUser, id: string): Promise<StockLocationResponseDto> {
    const location = await this.catalogue.findLocation(this.scope(caller), id);
    if (!location) throw new NotFoundError('Stock location');
    return toStockLocationResponse(location);
  }

  async updateLocation(caller: AuthUser, id: string, dto: UpdateStockLocationDto): Promise<StockLocationResponseDto> {
    await this.getLocation(caller, id);
    await this.catalogue.updateLocation(id, sent({ name: dto.name, isActive: dto.isActive }));
    return this.getLocation(caller, id);
  }
}
