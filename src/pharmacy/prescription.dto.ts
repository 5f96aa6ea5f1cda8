import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { FreeText, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import { MEDICATION_ROUTES, type MedicationRoute } from '../patients';
import type { PrescriptionEntity, PrescriptionItemEntity } from './prescription.entity';
import { PRESCRIPTION_STATUSES, type PrescriptionStatus, remainingOf } from './prescription-rules';
import type { SafetyFinding } from './prescription-safety';

export const MAX_PRESCRIPTION_ITEMS = 30;
export const MAX_QUANTITY = 10_000;

// ---- Requests ----

/** One drug to prescribe, from the catalogue; also what a Consultation's prescriptionItems hold. */
export class PrescriptionItemDto {
  @ApiProperty({ format: 'uuid', description: 'An active drug of the catalogue (GET /drugs)' }) @IsUUID() drugId: string;
  @ApiProperty({ maxLength: 60, example: '1 tablet' }) @FreeText(60) dose: string;
  @ApiProperty({ maxLength: 60, example: 'twice daily' }) @FreeText(60) frequency: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365, example: 30, description: 'Length of the course in days, from today' })
  @IsInt()
  @Min(1)
  @Max(365)
  durationDays: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 60, description: "How much to hand out, in the drug's dispensing unit" })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;
  @ApiPropertyOptional({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute', description: "Default: the drug's route" })
  @OptionalNotNull()
  @IsIn(MEDICATION_ROUTES)
  route?: MedicationRoute;
  @ApiPropertyOptional({ maxLength: 500, example: 'Take with meals' }) @OptionalNotNull() @FreeText(500) instructions?: string;
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'Tolerated amoxicillin in 2023 without reaction',
    description: 'Prescribe despite an allergy or duplicate-therapy finding; recorded with the item',
  })
  @OptionalNotNull()
  @FreeText(500)
  overrideReason?: string;
}

export class CreatePrescriptionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId: string;
  @ApiProperty({ format: 'uuid', description: 'The clinic prescribing, in your jurisdiction' }) @IsUUID() clinicId: string;

  @ApiProperty({ type: [PrescriptionItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRESCRIPTION_ITEMS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrescriptionItemDto)
  items: PrescriptionItemDto[];

  @ApiPropertyOptional({ maxLength: 1000, example: 'Repeat for three months' }) @OptionalNotNull() @FreeText(1000) notes?: string;
}

export class PrescriptionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'patientId or clinicId is required' })
  @ValidateIf((o: PrescriptionQueryDto) => o.clinicId === undefined || o.patientId !== undefined)
  @IsDefined({ message: 'patientId or clinicId is required' })
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Prescriptions written at this clinic (in your jurisdiction)' }) @IsOptional() @IsUUID() clinicId?: string;

  @ApiPropertyOptional({ enum: PRESCRIPTION_STATUSES, enumName: 'PrescriptionStatus' })
  @IsOptional()
  @IsIn(PRESCRIPTION_STATUSES)
  status?: PrescriptionStatus;
}

export class CancelPrescriptionDto {
  @ApiProperty({ maxLength: 500, example: 'Changed to another drug after review' }) @FreeText(500) reason: string;
}

// ---- Responses ----

export const SAFETY_FINDING_CODES = ['ALLERGY', 'DUPLICATE_THERAPY'] as const;
const ALLERGY_MATCHES = ['substance', 'class'] as const;
const DUPLICATE_REASONS = ['same_drug', 'same_therapeutic_group'] as const;

/** An allergy or duplicate-therapy finding; the fields of the other kind are null. */
export class SafetyFindingDto {
  @ApiProperty({ enum: SAFETY_FINDING_CODES, enumName: 'PrescriptionSafetyFindingCode' }) code: SafetyFinding['code'];
  @ApiProperty({ example: 'The patient has a recorded allergy to Penicillin; amoxicillin belongs to the same drug class' }) message: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'ALLERGY: the allergy entry' }) allergyId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ALLERGY: the recorded substance' }) substance: string | null;
  @ApiProperty({ enum: ALLERGY_MATCHES, enumName: 'AllergyFindingMatch', nullable: true, description: 'ALLERGY: matched on the substance or its class' })
  matchedOn: (typeof ALLERGY_MATCHES)[number] | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'DUPLICATE_THERAPY: the active prescription item duplicated' })
  prescriptionItemId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'DUPLICATE_THERAPY: its drug' }) genericName: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'DUPLICATE_THERAPY: its last day' }) courseEndDate: string | null;
  @ApiProperty({ enum: DUPLICATE_REASONS, enumName: 'DuplicateTherapyReason', nullable: true }) reason: (typeof DUPLICATE_REASONS)[number] | null;
}

export class PrescriptionItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null: a free-text item from before the catalogue; it cannot be dispensed' })
  drugId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'AMOXICILLIN-500MG-CAP' }) drugCode: string | null;
  @ApiProperty({ example: 'amoxicillin', description: 'As prescribed' }) drugName: string;
  @ApiProperty({ type: String, nullable: true, example: '500 mg' }) strength: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'S4', description: "The drug's schedule; S5 and S6 are controlled" }) schedule: string | null;
  @ApiProperty({ example: '1 capsule' }) dose: string;
  @ApiProperty({ example: 'three times daily' }) frequency: string;
  @ApiProperty({ type: 'integer', nullable: true }) durationDays: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'Last day of the course' }) courseEndDate: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Prescribed, in the dispensing unit' }) quantity: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'capsule' }) dispensingUnit: string | null;
  @ApiProperty({ type: 'integer' }) quantityDispensed: number;
  @ApiProperty({ type: 'integer' }) quantityRemaining: number;
  @ApiProperty({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' }) route: MedicationRoute;
  @ApiProperty({ type: String, nullable: true }) instructions: string | null;
  @ApiProperty({ type: [SafetyFindingDto], description: 'What the safety checks found when it was prescribed' }) safetyFindings: SafetyFindingDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Why it was prescribed despite the findings' }) overrideReason: string | null;
}

export class PrescriptionCancellationDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) cancelledBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
}

export class PrescriptionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The visit whose Consultation wrote it' }) visitId: string | null;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Pretoria Central Police Clinic' }) clinicName: string | null;
  @ApiProperty({ format: 'uuid' }) prescribedBy: string;
  @ApiProperty({ type: String, nullable: true, example: 'Demo doctor' }) prescribedByName: string | null;
  @ApiProperty({ type: String, format: 'date' }) prescribedOn: string;
  @ApiProperty({ enum: PRESCRIPTION_STATUSES, enumName: 'PrescriptionStatus' }) status: PrescriptionStatus;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: PrescriptionCancellationDto, nullable: true }) cancellation: PrescriptionCancellationDto | null;
  @ApiProperty({ type: [PrescriptionItemResponseDto] }) items: PrescriptionItemResponseDto[];
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

// ---- Mappers ----

/** What an item's response shows about its drug (null for a free-text item). */
export interface ItemDrugInfo {
  code: string;
  schedule: string;
  dispensingUnit: string;
}

export function parseFindings(json: string | null): SafetyFinding[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as SafetyFinding[]) : [];
  } catch {
    return [];
  }
}

export function toSafetyFindingDto(f: SafetyFinding): SafetyFindingDto {
  const allergy = f.code === 'ALLERGY' ? f : null;
  const duplicate = f.code === 'DUPLICATE_THERAPY' ? f : null;
  return {
    code: f.code,
    message: f.message,
    allergyId: allergy?.allergyId ?? null,
    substance: allergy?.substance ?? null,
    matchedOn: allergy?.matchedOn ?? null,
    prescriptionItemId: duplicate?.prescriptionItemId ?? null,
    genericName: duplicate?.genericName ?? null,
    courseEndDate: duplicate?.courseEndDate ?? null,
    reason: duplicate?.reason ?? null,
  };
}

export function toPrescriptionItemResponse(item: PrescriptionItemEntity, drug: ItemDrugInfo | undefined): PrescriptionItemResponseDto {
  return {
    id: item.id,
    position: item.position,
    drugId: item.drugId,
    drugCode: drug?.code ?? null,
    drugName: item.drugName,
    strength: item.strength,
    schedule: drug?.schedule ?? null,
    dose: item.dose,
    frequency: item.frequency,
    durationDays: item.durationDays,
    courseEndDate: item.courseEndDate,
    quantity: item.quantity,
    dispensingUnit: drug?.dispensingUnit ?? null,
    quantityDispensed: item.quantityDispensed,
    quantityRemaining: remainingOf(item),
    route: item.route,
    instructions: item.instructions,
    safetyFindings: parseFindings(item.safetyFindings).map(toSafetyFindingDto),
    overrideReason: item.overrideReason,
  };
}

export interface PrescriptionDetail {
  prescription: PrescriptionEntity;
  items: PrescriptionItemEntity[];
  drugs: Map<string, ItemDrugInfo>;
  clinicName: string | null;
  staffNames: Map<string, string>;
}

export function toPrescriptionResponse(d: PrescriptionDetail): PrescriptionResponseDto {
  const p = d.prescription;
  return {
    id: p.id,
    patientId: p.patientId,
    visitId: p.visitId,
    clinicId: p.clinicId,
    clinicName: d.clinicName,
    prescribedBy: p.prescribedBy,
    prescribedByName: d.staffNames.get(p.prescribedBy) ?? null,
    prescribedOn: p.prescribedOn,
    status: p.status,
    notes: p.notes,
    cancellation: p.status === 'cancelled' && p.cancelledReason ? { reason: p.cancelledReason, cancelledBy: p.cancelledBy, cancelledAt: p.cancelledAt?.toISOString() ?? null } : null,
    items: [...d.items].sort((a, b) => a.position - b.position).map((i) => toPrescriptionItemResponse(i, i.drugId ? d.drugs.get(i.drugId) : undefined)),
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
