import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';

import { EVENT_STATUSES, type EventStatus, type ImmunizationEntity } from './history.entity';
import { EditableEntryResponseDto, toEditableEntryFields } from './history-entry.dto';

export class RecordImmunizationDto {
  @ApiProperty({ maxLength: 120, example: 'Hepatitis B' }) @FreeText(120) vaccine: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 20, example: 2, description: 'Dose in the series' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  doseNumber?: number;

  @ApiProperty({ type: String, format: 'date', example: '2025-01-15' }) @IsDateOnly() dateGiven: string;
  @ApiPropertyOptional({ maxLength: 40, example: 'HB2291A' }) @IsOptional() @FreeText(40) lotNumber?: string;
  @ApiPropertyOptional({ maxLength: 60, example: 'left deltoid' }) @IsOptional() @FreeText(60) site?: string;
  @ApiPropertyOptional({ maxLength: 160, description: 'Who gave it (may be outside this service)' }) @IsOptional() @FreeText(160) givenBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'Next dose due; not before dateGiven' }) @IsOptional() @IsDateOnly() nextDueDate?: string;
}

export class UpdateImmunizationDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; 409 if it changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus' }) @OptionalNotNull() @IsIn(EVENT_STATUSES) status?: EventStatus;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when status becomes entered_in_error' })
  @OptionalNotNull()
  @FreeText(500)
  statusReason?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 20 }) @OptionalNotNull() @IsInt() @Min(1) @Max(20) doseNumber?: number;
  @ApiPropertyOptional({ maxLength: 40 }) @OptionalNotNull() @FreeText(40) lotNumber?: string;
  @ApiPropertyOptional({ maxLength: 60 }) @OptionalNotNull() @FreeText(60) site?: string;
  @ApiPropertyOptional({ maxLength: 160 }) @OptionalNotNull() @FreeText(160) givenBy?: string;
  @ApiPropertyOptional({ type: String, format: 'date' }) @OptionalNotNull() @IsDateOnly() nextDueDate?: string;
}

export class ImmunizationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;
}

export class ImmunizationResponseDto extends EditableEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() vaccine: string;
  @ApiProperty({ type: 'integer', nullable: true }) doseNumber: number | null;
  @ApiProperty({ type: String, format: 'date' }) dateGiven: string;
  @ApiProperty({ type: String, nullable: true }) lotNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) site: string | null;
  @ApiProperty({ type: String, nullable: true }) givenBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) nextDueDate: string | null;
  @ApiProperty({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus' }) status: EventStatus;
}

export function toImmunizationResponse(row: ImmunizationEntity): ImmunizationResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    vaccine: row.vaccine,
    doseNumber: row.doseNumber,
    dateGiven: row.dateGiven,
    lotNumber: row.lotNumber,
    site: row.site,
    givenBy: row.givenBy,
    nextDueDate: row.nextDueDate,
    status: row.status,
    ...toEditableEntryFields(row),
  };
}
