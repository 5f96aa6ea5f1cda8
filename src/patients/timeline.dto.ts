import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../common/pagination/pagination';

/** What the medical history itself contributes to the timeline. */
export const HISTORY_TIMELINE_KINDS = [
  'allergy',
  'condition',
  'medication',
  'immunization',
  'procedure',
  'vital_signs',
  'clinical_note',
  'document',
] as const;

/** Every kind of timeline entry, including those other contexts register (the Clinical Workflow's visits and orders). */
export const TIMELINE_KINDS = [...HISTORY_TIMELINE_KINDS, 'visit', 'diagnosis', 'lab_order', 'lab_result', 'referral', 'prescription', 'dispensing'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export class TimelineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: TIMELINE_KINDS,
    enumName: 'TimelineKind',
    isArray: true,
    description: 'Only these kinds (repeat the parameter, or separate kinds with commas); default: all',
    example: 'allergy,vital_signs,visit',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((k) => k.trim()) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TIMELINE_KINDS.length)
  @IsIn(TIMELINE_KINDS, { each: true, message: `each value in kinds must be one of: ${TIMELINE_KINDS.join(', ')}` })
  kinds?: TimelineKind[];
}

/** One event in the patient's history, newest first. */
export class TimelineEntryDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When it happened (the clinical date where there is one, else when it was recorded)' })
  occurredAt: string;
  @ApiProperty({ enum: TIMELINE_KINDS, enumName: 'TimelineKind' }) kind: TimelineKind;
  @ApiProperty({ format: 'uuid', description: 'The entry id in its own list (e.g. the allergy id)' }) id: string;
  @ApiProperty({ example: 'Allergy: Penicillin (life_threatening)' }) title: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Anaphylaxis' }) detail: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) visitId: string | null;
}
