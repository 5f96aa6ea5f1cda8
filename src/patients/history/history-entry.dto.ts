import { ApiProperty } from '@nestjs/swagger';

/**
 * What every editable history entry (allergy, condition, medication, immunization, procedure)
 * reports besides its own fields: why its status was set, who recorded and last changed it, and
 * the version a PATCH must send back.
 */
export class EditableEntryResponseDto {
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) updatedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'integer' }) version: number;
}

export function toEditableEntryFields(row: {
  statusReason: string | null;
  recordedBy: string;
  recordedAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
  version: number;
}): EditableEntryResponseDto {
  return {
    statusReason: row.statusReason,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
