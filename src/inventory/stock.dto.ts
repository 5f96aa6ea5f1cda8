import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Max,
  Min,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import type {
  BatchOnHandRow,
  LedgerMismatchRow,
  MovementRow,
  OnHandSummaryRow,
  StockTakeLineRow,
  StockTakeRow,
  StockValueRow,
} from './stock.repository';
import {
  INVENTORY_ITEM_KINDS,
  type InventoryItemKind,
  STOCK_MOVEMENT_KINDS, type StockMovementKind, WRITE_OFF_REASONS, type WriteOffReason } from './stock-rules';

/** More units than any clinic store holds of one batch; keeps sums far inside INT. */
export const MAX_STOCK_QUANTITY = 1_000_000;
const MAX_UNIT_COST = 99_999_999;

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A whole number of units, at least one. */
const IsStockQuantity = () => applyDecorators(IsInt(), Min(1), Max(MAX_STOCK_QUANTITY));

// --- requests ---

export class ReceiveStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() locationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId: string;
  @ApiProperty({ maxLength: 60, example: 'LOT-2026-0412' }) @FreeText(60) lotNumber: string;
  @ApiProperty({ format: 'date', description: 'Must be after today (the clinics’ date)' }) @IsDateOnly() expiryDate: string;
  @ApiProperty({ minimum: 1, maximum: MAX_STOCK_QUANTITY, description: "In the item's unit" }) @IsStockQuantity() quantity: number;
  @ApiProperty({ minimum: 0, maximum: MAX_UNIT_COST, description: 'Cost per unit in rand, up to 4 decimals', example: 1.25 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(MAX_UNIT_COST)
  unitCost: number;
  @ApiPropertyOptional({ format: 'uuid' }) @OptionalNotNull() @IsUUID() supplierId?: string;
  @ApiPropertyOptional({ maxLength: 500, example: 'Delivery note DN-88812' }) @OptionalNotNull() @FreeText(500) reason?: string;
}

export class IssueStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() locationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_STOCK_QUANTITY }) @IsStockQuantity() quantity: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Take from this batch; otherwise first-expiry-first-out' })
  @OptionalNotNull()
  @IsUUID()
  batchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The visit the consumables were used in (at the location's clinic)" })
  @OptionalNotNull()
  @IsUUID()
  visitId?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @OptionalNotNull() @FreeText(500) reason?: string;
}

export class TransferStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() fromLocationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() toLocationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_STOCK_QUANTITY }) @IsStockQuantity() quantity: number;
  @ApiPropertyOptional({ maxLength: 500, example: 'Stocking the mobile unit for the week' }) @OptionalNotNull() @FreeText(500) reason?: string;
}

export class AdjustStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() locationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ minimum: -MAX_STOCK_QUANTITY, maximum: MAX_STOCK_QUANTITY, description: 'Signed change, not zero' })
  @IsInt()
  @Min(-MAX_STOCK_QUANTITY)
  @Max(MAX_STOCK_QUANTITY)
  @NotEquals(0, { message: 'quantityDelta must not be zero' })
  quantityDelta: number;
  @ApiProperty({ maxLength: 500, example: 'Box found in the back store' }) @FreeText(500) reason: string;
}

export class WriteOffStockDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() locationId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ minimum: 1, maximum: MAX_STOCK_QUANTITY }) @IsStockQuantity() quantity: number;
  @ApiProperty({ enum: WRITE_OFF_REASONS, enumName: 'StockWriteOffReason' }) @IsIn(WRITE_OFF_REASONS) reason: WriteOffReason;
  @ApiPropertyOptional({ maxLength: 500 }) @OptionalNotNull() @FreeText(500) note?: string;
}

export class StockTakeLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ minimum: 0, maximum: MAX_STOCK_QUANTITY }) @IsInt() @Min(0) @Max(MAX_STOCK_QUANTITY) countedQuantity: number;
}

export class RecordStockTakeDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() locationId: string;
  @ApiProperty({ type: [StockTakeLineDto], minItems: 1, maxItems: 500, description: 'One line per batch counted; each batch once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StockTakeLineDto)
  lines: StockTakeLineDto[];
  @ApiPropertyOptional({ maxLength: 1000 }) @OptionalNotNull() @FreeText(1000) note?: string;
}

export class ReverseStockMovementDto {
  @ApiProperty({ maxLength: 500, example: 'Transfer entered against the wrong batch' }) @FreeText(500) reason: string;
}

export class StockMovementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() batchId?: string;
  @ApiPropertyOptional({ enum: STOCK_MOVEMENT_KINDS, enumName: 'StockMovementKind' }) @IsOptional() @IsIn(STOCK_MOVEMENT_KINDS) kind?: StockMovementKind;
  @ApiPropertyOptional({ format: 'date', description: 'From this day (clinics’ calendar), inclusive' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'To this day (clinics’ calendar), inclusive' }) @IsOptional() @IsDateOnly() to?: string;
}

export class OnHandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ description: 'Only items whose usable on-hand is at or below their reorder level' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  belowReorder?: boolean;
}

export class StockBatchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() itemId?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 3650, description: 'Only usable batches expiring within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  expiringWithinDays?: number;
  @ApiPropertyOptional({ default: false, description: 'Also batches with nothing left at the location' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeEmpty?: boolean;
}

export class LocationFilterQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
}

// --- responses ---

export class StockMovementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'Shared by the legs of one operation' }) transactionId: string;
  @ApiProperty({ enum: STOCK_MOVEMENT_KINDS, enumName: 'StockMovementKind' }) kind: StockMovementKind;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty() unit: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty() lotNumber: string;
  @ApiProperty({ format: 'date' }) expiryDate: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty({ description: 'Signed change of on-hand' }) quantity: number;
  @ApiProperty({ example: '1.2500', description: 'Decimal string' }) unitCost: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ enum: WRITE_OFF_REASONS, enumName: 'StockWriteOffReason', nullable: true }) writeOffReason: WriteOffReason | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reversesMovementId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The reversal of this movement, if reversed' }) reversedByMovementId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'visit' }) referenceType: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) referenceId: string | null;
  @ApiProperty({ format: 'uuid' }) performedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export function toStockMovementResponse(row: MovementRow): StockMovementResponseDto {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    kind: row.kind,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    unit: row.item_unit,
    batchId: row.batch_id,
    lotNumber: row.lot_number,
    expiryDate: row.expiry_date,
    locationId: row.location_id,
    locationCode: row.location_code,
    quantity: Number(row.quantity),
    unitCost: row.unit_cost,
    reason: row.reason,
    writeOffReason: row.write_off_reason,
    reversesMovementId: row.reverses_movement_id,
    reversedByMovementId: row.reversed_by_movement_id,
    referenceType: row.reference_type,
    referenceId: row.reference_id,
    performedBy: row.performed_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** What one stock operation wrote: its legs in the ledger. */
export class StockTransactionResponseDto {
  @ApiProperty({ format: 'uuid' }) transactionId: string;
  @ApiProperty({ type: [StockMovementResponseDto] }) movements: StockMovementResponseDto[];
}

export function toStockTransactionResponse(transactionId: string, rows: MovementRow[]): StockTransactionResponseDto {
  return { transactionId, movements: rows.map(toStockMovementResponse) };
}

export class OnHandResponseDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ enum: INVENTORY_ITEM_KINDS, enumName: 'InventoryItemKind' }) itemKind: InventoryItemKind;
  @ApiProperty() unit: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty() locationName: string;
  @ApiProperty({ description: 'All batches on hand, expired included' }) quantity: number;
  @ApiProperty({ description: 'Batches expiring after today' }) usableQuantity: number;
  @ApiProperty({ description: 'Expired but still on hand (to be written off)' }) expiredQuantity: number;
  @ApiProperty({ description: 'Batches with stock' }) batchCount: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Earliest expiry among usable batches' }) nearestExpiry: string | null;
  @ApiProperty({ type: Number, nullable: true }) reorderLevel: number | null;
  @ApiProperty({ type: Number, nullable: true }) reorderQuantity: number | null;
  @ApiProperty({ description: 'Usable on-hand at or below the reorder level' }) belowReorder: boolean;
}

export function toOnHandResponse(row: OnHandSummaryRow): OnHandResponseDto {
  const usable = Number(row.usable_quantity);
  const reorderLevel = row.reorder_level === null ? null : Number(row.reorder_level);
  return {
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    itemKind: row.item_kind as InventoryItemKind,
    unit: row.unit,
    locationId: row.location_id,
    locationCode: row.location_code,
    locationName: row.location_name,
    quantity: Number(row.quantity),
    usableQuantity: usable,
    expiredQuantity: Number(row.expired_quantity),
    batchCount: Number(row.batch_count),
    nearestExpiry: row.nearest_expiry,
    reorderLevel,
    reorderQuantity: row.reorder_quantity === null ? null : Number(row.reorder_quantity),
    belowReorder: reorderLevel !== null && usable <= reorderLevel,
  };
}

export class StockBatchResponseDto {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty() unit: string;
  @ApiProperty() lotNumber: string;
  @ApiProperty({ format: 'date' }) expiryDate: string;
  @ApiProperty({ description: 'Expired: the expiry date is today or earlier' }) expired: boolean;
  @ApiProperty({ example: '1.2500' }) unitCost: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supplierId: string | null;
  @ApiProperty({ type: String, nullable: true }) supplierName: string | null;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ example: '125.0000', description: 'quantity × unitCost' }) value: string;
}

export function toStockBatchResponse(row: BatchOnHandRow, today: string): StockBatchResponseDto {
  return {
    batchId: row.batch_id,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    unit: row.unit,
    lotNumber: row.lot_number,
    expiryDate: row.expiry_date,
    expired: row.expiry_date <= today,
    unitCost: row.unit_cost,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    locationId: row.location_id,
    locationCode: row.location_code,
    quantity: Number(row.quantity),
    value: row.value,
  };
}

export class LocationStockValueDto {
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty() locationName: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ example: '1520.5000', description: 'Sum of on-hand × unit cost, decimal string' }) value: string;
  @ApiProperty({ example: '12.0000', description: 'The part of value in expired batches' }) expiredValue: string;
}

export class StockValueResponseDto {
  @ApiProperty({ example: '3041.0000' }) totalValue: string;
  @ApiProperty({ example: '12.0000' }) totalExpiredValue: string;
  @ApiProperty({ type: [LocationStockValueDto] }) locations: LocationStockValueDto[];
}

/** Adds decimal strings exactly (4 places), without floating point. */
export function sumDecimals(values: string[]): string {
  const total = values.reduce((sum, v) => sum + decimalToUnits(v), 0n);
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const whole = abs / 10_000n;
  const fraction = (abs % 10_000n).toString().padStart(4, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

function decimalToUnits(value: string): bigint {
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const units = BigInt(whole || '0') * 10_000n + BigInt((fraction + '0000').slice(0, 4));
  return value.startsWith('-') ? -units : units;
}

export function toStockValueResponse(rows: StockValueRow[]): StockValueResponseDto {
  const locations = rows.map((r) => ({
    locationId: r.location_id,
    locationCode: r.location_code,
    locationName: r.location_name,
    quantity: Number(r.quantity),
    value: sumDecimals([r.value]),
    expiredValue: sumDecimals([r.expired_value]),
  }));
  return {
    totalValue: sumDecimals(locations.map((l) => l.value)),
    totalExpiredValue: sumDecimals(locations.map((l) => l.expiredValue)),
    locations,
  };
}

export class LedgerMismatchDto {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiProperty() onHand: number;
  @ApiProperty({ description: 'Sum of the ledger movements' }) ledger: number;
}

export class LedgerCheckResponseDto {
  @ApiProperty({ description: 'Batch-and-location balances compared' }) checkedBalances: number;
  @ApiProperty({ description: 'True when every balance equals its ledger sum' }) consistent: boolean;
  @ApiProperty({ type: [LedgerMismatchDto], description: 'Up to 100 balances that differ' }) mismatches: LedgerMismatchDto[];
}

export function toLedgerCheckResponse(result: { checked: number; mismatches: LedgerMismatchRow[] }): LedgerCheckResponseDto {
  return {
    checkedBalances: result.checked,
    consistent: result.mismatches.length === 0,
    mismatches: result.mismatches.map((m) => ({
      batchId: m.batch_id,
      locationId: m.location_id,
      itemId: m.item_id,
      onHand: Number(m.on_hand),
      ledger: Number(m.ledger),
    })),
  };
}

export class StockTakeLineResponseDto {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty() lotNumber: string;
  @ApiProperty({ format: 'date' }) expiryDate: string;
  @ApiProperty({ description: 'On hand before the count' }) systemQuantity: number;
  @ApiProperty() countedQuantity: number;
  @ApiProperty({ description: 'counted − system: the correction made' }) difference: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The correcting movement; null when the count matched' })
  movementId: string | null;
}

export class StockTakeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationCode: string;
  @ApiProperty({ format: 'uuid' }) countedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) countedAt: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: 'Lines whose count differed and were corrected' }) corrections: number;
  @ApiProperty({ type: [StockTakeLineResponseDto] }) lines: StockTakeLineResponseDto[];
}

export function toStockTakeResponse(take: StockTakeRow, lines: StockTakeLineRow[]): StockTakeResponseDto {
  const mapped = lines.map((l) => ({
    batchId: l.batch_id,
    itemId: l.item_id,
    itemCode: l.item_code,
    itemName: l.item_name,
    lotNumber: l.lot_number,
    expiryDate: l.expiry_date,
    systemQuantity: Number(l.system_quantity),
    countedQuantity: Number(l.counted_quantity),
    difference: Number(l.counted_quantity) - Number(l.system_quantity),
    movementId: l.movement_id,
  }));
  return {
    id: take.id,
    locationId: take.location_id,
    locationCode: take.location_code,
    countedBy: take.counted_by,
    countedAt: new Date(take.counted_at).toISOString(),
    note: take.note,
    corrections: mapped.filter((l) => l.difference !== 0).length,
    lines: mapped,
  };
}
