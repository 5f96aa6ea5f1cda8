import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { FreeText, IsE164Phone, NormaliseEmail, OptionalNotNull, Trim } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import type { InventoryItemEntity, SupplierEntity } from '../inventory.entity';
import { INVENTORY_ITEM_KINDS, type InventoryItemKind, STOCK_LOCATION_KINDS, type StockLocationKind } from '../stock-rules';
import type { ReorderLevelRow, StockLocationRow } from './catalogue.repository';

export const MAX_VERSION = 2_147_483_647;
/** Far beyond any real reorder point; keeps arithmetic inside INT. */
export const MAX_REORDER = 1_000_000;

export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const upperTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** A stable code: upper-case letters, digits and . / - _ (stored upper-case). */
const CodeField = (max: number) =>
  applyDecorators(
    Transform(upperTrim),
    Length(2, max),
    Matches(/^[A-Z0-9][A-Z0-9./_-]*$/, { message: '$property may contain only letters, digits and . / - _' }),
  );

/** Null clears an optional text field; leaving it out keeps it. */
const ClearableText = (max: number) => applyDecorators(IsOptional(), FreeText(max));

const VersionField = (what: string) =>
  applyDecorators(
    ApiProperty({ type: 'integer', minimum: 1, description: `The version you read; a different current version answers 409 ${what}_VERSION_CONFLICT`, example: 1 }),
    IsInt(),
    Min(1),
    Max(MAX_VERSION),
  );

const ActiveFilter = () =>
  applyDecorators(ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or only inactive (false) records' }), IsOptional(), Transform(toBoolean), IsBoolean());

const SearchFilter = (what: string) =>
  applyDecorators(ApiPropertyOptional({ maxLength: 100, description: `${what} starts with this (case-insensitive)` }), IsOptional(), Trim(), Length(1, 100));

// --- inventory items ---

export class CreateInventoryItemDto {
  @ApiProperty({ maxLength: 40, example: 'GLOVES-EXAM-M', description: 'Unique; stored upper-case' }) @CodeField(40) code: string;
  @ApiProperty({ maxLength: 200, example: 'Examination gloves, nitrile, medium' }) @FreeText(200) name: string;
  @ApiProperty({ enum: INVENTORY_ITEM_KINDS, enumName: 'InventoryItemKind' }) @IsIn(INVENTORY_ITEM_KINDS) kind: InventoryItemKind;
  @ApiProperty({ maxLength: 80, example: 'PPE' }) @FreeText(80) category: string;
  @ApiProperty({ maxLength: 30, example: 'box', description: "What stock is counted in: 'tablet', 'capsule', 'ml', 'vial', 'each', 'box'" })
  @FreeText(30)
  unit: string;
}

/** Only the fields sent change. The code and kind are fixed once created (drugs and batches refer to them). */
export class UpdateInventoryItemDto {
  @VersionField('INVENTORY_ITEM') version: number;
  @ApiPropertyOptional({ maxLength: 200 }) @OptionalNotNull() @FreeText(200) name?: string;
  @ApiPropertyOptional({ maxLength: 80 }) @OptionalNotNull() @FreeText(80) category?: string;
  @ApiPropertyOptional({ maxLength: 30 }) @OptionalNotNull() @FreeText(30) unit?: string;
  @ApiPropertyOptional({ description: 'false deactivates the item: it can no longer be received' }) @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export class InventoryItemQueryDto extends PageQueryDto {
  @SearchFilter('Code or name') q?: string;
  @ApiPropertyOptional({ enum: INVENTORY_ITEM_KINDS, enumName: 'InventoryItemKind' }) @IsOptional() @IsIn(INVENTORY_ITEM_KINDS) kind?: InventoryItemKind;
  @ApiPropertyOptional({ maxLength: 80 }) @IsOptional() @Trim() @Length(1, 80) category?: string;
  @ActiveFilter() active?: boolean;
}

export class InventoryItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INVENTORY_ITEM_KINDS, enumName: 'InventoryItemKind' }) kind: InventoryItemKind;
  @ApiProperty() category: string;
  @ApiProperty() unit: string;
  @ApiProperty({ description: 'The stock of a schedule 5 or 6 drug (set from the drug catalogue): it leaves stock only by dispensing a prescription' })
  isControlled: boolean;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Send it back with PATCH (optimistic concurrency)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toInventoryItemResponse(item: InventoryItemEntity): InventoryItemResponseDto {
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    kind: item.kind,
    category: item.category,
    unit: item.unit,
    isControlled: Boolean(item.isControlled),
    isActive: Boolean(item.isActive),
    version: item.version,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

// --- reorder levels ---

export class SetReorderLevelDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_REORDER, description: 'Low stock when usable on-hand is at or below this' })
  @IsInt()
  @Min(0)
  @Max(MAX_REORDER)
  reorderLevel: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_REORDER, description: 'How much to order when low' })
  @IsInt()
  @Min(0)
  @Max(MAX_REORDER)
  reorderQuantity: number;
}

export class ReorderLevelResponseDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty() locationName: string;
  @ApiProperty() reorderLevel: number;
  @ApiProperty() reorderQuantity: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toReorderLevelResponse(row: ReorderLevelRow): ReorderLevelResponseDto {
  return {
    itemId: row.item_id,
    locationId: row.location_id,
    locationCode: row.location_code,
    locationName: row.location_name,
    reorderLevel: Number(row.reorder_level),
    reorderQuantity: Number(row.reorder_quantity),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

// --- suppliers ---

export class CreateSupplierDto {
  @ApiProperty({ maxLength: 160, example: 'Tshwane Medical Supplies (Pty) Ltd', description: 'Unique' }) @FreeText(160) name: string;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120, example: 'Naledi Mokoena' }) @ClearableText(120) contactName?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '+27123456789' }) @IsOptional() @Trim() @IsE164Phone() phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254, example: 'orders@tms.example' }) @IsOptional() @NormaliseEmail() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 }) @ClearableText(300) address?: string | null;
}

/** Only the fields sent change; null clears an optional field. */
export class UpdateSupplierDto {
  @VersionField('SUPPLIER') version: number;
  @ApiPropertyOptional({ maxLength: 160 }) @OptionalNotNull() @FreeText(160) name?: string;
  @ApiPropertyOptional({ maxLength: 120, nullable: true, type: String }) @ClearableText(120) contactName?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @Trim() @IsE164Phone() phone?: string | null;
  @ApiPropertyOptional({ maxLength: 254, nullable: true, type: String }) @IsOptional() @NormaliseEmail() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String }) @ClearableText(300) address?: string | null;
  @ApiPropertyOptional() @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export class SupplierQueryDto extends PageQueryDto {
  @SearchFilter('Name') q?: string;
  @ActiveFilter() active?: boolean;
}

export class SupplierResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Send it back with PATCH (optimistic concurrency)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toSupplierResponse(s: SupplierEntity): SupplierResponseDto {
  return {
    id: s.id,
    name: s.name,
    contactName: s.contactName,
    phone: s.phone,
    email: s.email,
    address: s.address,
    isActive: Boolean(s.isActive),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

// --- stock locations ---

export class CreateStockLocationDto {
  @ApiProperty({ maxLength: 32, example: 'GP-TSH-001-STORE', description: 'Unique; stored upper-case' }) @CodeField(32) code: string;
  @ApiProperty({ maxLength: 160, example: 'Pretoria Central dispensary store' }) @FreeText(160) name: string;
  @ApiProperty({ enum: STOCK_LOCATION_KINDS, enumName: 'StockLocationKind' }) @IsIn(STOCK_LOCATION_KINDS) kind: StockLocationKind;
  @ApiProperty({ format: 'uuid', description: 'The clinic it belongs to; must be inside your jurisdiction' }) @IsUUID() clinicId: string;
}

/** Only the fields sent change. The code, kind and clinic are fixed (stock and history refer to them). */
export class UpdateStockLocationDto {
  @ApiPropertyOptional({ maxLength: 160 }) @OptionalNotNull() @FreeText(160) name?: string;
  @ApiPropertyOptional({ description: 'false deactivates the location: no stock moves in or out' }) @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export class StockLocationQueryDto extends PageQueryDto {
  @SearchFilter('Code or name') q?: string;
  @ApiPropertyOptional({ enum: STOCK_LOCATION_KINDS, enumName: 'StockLocationKind' }) @IsOptional() @IsIn(STOCK_LOCATION_KINDS) kind?: StockLocationKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clinicId?: string;
  @ActiveFilter() active?: boolean;
}

export class StockLocationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: STOCK_LOCATION_KINDS, enumName: 'StockLocationKind' }) kind: StockLocationKind;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty() clinicName: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toStockLocationResponse(l: StockLocationRow): StockLocationResponseDto {
  return {
    id: l.id,
    code: l.code,
    name: l.name,
    kind: l.kind,
    clinicId: l.clinic_id,
    clinicName: l.clinic_name,
    isActive: Boolean(Number(l.is_active)),
    createdAt: new Date(l.created_at).toISOString(),
    updatedAt: new Date(l.updated_at).toISOString(),
  };
}

