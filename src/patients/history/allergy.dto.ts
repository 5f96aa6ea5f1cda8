import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import { ALLERGY_STATUSES, type AllergyStatus } from '../patient.entity';

import {
  ALLERGY_CATEGORIES,
  ALLERGY_ENTRY_STATUSES,
  ALLERGY_SEVERITIES,
  type AllergyCategory,
  type AllergyEntity,
  type AllergyEntryStatus,
  type AllergySeverity,
} from './history.entity';
import { EditableEntryResponseDto, toEditableEntryFields } from './history-entry.dto';

export class RecordAllergyDto {
  @ApiProperty({ maxLength: 160, example: 'Penicillin' })
  @FreeText(160)
  substance: string;

  @ApiProperty({ enum: ALLERGY_CATEGORIES, enumName: 'AllergyCategory' })
  @IsIn(ALLERGY_CATEGORIES)
  category: AllergyCategory;

  @ApiPropertyOptional({ maxLength: 80, example: 'penicillins', description: 'For drug allergies: the class, so cross-reactive drugs are caught' })
  @IsOptional()
  @FreeText(80)
  drugClass?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Anaphylaxis' })
  @IsOptional()
  @FreeText(500)
  reaction?: string;

  @ApiProperty({ enum: ALLERGY_SEVERITIES, enumName: 'AllergySeverity' })
  @IsIn(ALLERGY_SEVERITIES)
  severity: AllergySeverity;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2019-06-01' })
  @IsOptional()
  @IsDateOnly()
  onsetDate?: string;
}

/** What may change on an allergy. The substance may not: mark the entry entered_in_error and record the right one. */
export class UpdateAllergyDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; 409 if it changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: ALLERGY_ENTRY_STATUSES, enumName: 'AllergyEntryStatus' })
  @OptionalNotNull()
  @IsIn(ALLERGY_ENTRY_STATUSES)
  status?: AllergyEntryStatus;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when status becomes entered_in_error' })
  @OptionalNotNull()
  @FreeText(500)
  statusReason?: string;

  @ApiPropertyOptional({ enum: ALLERGY_SEVERITIES, enumName: 'AllergySeverity' }) @OptionalNotNull() @IsIn(ALLERGY_SEVERITIES) severity?: AllergySeverity;
  @ApiPropertyOptional({ enum: ALLERGY_CATEGORIES, enumName: 'AllergyCategory' }) @OptionalNotNull() @IsIn(ALLERGY_CATEGORIES) category?: AllergyCategory;
  @ApiPropertyOptional({ maxLength: 80 }) @OptionalNotNull() @FreeText(80) drugClass?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @OptionalNotNull() @FreeText(500) reaction?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @OptionalNotNull() @IsDateOnly() onsetDate?: string;
}

export class AllergyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ALLERGY_ENTRY_STATUSES, enumName: 'AllergyEntryStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(ALLERGY_ENTRY_STATUSES)
  status?: AllergyEntryStatus;
}

/** Declares what is known about the patient's allergies as a whole. */
export class SetAllergyStatusDto {
  @ApiProperty({
    enum: ALLERGY_STATUSES,
    enumName: 'AllergyStatus',
    description: 'no_known_allergies or unknown only while no allergy is active; has_allergies follows from recording one',
  })
  @IsIn(ALLERGY_STATUSES)
  status: AllergyStatus;
}

export class AllergyStatusResponseDto {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ enum: ALLERGY_STATUSES, enumName: 'AllergyStatus' }) allergyStatus: AllergyStatus;
  @ApiProperty({ type: 'integer' }) activeAllergyCount: number;
}

export class AllergyResponseDto extends EditableEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() substance: string;
  @ApiProperty({ enum: ALLERGY_CATEGORIES, enumName: 'AllergyCategory' }) category: AllergyCategory;
  @ApiProperty({ type: String, nullable: true }) drugClass: string | null;
  @ApiProperty({ type: String, nullable: true }) reaction: string | null;
  @ApiProperty({ enum: ALLERGY_SEVERITIES, enumName: 'AllergySeverity' }) severity: AllergySeverity;
  @ApiProperty({ enum: ALLERGY_ENTRY_STATUSES, enumName: 'AllergyEntryStatus' }) status: AllergyEntryStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) onsetDate: string | null;
}

export function toAllergyResponse(row: AllergyEntity): AllergyResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    substance: row.substance,
    category: row.category,
    drugClass: row.drugClass,
    reaction: row.reaction,
    severity: row.severity,
    status: row.status,
    onsetDate: row.onsetDate,
    ...toEditableEntryFields(row),
  };
}
