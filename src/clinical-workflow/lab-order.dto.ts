import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FreeText, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import type { LabOrderEntity, LabResultEntity } from './lab-order.entity';
import {
  LAB_ORDER_ACTIONS,
  LAB_ORDER_STATUSES,
  LAB_PRIORITIES,
  LAB_RESULT_FLAGS,
  labOrderActions,
  type LabOrderAction,
  type LabOrderStatus,
  type LabPriority,
  type LabResultFlag,
  SPECIMEN_TYPES,
  type SpecimenType,
} from './order-workflow';
import { decimal, iso } from './workflow-common';

// DECIMAL(15,5): ten digits before the point, five after.
const RESULT_LIMIT = 9_999_999_999;

/** A test to order, in a consultation or on its own. */
export class NewLabOrderDto {
  @ApiProperty({ maxLength: 32, example: 'FBC', description: "The laboratory's test code (e.g. NHLS or LOINC)" })
  @FreeText(32)
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'testCode may hold only letters, digits, ".", "_", ":" and "-"' })
  testCode: string;

  @ApiProperty({ maxLength: 200, example: 'Full blood count' }) @FreeText(200) testName: string;

  @ApiPropertyOptional({ enum: LAB_PRIORITIES, enumName: 'LabOrderPriority', default: 'routine' })
  @OptionalNotNull()
  @IsIn(LAB_PRIORITIES)
  priority?: LabPriority;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Pale, tired for a month; query anaemia' })
  @OptionalNotNull()
  @FreeText(1000)
  clinicalNotes?: string;
}

export class SpecimenCollectionDto {
  @ApiProperty({ enum: SPECIMEN_TYPES, enumName: 'SpecimenType' }) @IsIn(SPECIMEN_TYPES) specimenType: SpecimenType;
}

/** One analyte: a number (with unit and reference range) or text, not both. */
export class LabResultValueDto {
  @ApiProperty({ maxLength: 120, example: 'Haemoglobin' }) @FreeText(120) analyte: string;

  @ApiPropertyOptional({ type: 'number', example: 10.2, description: 'Numeric value; give this or valueText' })
  @ValidateIf((o: LabResultValueDto) => o.valueText === undefined || o.valueNumeric !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 }, { message: 'valueNumeric must be a number with at most 5 decimal places (or give valueText)' })
  @Min(-RESULT_LIMIT)
  @Max(RESULT_LIMIT)
  valueNumeric?: number;

  @ApiPropertyOptional({ maxLength: 500, example: 'Negative', description: 'Text value; give this or valueNumeric' })
  @ValidateIf((o: LabResultValueDto) => o.valueNumeric === undefined || o.valueText !== undefined)
  @FreeText(500)
  valueText?: string;

  @ApiPropertyOptional({ maxLength: 32, example: 'g/dL' }) @OptionalNotNull() @FreeText(32) unit?: string;

  @ApiPropertyOptional({ type: 'number', example: 12 })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 })
  @Min(-RESULT_LIMIT)
  @Max(RESULT_LIMIT)
  referenceLow?: number;

  @ApiPropertyOptional({ type: 'number', example: 15.5 })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 })
  @Min(-RESULT_LIMIT)
  @Max(RESULT_LIMIT)
  referenceHigh?: number;

  @ApiPropertyOptional({ enum: LAB_RESULT_FLAGS, enumName: 'LabResultFlag', description: "The laboratory's flag; computed from the range when left out" })
  @OptionalNotNull()
  @IsIn(LAB_RESULT_FLAGS)
  flag?: LabResultFlag;
}

export class LabResultDto {
  @ApiProperty({ type: [LabResultValueDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LabResultValueDto)
  results: LabResultValueDto[];

  @ApiPropertyOptional({ format: 'uuid', description: "The laboratory's report, uploaded first as a patient document" })
  @OptionalNotNull()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Mild normocytic anaemia' }) @OptionalNotNull() @FreeText(2000) summary?: string;
}

export class CancelLabOrderDto {
  @ApiProperty({ maxLength: 500, example: 'Specimen haemolysed; reordered' }) @IsDefined() @FreeText(500) reason: string;
}

export class LabOrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'patientId or visitId is required' })
  @ValidateIf((o: LabOrderQueryDto) => o.visitId === undefined || o.patientId !== undefined)
  @IsDefined({ message: 'patientId or visitId is required' })
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() visitId?: string;

  @ApiPropertyOptional({ enum: LAB_ORDER_STATUSES, enumName: 'LabOrderStatus' }) @IsOptional() @IsIn(LAB_ORDER_STATUSES) status?: LabOrderStatus;
}

export class LabResultResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() analyte: string;
  @ApiProperty({ type: 'number', nullable: true }) valueNumeric: number | null;
  @ApiProperty({ type: String, nullable: true }) valueText: string | null;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
  @ApiProperty({ type: 'number', nullable: true }) referenceLow: number | null;
  @ApiProperty({ type: 'number', nullable: true }) referenceHigh: number | null;
  @ApiProperty({ enum: LAB_RESULT_FLAGS, enumName: 'LabResultFlag', nullable: true }) flag: LabResultFlag | null;
}

export class LabOrderResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) visitId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() testCode: string;
  @ApiProperty() testName: string;
  @ApiProperty({ enum: LAB_PRIORITIES, enumName: 'LabOrderPriority' }) priority: LabPriority;
  @ApiProperty({ type: String, nullable: true }) clinicalNotes: string | null;
  @ApiProperty({ enum: LAB_ORDER_STATUSES, enumName: 'LabOrderStatus' }) status: LabOrderStatus;
  @ApiProperty({ enum: LAB_ORDER_ACTIONS, enumName: 'LabOrderAction', isArray: true, description: 'What may be done next' })
  allowedActions: LabOrderAction[];
  @ApiProperty({ format: 'uuid' }) orderedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) orderedAt: string;
  @ApiProperty({ enum: SPECIMEN_TYPES, enumName: 'SpecimenType', nullable: true }) specimenType: SpecimenType | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) collectedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) collectedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) resultedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resultedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) resultDocumentId: string | null;
  @ApiProperty({ type: String, nullable: true }) resultSummary: string | null;
  @ApiProperty({ type: [LabResultResponseDto] }) results: LabResultResponseDto[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) cancelledBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
}

export function toLabOrderResponse(order: LabOrderEntity, results: LabResultEntity[]): LabOrderResponseDto {
  return {
    id: order.id,
    visitId: order.visitId,
    patientId: order.patientId,
    testCode: order.testCode,
    testName: order.testName,
    priority: order.priority,
    clinicalNotes: order.clinicalNotes,
    status: order.status,
    allowedActions: labOrderActions(order.status),
    orderedBy: order.orderedBy,
    orderedAt: order.orderedAt.toISOString(),
    specimenType: order.specimenType,
    collectedBy: order.collectedBy,
    collectedAt: iso(order.collectedAt),
    resultedBy: order.resultedBy,
    resultedAt: iso(order.resultedAt),
    resultDocumentId: order.resultDocumentId,
    resultSummary: order.resultSummary,
    results: results
      .filter((r) => r.labOrderId === order.id)
      .sort((a, b) => a.position - b.position)
      .map((r) => ({
        id: r.id,
        analyte: r.analyte,
        valueNumeric: decimal(r.valueNumeric),
        valueText: r.valueText,
        unit: r.unit,
        referenceLow: decimal(r.referenceLow),
        referenceHigh: decimal(r.referenceHigh),
        flag: r.flag,
      })),
    cancelledBy: order.cancelledBy,
    cancelledAt: iso(order.cancelledAt),
    cancellationReason: order.cancellationReason,
  };
}
