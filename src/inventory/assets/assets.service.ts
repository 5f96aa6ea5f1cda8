import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { scopeCondition, type ScopeCondition } from '../../common/auth/jurisdiction';
import { inTransaction } from '../../common/database/transaction';
import { NotFoundError, ValidationFailedError, type FieldError } from '../../common/errors/domain-errors';
import { Page, PageQueryDto, pageOf } from '../../common/pagination/pagination';
import { clinicToday } from '../../common/time/clinic-date';
import { StockService } from '../stock.service';
import { addDays, checkEditable, checkPerformedOn, checkRetirementDate, checkStatusChange, nextDueAfter } from './asset-lifecycle';
import {
  AddMaintenanceScheduleDto,
  AssetDetailResponseDto,
  AssetQueryDto,
  AssetResponseDto,
  ChangeAssetStatusDto,
  CreateAssetDto,
  MaintenanceLogResponseDto,
  MaintenanceScheduleResponseDto,
  RecordMaintenanceDto,
  RetireAssetDto,
  toAssetResponse,
  toMaintenanceLogResponse,
  toMaintenanceScheduleResponse,
  UpdateAssetDto,
  UpdateMaintenanceScheduleDto,
} from './asset.dto';
import { assetDuplicate, assetVersionConflict, fieldProblem, lifecycleConflict, scheduleInactive } from './asset.errors';
import { type AssetFields, AssetRepository, type AssetRow } from './asset.repository';

const LOCATION_SCOPE = { province: 'c.province_id', district: 'c.district_id', clinic: 'c.id' } as const;
const RECENT_MAINTENANCE = 10;

const money = (value: number | null | undefined) => (value === undefined ? undefined : value === null ? null : value.toFixed(2));

/**
 * The equipment register: where each asset is, its warranty, planned and done maintenance, and its
 * lifecycle (in service ⇄ under maintenance → retired, which is final). An asset's jurisdiction is
 * its location's clinic; outside it the asset answers 404 like an unknown id.
 */
@Injectable()
export class AssetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assets: AssetRepository,
    private readonly stock: StockService,
  ) {}

  private scope(caller: AuthUser): ScopeCondition {
    return scopeCondition(caller.scope, LOCATION_SCOPE);
  }

  async list(caller: AuthUser, query: AssetQueryDto): Promise<Page<AssetResponseDto>> {
    const today = clinicToday();
    const within = query.warrantyExpiringWithinDays;
    const [rows, total] = await this.assets.list(this.scope(caller), {
      status: query.status,
      category: query.category,
      locationId: query.locationId,
      warrantyFrom: within === undefined ? undefined : today,
      warrantyTo: within === undefined ? undefined : addDays(today, within),
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toAssetResponse), total, query);
  }

  create(caller: AuthUser, dto: CreateAssetDto): Promise<AssetDetailResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.stock.findVisibleLocation(caller, dto.locationId, manager);
      const fields: AssetFields = {
        assetTag: dto.assetTag,
        name: dto.name,
        category: dto.category,
        manufacturer: dto.manufacturer ?? null,
        model: dto.model ?? null,
        serialNumber: dto.serialNumber ?? null,
        purchaseDate: dto.purchaseDate ?? null,
        purchaseCost: money(dto.purchaseCost) ?? null,
        supplierId: dto.supplierId ?? null,
        warrantyExpiry: dto.warrantyExpiry ?? null,
        locationId: dto.locationId,
        notes: dto.notes ?? null,
      };
      await this.checkFields(manager, fields, dto.supplierId ?? null);
      const id = randomUUID();
      try {
        await this.assets.insert(manager, id, fields);
      } catch (error) {
        throw assetDuplicate(error);
      }
      return this.detail(manager, caller, id);
    });
  }

  get(caller: AuthUser, id: string): Promise<AssetDetailResponseDto> {
    return this.detail(undefined, caller, id);
  }

  update(caller: AuthUser, id: string, dto: UpdateAssetDto): Promise<AssetDetailResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const current = await this.requireVisible(manager, caller, id, true);
      const editable = checkEditable(current.status);
      if (!editable.ok) throw lifecycleConflict(editable);
      if (Number(current.version) !== dto.version) throw assetVersionConflict();
      const changes: Partial<AssetFields> = Object.fromEntries(
        Object.entries({
          assetTag: dto.assetTag,
          name: dto.name,
          category: dto.category,
          manufacturer: dto.manufacturer,
          model: dto.model,
          serialNumber: dto.serialNumber,
          purchaseDate: dto.purchaseDate,
          purchaseCost: money(dto.purchaseCost),
          supplierId: dto.supplierId,
          warrantyExpiry: dto.warrantyExpiry,
          locationId: dto.locationId,
          notes: dto.notes,
        }).filter(([, v]) => v !== undefined),
      );
      if (Object.keys(changes).length === 0) return this.detail(manager, caller, id);
      if (changes.locationId !== undefined && changes.locationId !== current.location_id) await this.stock.findVisibleLocation(caller, changes.locationId, manager);
      const merged: AssetFields = {
        assetTag: current.asset_tag,
        name: current.name,
        category: current.category,
        manufacturer: current.manufacturer,
        model: current.model,
        serialNumber: current.serial_number,
        purchaseDate: current.purchase_date,
        purchaseCost: current.purchase_cost,
        supplierId: current.supplier_id,
        warrantyExpiry: current.warranty_expiry,
        locationId: current.location_id,
        notes: current.notes,
        ...changes,
      };
      await this.checkFields(manager, merged, changes.supplierId ?? null);
      try {
        if (!(await this.assets.update(manager, id, dto.version, changes))) throw assetVersionConflict();
      } catch (error) {
        throw assetDuplicate(error);
      }
      return this.detail(manager, caller, id);
    });
  }

  /** in_service ⇄ under_maintenance, conditional on the status read: of two racing changes one wins. */
  changeStatus(caller: AuthUser, id: string, dto: ChangeAssetStatusDto): Promise<AssetDetailResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const asset = await this.requireVisible(manager, caller, id, true);
      const check = checkStatusChange(asset.status, dto.status);
      if (!check.ok) throw lifecycleConflict(check);
      const note = dto.note ? `${clinicToday()} ${dto.status === 'in_service' ? 'Back in service' : 'Under maintenance'}: ${dto.note}` : null;
      if (!(await this.assets.setStatus(manager, id, asset.status, dto.status, note))) throw assetVersionConflict();
      return this.detail(manager, caller, id);
    });
  }

  /** Retirement is final; its schedules stop so no more maintenance falls due. */
  retire(caller: AuthUser, id: string, dto: RetireAssetDto): Promise<AssetDetailResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const asset = await this.requireVisible(manager, caller, id, true);
      const editable = checkEditable(asset.status);
      if (!editable.ok) throw lifecycleConflict(editable);
      const date = checkRetirementDate(dto.retiredOn, clinicToday(), asset.purchase_date);
      if (!date.ok) throw fieldProblem(date.field, date.message);
      if (!(await this.assets.retire(manager, id, asset.status, dto.retiredOn, dto.reason))) throw assetVersionConflict();
      await this.assets.deactivateSchedules(manager, id);
      return this.detail(manager, caller, id);
    });
  }

  addSchedule(caller: AuthUser, id: string, dto: AddMaintenanceScheduleDto): Promise<MaintenanceScheduleResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.requireEditable(manager, caller, id);
      const scheduleId = randomUUID();
      await this.assets.insertSchedule(manager, { id: scheduleId, assetId: id, task: dto.task, intervalDays: dto.intervalDays, nextDueDate: dto.nextDueDate });
      return this.schedule(manager, id, scheduleId);
    });
  }

  updateSchedule(caller: AuthUser, id: string, scheduleId: string, dto: UpdateMaintenanceScheduleDto): Promise<MaintenanceScheduleResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.requireEditable(manager, caller, id);
      if (!(await this.assets.findSchedule(id, scheduleId, manager, true))) throw new NotFoundError('Maintenance schedule');
      const changes = Object.fromEntries(Object.entries({ task: dto.task, intervalDays: dto.intervalDays, nextDueDate: dto.nextDueDate, isActive: dto.isActive }).filter(([, v]) => v !== undefined));
      await this.assets.updateSchedule(manager, scheduleId, changes);
      return this.schedule(manager, id, scheduleId);
    });
  }

  /** One transaction: the log row, the schedule's next due date, and the return to service if asked. */
  recordMaintenance(caller: AuthUser, id: string, dto: RecordMaintenanceDto): Promise<MaintenanceLogResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const asset = await this.requireEditable(manager, caller, id);
      const future = checkPerformedOn(dto.performedOn, clinicToday());
      if (future) throw fieldProblem('performedOn', future);
      if (asset.purchase_date && dto.performedOn < asset.purchase_date) throw fieldProblem('performedOn', 'performedOn cannot be before the purchase date');
      if (dto.scheduleId) {
        const schedule = await this.assets.findSchedule(id, dto.scheduleId, manager, true);
        if (!schedule) throw new NotFoundError('Maintenance schedule');
        if (!Number(schedule.is_active)) throw scheduleInactive();
        await this.assets.updateSchedule(manager, schedule.id, { nextDueDate: nextDueAfter(dto.performedOn, Number(schedule.interval_days)) });
      }
      const logId = randomUUID();
      await this.assets.insertLog(manager, {
        id: logId,
        assetId: id,
        scheduleId: dto.scheduleId ?? null,
        kind: dto.kind,
        performedOn: dto.performedOn,
        performedBy: caller.id,
        vendor: dto.vendor ?? null,
        cost: money(dto.cost) ?? null,
        notes: dto.notes ?? null,
      });
      if (dto.returnToService && asset.status === 'under_maintenance') {
        if (!(await this.assets.setStatus(manager, id, asset.status, 'in_service', null))) throw assetVersionConflict();
      }
      return toMaintenanceLogResponse((await this.assets.findLog(logId, manager))!);
    });
  }

  async listMaintenance(caller: AuthUser, id: string, query: PageQueryDto): Promise<Page<MaintenanceLogResponseDto>> {
    await this.requireVisible(undefined, caller, id);
    const [rows, total] = await this.assets.log(id, query.offset, query.perPage);
    return pageOf(rows.map(toMaintenanceLogResponse), total, query);
  }

  private async requireVisible(manager: EntityManager | undefined, caller: AuthUser, id: string, lock = false): Promise<AssetRow> {
    const asset = await this.assets.findVisible(this.scope(caller), id, manager, lock);
    if (!asset) throw new NotFoundError('Asset');
    return asset;
  }

  /** Visible, locked, and not retired (409 ASSET_RETIRED). */
  private async requireEditable(manager: EntityManager, caller: AuthUser, id: string): Promise<AssetRow> {
    const asset = await this.requireVisible(manager, caller, id, true);
    const editable = checkEditable(asset.status);
    if (!editable.ok) throw lifecycleConflict(editable);
    return asset;
  }

  /** Cross-field rules and references a DTO cannot check alone, all reported together. */
  private async checkFields(manager: EntityManager, fields: AssetFields, newSupplierId: string | null): Promise<void> {
    const problems: FieldError[] = [];
    const today = clinicToday();
    if (fields.purchaseDate && fields.purchaseDate > today) problems.push({ field: 'purchaseDate', message: 'purchaseDate cannot be in the future' });
    if (fields.purchaseDate && fields.warrantyExpiry && fields.warrantyExpiry < fields.purchaseDate) {
      problems.push({ field: 'warrantyExpiry', message: 'warrantyExpiry cannot be before the purchase date' });
    }
    if (newSupplierId && !(await this.assets.supplierExists(newSupplierId, manager))) problems.push({ field: 'supplierId', message: 'supplierId names no supplier' });
    if (problems.length > 0) throw new ValidationFailedError(problems);
  }

  private async schedule(manager: EntityManager, assetId: string, scheduleId: string): Promise<MaintenanceScheduleResponseDto> {
    const row = await this.assets.findSchedule(assetId, scheduleId, manager);
    if (!row) throw new NotFoundError('Maintenance schedule');
    return toMaintenanceScheduleResponse(row, clinicToday());
  }

  private async detail(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<AssetDetailResponseDto> {
    const asset = await this.requireVisible(manager, caller, id);
    const today = clinicToday();
    const schedules = await this.assets.schedules(id, manager);
    const [log] = await this.assets.log(id, 0, RECENT_MAINTENANCE, manager);
    return {
      ...toAssetResponse(asset),
      schedules: schedules.map((s) => toMaintenanceScheduleResponse(s, today)),
      recentMaintenance: log.map(toMaintenanceLogResponse),
    };
  }
}
