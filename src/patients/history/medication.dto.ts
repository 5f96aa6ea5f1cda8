import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';

import { MEDICATION_ROUTES, MEDICATION_STATUSES, type MedicationEntity, type MedicationRoute, type MedicationStatus } from './history.entity';
import { EditableEntryResponseDto, toEditableEntryFields } from './history-entry.dto';

/** What recordMedications takes for each item (a Consultation's prescription items). */
export interface MedicationInput {
  name: string;
  strength?: string | null;
  dose?: string | null;
  frequency?: string | null;
  route?: MedicationRoute | null;
  startDate?: string | null;
  endDate?: string | null;
  prescriber?: string | null;
  notes?: string | null;
}

/** One medication the patient takes; also the shape of a prescription item handed over by the Clinical Workflow. */
export class MedicationItemDto implements MedicationInput {
  @ApiProperty({ maxLength: 200, example: 'Amlodipine' })
  @FreeText(200)
  name: string;

  @ApiPropertyOptional({ maxLength: 60, example: '5 mg' }) @IsOptional() @FreeText(60) strength?: string;
  @ApiPropertyOptional({ maxLength: 60, example: '1 tablet' }) @IsOptional() @FreeText(60) dose?: string;
  @ApiPropertyOptional({ maxLength: 60, example: 'once daily' }) @IsOptional() @FreeText(60) frequency?: string;

  @ApiPropertyOptional({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' })
  @IsOptional()
  @IsIn(MEDICATION_ROUTES)
  route?: MedicationRoute;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-03-01' }) @IsOptional() @IsDateOnly() startDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'Planned or actual end; not before startDate' })
  @IsOptional()
  @IsDateOnly()
  endDate?: string;

  @ApiPropertyOptional({ maxLength: 160, example: 'Dr N. Dlamini', description: 'Who prescribed it (may be outside this service)' })
  @IsOptional()
  @FreeText(160)
  prescriber?: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @FreeText(500) notes?: string;
}

export const RECORDABLE_MEDICATION_STATUSES = ['current', 'past'] as const;

export class RecordMedicationDto extends MedicationItemDto {
  @ApiPropertyOptional({ enum: RECORDABLE_MEDICATION_STATUSES, enumName: 'RecordableMedicationStatus', default: 'current', description: 'past: from the patient\'s history' })
  @IsOptional()
  @IsIn(RECORDABLE_MEDICATION_STATUSES)
  status?: (typeof RECORDABLE_MEDICATION_STATUSES)[number];
}

export class UpdateMedicationDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; 409 if it changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: MEDICATION_STATUSES, enumName: 'MedicationStatus' })
  @OptionalNotNull()
  @IsIn(MEDICATION_STATUSES)
  status?: MedicationStatus;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when status becomes entered_in_error' })
  @OptionalNotNull()
  @FreeText(500)
  statusReason?: string;

  @ApiPropertyOptional({ maxLength: 60 }) @OptionalNotNull() @FreeText(60) strength?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @OptionalNotNull() @FreeText(60) dose?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @OptionalNotNull() @FreeText(60) frequency?: string;
  @ApiPropertyOptional({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' }) @OptionalNotNull() @IsIn(MEDICATION_ROUTES) route?: MedicationRoute;
  @ApiPropertyOptional({ type: String, format: 'date' }) @OptionalNotNull() @IsDateOnly() endDate?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @OptionalNotNull() @FreeText(500) notes?: string;
}

export class MedicationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEDICATION_STATUSES, enumName: 'MedicationStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(MEDICATION_STATUSES)
  status?: MedicationStatus;
}

export class MedicationResponseDto extends EditableEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) strength: string | null;
  @ApiProperty({ type: String, nullable: true }) dose: string | null;
  @ApiProperty({ type: String, nullable: true }) frequency: string | null;
  @ApiProperty({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute', nullable: true }) route: MedicationRoute | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) startDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) endDate: string | null;
  @ApiProperty({ enum: MEDICATION_STATUSES, enumName: 'MedicationStatus' }) status: MedicationStatus;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The visit whose prescription added it' }) sourceVisitId: string | null;
  @ApiProperty({ type: String, nullable: true }) prescriber: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
}

export function toMedicationResponse(row: MedicationEntity): MedicationResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    name: row.name,
    strength: row.strength,
    dose: row.dose,
    frequency: row.frequency,
    route: row.route,
    startDate: row.startDate,
    endDate: row.endDate,
    status: row.status,
    sourceVisitId: row.sourceVisitId,
    prescriber: row.prescriber,
    notes: row.notes,
    ...toEditableEntryFields(row),
  };
}
