import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import { CodeText } from './history-common';
import { EVENT_STATUSES, type EventStatus, type ProcedureEntity } from './history.entity';
import { EditableEntryResponseDto, toEditableEntryFields } from './history-entry.dto';

// 4,000 characters of utf8mb4 fit a TEXT column with room to spare.
const PROCEDURE_NOTES_MAX = 4000;

export class RecordProcedureDto {
  @ApiProperty({ maxLength: 200, example: 'Appendicectomy' }) @FreeText(200) name: string;
  @ApiPropertyOptional({ maxLength: 20, example: '0DTJ4ZZ', description: 'A procedure code, when known' }) @IsOptional() @CodeText(20) code?: string;
  @ApiProperty({ type: String, format: 'date', example: '2016-08-20' }) @IsDateOnly() performedOn: string;
  @ApiPropertyOptional({ maxLength: 160 }) @IsOptional() @FreeText(160) performedBy?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'Steve Biko Academic Hospital' }) @IsOptional() @FreeText(200) facility?: string;
  @ApiPropertyOptional({ maxLength: PROCEDURE_NOTES_MAX }) @IsOptional() @FreeText(PROCEDURE_NOTES_MAX) notes?: string;
}

export class UpdateProcedureDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; 409 if it changed since' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus' }) @OptionalNotNull() @IsIn(EVENT_STATUSES) status?: EventStatus;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required when status becomes entered_in_error' })
  @OptionalNotNull()
  @FreeText(500)
  statusReason?: string;

  @ApiPropertyOptional({ maxLength: 20 }) @OptionalNotNull() @CodeText(20) code?: string;
  @ApiPropertyOptional({ maxLength: 160 }) @OptionalNotNull() @FreeText(160) performedBy?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @OptionalNotNull() @FreeText(200) facility?: string;
  @ApiPropertyOptional({ maxLength: PROCEDURE_NOTES_MAX }) @OptionalNotNull() @FreeText(PROCEDURE_NOTES_MAX) notes?: string;
}

export class ProcedureQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;
}

export class ProcedureResponseDto extends EditableEntryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty({ type: String, format: 'date' }) performedOn: string;
  @ApiProperty({ type: String, nullable: true }) performedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) facility: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ enum: EVENT_STATUSES, enumName: 'HistoryEventStatus' }) status: EventStatus;
}

export function toProcedureResponse(row: ProcedureEntity): ProcedureResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    name: row.name,
    code: row.code,
    performedOn: row.performedOn,
    performedBy: row.performedBy,
    facility: row.facility,
    notes: row.notes,
    status: row.status,
    ...toEditableEntryFields(row),
  };
}
