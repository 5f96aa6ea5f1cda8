import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { FreeText } from '../../common/http/transforms';
import { CLINICAL_NOTE_KINDS, type ClinicalNoteEntity, type ClinicalNoteKind, RECORD_STATUSES, type RecordStatus } from './history.entity';

// 10,000 characters of utf8mb4 (up to 40,000 bytes) fit a TEXT column (65,535 bytes).
export const NOTE_SECTION_MAX = 10_000;

export const NOTE_SECTIONS = ['subjective', 'objective', 'assessment', 'plan', 'body'] as const;

/** What recordNote takes: SOAP sections, free text, or both; at least one must have text. */
export interface ClinicalNoteInput {
  kind: ClinicalNoteKind;
  subjective?: string | null;
  objective?: string | null;
  assessment?: string | null;
  plan?: string | null;
  body?: string | null;
}

/** A clinical note: SOAP sections (Subjective, Objective, Assessment, Plan) and/or free text. At least one section is required. */
export class ClinicalNoteDto implements ClinicalNoteInput {
  @ApiProperty({ enum: CLINICAL_NOTE_KINDS, enumName: 'ClinicalNoteKind' })
  @IsIn(CLINICAL_NOTE_KINDS)
  kind: ClinicalNoteKind;

  @ApiPropertyOptional({ maxLength: NOTE_SECTION_MAX, example: 'Headaches for two weeks, worse in the mornings' })
  @IsOptional()
  @FreeText(NOTE_SECTION_MAX)
  subjective?: string;

  @ApiPropertyOptional({ maxLength: NOTE_SECTION_MAX, example: 'BP 168/104, fundi normal' })
  @IsOptional()
  @FreeText(NOTE_SECTION_MAX)
  objective?: string;

  @ApiPropertyOptional({ maxLength: NOTE_SECTION_MAX, example: 'Uncontrolled essential hypertension' })
  @IsOptional()
  @FreeText(NOTE_SECTION_MAX)
  assessment?: string;

  @ApiPropertyOptional({ maxLength: NOTE_SECTION_MAX, example: 'Increase amlodipine to 10 mg; review in 2 weeks' })
  @IsOptional()
  @FreeText(NOTE_SECTION_MAX)
  plan?: string;

  @ApiPropertyOptional({ maxLength: NOTE_SECTION_MAX, description: 'Free text (nursing, counseling and progress notes)' })
  @IsOptional()
  @FreeText(NOTE_SECTION_MAX)
  body?: string;
}

export class ClinicalNoteQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLINICAL_NOTE_KINDS, enumName: 'ClinicalNoteKind' })
  @IsOptional()
  @IsIn(CLINICAL_NOTE_KINDS)
  kind?: ClinicalNoteKind;

  @ApiPropertyOptional({ enum: RECORD_STATUSES, enumName: 'ClinicalNoteStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(RECORD_STATUSES)
  status?: RecordStatus;
}

export class ClinicalNoteResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) visitId: string | null;
  @ApiProperty({ enum: CLINICAL_NOTE_KINDS, enumName: 'ClinicalNoteKind' }) kind: ClinicalNoteKind;
  @ApiProperty({ type: String, nullable: true }) subjective: string | null;
  @ApiProperty({ type: String, nullable: true }) objective: string | null;
  @ApiProperty({ type: String, nullable: true }) assessment: string | null;
  @ApiProperty({ type: String, nullable: true }) plan: string | null;
  @ApiProperty({ type: String, nullable: true }) body: string | null;
  @ApiProperty({ enum: RECORD_STATUSES, enumName: 'ClinicalNoteStatus' }) status: RecordStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export function toClinicalNoteResponse(row: ClinicalNoteEntity): ClinicalNoteResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    visitId: row.visitId,
    kind: row.kind,
    subjective: row.subjective,
    objective: row.objective,
    assessment: row.assessment,
    plan: row.plan,
    body: row.body,
    status: row.status,
    statusReason: row.statusReason,
    authorId: row.authorId,
    createdAt: row.createdAt.toISOString(),
  };
}
