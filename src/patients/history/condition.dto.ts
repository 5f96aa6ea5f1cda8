import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import { CodeText } from './history-common';
import { CONDITION_KINDS, CONDITION_STATUSES, type ConditionEntity, type ConditionKind, type ConditionStatus } from './history.entity';
import { EditableEntryResponseDto, toEditableEntryFields } from './history-entry.dto';

export class RecordConditionDto {
  @ApiProperty({ maxLength: 10, example: 'E11.9', description: 'A WHO ICD-10 code valid for use (not a category with subdivisions)' })
  @CodeText(10)
  icd10Code: string;

  @ApiPropertyOptional({ maxLength: 255, description: "Default: the code's description" })
  @IsOptional()
  @FreeText(255)
  description?: string;

  @ApiProperty({ enum: CONDITION_KINDS, enumName: 'ConditionKind' })
  @IsIn(CONDITION_KINDS)
  kind: ConditionKind;

  @ApiPropertyOptional({ enum: CONDITION_STATUSES.filter((s) => s !== 'entered_in_error'), enumName: 'RecordableConditionStatus', default: 'active' })
  @IsOptional()
  @IsIn(CONDITION_STATUSES.filter((s) => s !== 'entered_in_error'))
  status?: Exclude<ConditionStatus, 'entered_in_error'>;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2018-04-01' }) @IsOptional() @IsDateOnly() onsetDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @IsOptional() @IsDateOnly() resolvedDate?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @FreeText(1000) notes?: string;
}

/** What may change on a condition. The code may not: mark the entry entered_in_error and record the right one. */
export class UpdateConditionDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; 409 if it changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: CONDITION_STATUSES, enumName: 'ConditionStatus' }) @OptionalNotNull() @IsIn(CONDITION_STATUSES) status?: ConditionStatus;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when status becomes entered_in_error' })
  @OptionalNotNull()
  @FreeText(500)
  statusReason?: string;

  @ApiPropertyOptional({ enum: CONDITION_KINDS, enumName: 'ConditionKind' }) @OptionalNotNull() @IsIn(CONDITION_KINDS) kind?: ConditionKind;
  @ApiPropertyOptional({ maxLength: 255 }) @OptionalNotNull() @FreeText(255) description?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @OptionalNotNull() @IsDateOnly() onsetDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @OptionalNotNull() @IsDateOnly() resolvedDate?: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @OptionalNotNull() @FreeText(1000) notes?: string;
}

export class ConditionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONDITION_STATUSES, enumName: 'ConditionStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(CONDITION_STATUSES)
  status?: ConditionStatus;

  @ApiPropertyOptional({ enum: CONDITION_KINDS, enumName: 'ConditionKind' })
  @IsOptional()
  @IsIn(CONDITION_KINDS)
  kind?: ConditionKind;
}

export class ConditionResponseDto extends EditableEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ example: 'E11.9' }) icd10Code: string;
  @ApiProperty({ example: 'Type 2 diabetes mellitus without complications' }) description: string;
  @ApiProperty({ enum: CONDITION_KINDS, enumName: 'ConditionKind' }) kind: ConditionKind;
  @ApiProperty({ enum: CONDITION_STATUSES, enumName: 'ConditionStatus' }) status: ConditionStatus;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) onsetDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) resolvedDate: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
}

export function toConditionResponse(row: ConditionEntity): ConditionResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    icd10Code: row.icd10Code,
    description: row.description,
    kind: row.kind,
    status: row.status,
    onsetDate: row.onsetDate,
    resolvedDate: row.resolvedDate,
    notes: row.notes,
    ...toEditableEntryFields(row),
  };
}
