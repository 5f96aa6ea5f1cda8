import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull, Trim } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  ASSET_STATUSES,
  type AssetStatus,
  MAINTENANCE_KINDS,
  type MaintenanceKind,
  nextAssetStatuses,
  SETTABLE_ASSET_STATUSES,
  type SettableAssetStatus,
} from './asset-lifecycle';
import type { AssetRow, MaintenanceLogRow, MaintenanceScheduleRow } from './asset.repository';

const MAX_VERSION = 2_147_483_647;
/** DECIMAL(12,2). */
const MAX_COST = 9_999_999_999.99;
/** SMALLINT UNSIGNED holds more, but a ten-year interval is already beyond any maintenance plan. */
export const MAX_INTERVAL_DAYS = 3650;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const upperTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

const AssetTagField = () =>
  applyDecorators(
    Transform(upperTrim),
    Length(2, 40),
    Matches(/^[A-Z0-9][A-Z0-9./_-]*$/, { message: '$property may contain only letters, digits and . / - _' }),
  );

/** Rand amount with cents. */
const CostField = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), Min(0), Max(MAX_COST));

const IntervalField = () => applyDecorators(IsInt(), Min(1), Max(MAX_INTERVAL_DAYS));

// --- requests ---

export class CreateAssetDto {
  @ApiProperty({ maxLength: 40, example: 'AST-GP-TSH-001-0001', description: 'Unique label on the equipment; stored upper-case' }) @AssetTagField() assetTag: string;
  @ApiProperty({ maxLength: 200, example: 'Automatic blood pressure monitor' }) @FreeText(200) name: string;
  @ApiProperty({ maxLength: 80, example: 'Diagnostic' }) @FreeText(80) category: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120, example: 'Omron' }) @IsOptional() @FreeText(120) manufacturer?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120, example: 'HBP-1320' }) @IsOptional() @FreeText(120) model?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 80, description: 'Unique when given' }) @IsOptional() @FreeText(80) serialNumber?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'Not in the future' }) @IsOptional() @IsDateOnly() purchaseDate?: string | null;
  @ApiPropertyOptional({ type: Number, minimum: 0, example: 2450.0, description: 'Rand, two decimals' }) @IsOptional() @CostField() purchaseCost?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) @IsOptional() @IsUUID() supplierId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'Not before the purchase date' }) @IsOptional() @IsDateOnly() warrantyExpiry?: string | null;
  @ApiProperty({ format: 'uuid', description: 'An active stock location in your jurisdiction' }) @IsUUID() locationId: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 }) @IsOptional() @FreeText(1000) notes?: string | null;
}

/** Only the fields sent change; null clears an optional field. Status and retirement have their own actions. */
export class UpdateAssetDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; a different current version answers 409 ASSET_VERSION_CONFLICT', example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiPropertyOptional({ maxLength: 40 }) @OptionalNotNull() @AssetTagField() assetTag?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @OptionalNotNull() @FreeText(200) name?: string;
  @ApiPropertyOptional({ maxLength: 80 }) @OptionalNotNull() @FreeText(80) category?: string;
  @ApiPropertyOptional({ maxLength: 120, nullable: true, type: String }) @IsOptional() @FreeText(120) manufacturer?: string | null;
  @ApiPropertyOptional({ maxLength: 120, nullable: true, type: String }) @IsOptional() @FreeText(120) model?: string | null;
  @ApiPropertyOptional({ maxLength: 80, nullable: true, type: String }) @IsOptional() @FreeText(80) serialNumber?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @IsOptional() @IsDateOnly() purchaseDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @IsOptional() @CostField() purchaseCost?: number | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) @IsOptional() @IsUUID() supplierId?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String }) @IsOptional() @IsDateOnly() warrantyExpiry?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'Move it to another active stock location in your jurisdiction' }) @OptionalNotNull() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String }) @IsOptional() @FreeText(1000) notes?: string | null;
}

export class AssetQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSET_STATUSES, enumName: 'AssetStatus' }) @IsOptional() @IsIn(ASSET_STATUSES) status?: AssetStatus;
  @ApiPropertyOptional({ maxLength: 80 }) @IsOptional() @Trim() @Length(1, 80) category?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 3650, description: 'Only assets not retired whose warranty ends between today and this many days from now' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  warrantyExpiringWithinDays?: number;
}

export class ChangeAssetStatusDto {
  @ApiProperty({ enum: SETTABLE_ASSET_STATUSES, enumName: 'AssetStatusChange', description: 'Retire with POST /assets/{id}/retire' })
  @IsIn(SETTABLE_ASSET_STATUSES)
  status: SettableAssetStatus;

  @ApiPropertyOptional({ maxLength: 500, example: 'Cuff leaking; sent to vendor', description: "Added to the asset's notes with the date" })
  @OptionalNotNull()
  @FreeText(500)
  note?: string;
}

export class RetireAssetDto {
  @ApiProperty({ format: 'date', description: 'Not in the future, not before the purchase date' }) @IsDateOnly() retiredOn: string;
  @ApiProperty({ maxLength: 500, example: 'Beyond economical repair' }) @FreeText(500) reason: string;
}

export class AddMaintenanceScheduleDto {
  @ApiProperty({ maxLength: 200, example: 'Annual calibration' }) @FreeText(200) task: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_INTERVAL_DAYS, example: 365 }) @IntervalField() intervalDays: number;
  @ApiProperty({ format: 'date' }) @IsDateOnly() nextDueDate: string;
}

export class UpdateMaintenanceScheduleDto {
  @ApiPropertyOptional({ maxLength: 200 }) @OptionalNotNull() @FreeText(200) task?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_INTERVAL_DAYS }) @OptionalNotNull() @IntervalField() intervalDays?: number;
  @ApiPropertyOptional({ format: 'date' }) @OptionalNotNull() @IsDateOnly() nextDueDate?: string;
  @ApiPropertyOptional({ description: 'false stops the schedule (no more due alerts)' }) @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export class RecordMaintenanceDto {
  @ApiProperty({ enum: MAINTENANCE_KINDS, enumName: 'AssetMaintenanceKind' }) @IsIn(MAINTENANCE_KINDS) kind: MaintenanceKind;
  @ApiProperty({ format: 'date', description: 'Not in the future' }) @IsDateOnly() performedOn: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The schedule this satisfies: its next due date becomes performedOn + its interval" })
  @OptionalNotNull()
  @IsUUID()
  scheduleId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 160, example: 'MedEquip Services' }) @IsOptional() @FreeText(160) vendor?: string | null;
  @ApiPropertyOptional({ type: Number, minimum: 0, description: 'Rand, two decimals' }) @IsOptional() @CostField() cost?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 }) @IsOptional() @FreeText(1000) notes?: string | null;
  @ApiPropertyOptional({ default: false, description: 'Put an asset under maintenance back in service' })
  @OptionalNotNull()
  @Transform(toBoolean)
  @IsBoolean()
  returnToService?: boolean;
}

// --- responses ---

export class AssetResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() assetTag: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: String, nullable: true }) manufacturer: string | null;
  @ApiProperty({ type: String, nullable: true }) model: string | null;
  @ApiProperty({ type: String, nullable: true }) serialNumber: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) purchaseDate: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2450.00', description: 'Rand, decimal string' }) purchaseCost: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supplierId: string | null;
  @ApiProperty({ type: String, nullable: true }) supplierName: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) warrantyExpiry: string | null;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty() locationName: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ enum: ASSET_STATUSES, enumName: 'AssetStatus' }) status: AssetStatus;
  @ApiProperty({ enum: ASSET_STATUSES, enumName: 'AssetStatus', isArray: true, description: 'Statuses it may move to next' })
  allowedNextStatuses: AssetStatus[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) retiredOn: string | null;
  @ApiProperty({ type: String, nullable: true }) retirementReason: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ description: 'Send it back with PATCH (optimistic concurrency)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class MaintenanceScheduleResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty() task: string;
  @ApiProperty() intervalDays: number;
  @ApiProperty({ type: String, format: 'date' }) nextDueDate: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Active and due before today' }) overdue: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class MaintenanceLogResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) assetId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) scheduleId: string | null;
  @ApiProperty({ enum: MAINTENANCE_KINDS, enumName: 'AssetMaintenanceKind' }) kind: MaintenanceKind;
  @ApiProperty({ type: String, format: 'date' }) performedOn: string;
  @ApiProperty({ format: 'uuid' }) performedBy: string;
  @ApiProperty({ type: String, nullable: true }) vendor: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Rand, decimal string' }) cost: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class AssetDetailResponseDto extends AssetResponseDto {
  @ApiProperty({ type: [MaintenanceScheduleResponseDto], description: 'Its maintenance schedules, active first, by next due date' })
  schedules: MaintenanceScheduleResponseDto[];
  @ApiProperty({ type: [MaintenanceLogResponseDto], description: 'The latest maintenance done, newest first (at most 10)' })
  recentMaintenance: MaintenanceLogResponseDto[];
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toAssetResponse(a: AssetRow): AssetResponseDto {
  return {
    id: a.id,
    assetTag: a.asset_tag,
    name: a.name,
    category: a.category,
    manufacturer: a.manufacturer,
    model: a.model,
    serialNumber: a.serial_number,
    purchaseDate: a.purchase_date,
    purchaseCost: a.purchase_cost,
    supplierId: a.supplier_id,
    supplierName: a.supplier_name,
    warrantyExpiry: a.warranty_expiry,
    locationId: a.location_id,
    locationCode: a.location_code,
    locationName: a.location_name,
    clinicId: a.clinic_id,
    status: a.status,
    allowedNextStatuses: nextAssetStatuses(a.status),
    retiredOn: a.retired_on,
    retirementReason: a.retirement_reason,
    notes: a.notes,
    version: Number(a.version),
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
  };
}

export function toMaintenanceScheduleResponse(s: MaintenanceScheduleRow, today: string): MaintenanceScheduleResponseDto {
  const isActive = Boolean(Number(s.is_active));
  return {
    id: s.id,
    assetId: s.asset_id,
    task: s.task,
    intervalDays: Number(s.interval_days),
    nextDueDate: s.next_due_date,
    isActive,
    overdue: isActive && s.next_due_date < today,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
  };
}

export function toMaintenanceLogResponse(l: MaintenanceLogRow): MaintenanceLogResponseDto {
  return {
    id: l.id,
    assetId: l.asset_id,
    scheduleId: l.schedule_id,
    kind: l.kind,
    performedOn: l.performed_on,
    performedBy: l.performed_by,
    vendor: l.vendor,
    cost: l.cost,
    notes: l.notes,
    createdAt: iso(l.created_at),
  };
}
