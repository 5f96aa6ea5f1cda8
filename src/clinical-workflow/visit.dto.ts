import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import { VitalSignsDto } from '../patients';
import { PrescriptionItemDto, PrescriptionItemResponseDto } from '../pharmacy';
import { LabOrderResponseDto, NewLabOrderDto } from './lab-order.dto';
import { NewReferralDto, PsychosocialReferralDto, ReferralResponseDto } from './referral.dto';
import type { VisitDiagnosisEntity, VisitEntity, VisitStageRecordEntity } from './visit.entity';
import type { QueueRow } from './visit.repository';
import {
  allowedActions,
  COUNSELING_DECISIONS,
  type CounselingDecision,
  TRIAGE_PRIORITIES,
  type TriagePriority,
  VISIT_ACTIONS,
  VISIT_DISPOSITIONS,
  VISIT_OUTCOMES,
  VISIT_STAGES,
  VISIT_STATUSES,
  type VisitAction,
  type VisitDisposition,
  type VisitOutcome,
  type VisitStage,
  type VisitStatus,
} from './visit-workflow';
import { ClientVersion, iso } from './workflow-common';

// 10,000 characters, as the history's clinical notes allow per section.
const NOTE_MAX = 10_000;

/** The stages a visit can wait in (registration completes when the visit is created). */
export const QUEUE_STAGES = VISIT_STAGES.filter((s) => s !== 'registration');

// ---- Requests ----

export class RegisterVisitDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId: string;
  @ApiProperty({ format: 'uuid', description: 'A clinic in your jurisdiction' }) @IsUUID() clinicId: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Headache and dizziness for three days' })
  @OptionalNotNull()
  @FreeText(500)
  chiefComplaint?: string;

  @ApiPropertyOptional({
    maxLength: 20,
    description:
      "For a patient registered outside your jurisdiction who presents here: their SA ID or passport number, as proof they are present. Not stored with the visit.",
  })
  @OptionalNotNull()
  @FreeText(20)
  identityNumber?: string;
}

export class AssessmentDto {
  @ClientVersion() version?: number;

  @ApiProperty({ type: VitalSignsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => VitalSignsDto)
  vitalSigns: VitalSignsDto;

  @ApiProperty({ enum: TRIAGE_PRIORITIES, enumName: 'TriagePriority', description: 'South African Triage Scale colour' })
  @IsIn(TRIAGE_PRIORITIES)
  triagePriority: TriagePriority;

  @ApiPropertyOptional({ maxLength: NOTE_MAX, description: 'Nursing note, kept in the patient history' })
  @OptionalNotNull()
  @FreeText(NOTE_MAX)
  nursingNote?: string;
}

/** Subjective, Objective, Assessment, Plan; at least one section. */
export class SoapNoteDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX, example: 'Headache for three days, worse in the morning' }) @OptionalNotNull() @FreeText(NOTE_MAX) subjective?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX, example: 'BP 168/104, alert, no focal signs' }) @OptionalNotNull() @FreeText(NOTE_MAX) objective?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX, example: 'Uncontrolled hypertension' }) @OptionalNotNull() @FreeText(NOTE_MAX) assessment?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX, example: 'Start amlodipine 5 mg; review in two weeks' }) @OptionalNotNull() @FreeText(NOTE_MAX) plan?: string;
}

export class DiagnosisItemDto {
  @ApiProperty({ maxLength: 10, example: 'I10', description: 'ICD-10 (WHO) code valid for clinical use' }) @FreeText(10) code: string;
  @ApiProperty({ description: 'Exactly one diagnosis is primary' }) @IsBoolean() primary: boolean;
}

export class ConsultationDto {
  @ClientVersion() version?: number;

  @ApiProperty({ type: SoapNoteDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SoapNoteDto) soapNote: SoapNoteDto;

  @ApiProperty({ type: [DiagnosisItemDto], description: 'One or more, exactly one primary; the ICD-10 rules apply' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DiagnosisItemDto)
  diagnoses: DiagnosisItemDto[];

  @ApiPropertyOptional({ type: [NewLabOrderDto], description: 'Needs lab-orders:write' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NewLabOrderDto)
  labOrders?: NewLabOrderDto[];

  @ApiPropertyOptional({ type: [NewReferralDto], description: 'Needs referrals:write' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NewReferralDto)
  referrals?: NewReferralDto[];

  @ApiPropertyOptional({
    type: [PrescriptionItemDto],
    description:
      "Catalogue drugs; become the visit's Pharmacy prescription and join the patient's current medications. Needs prescriptions:write. " +
      'The safety checks apply (409 PRESCRIPTION_SAFETY, details per prescriptionItems.N, unless the item has an overrideReason).',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrescriptionItemDto)
  prescriptionItems?: PrescriptionItemDto[];

  @ApiProperty({ description: 'false sends the visit straight to Closure, recording counselingSkipReason as the decision' })
  @IsBoolean()
  counselingRequired: boolean;

  @ApiPropertyOptional({ maxLength: 500, example: 'No psychosocial concerns', description: 'Required when counselingRequired is false' })
  @ValidateIf((o: ConsultationDto) => o.counselingRequired === false || o.counselingSkipReason !== undefined)
  @IsDefined({ message: 'counselingSkipReason is required when counselingRequired is false' })
  @FreeText(500)
  counselingSkipReason?: string;
}

export class CounselingDto {
  @ClientVersion() version?: number;
  @ApiProperty({ maxLength: NOTE_MAX, example: 'Discussed adherence and stress at work; coping plan agreed' }) @FreeText(NOTE_MAX) notes: string;

  @ApiPropertyOptional({ type: PsychosocialReferralDto, description: 'A psychosocial referral (needs referrals:write)' })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PsychosocialReferralDto)
  psychosocialReferral?: PsychosocialReferralDto;
}

export class SkipCounselingDto {
  @ClientVersion() version?: number;
  @ApiProperty({ maxLength: 500, example: 'Patient declined counseling' }) @FreeText(500) reason: string;
}

export class ClosureDto {
  @ClientVersion() version?: number;
  @ApiProperty({ enum: VISIT_OUTCOMES, enumName: 'VisitOutcome' }) @IsIn(VISIT_OUTCOMES) outcome: VisitOutcome;
  @ApiProperty({ enum: VISIT_DISPOSITIONS, enumName: 'VisitDisposition' }) @IsIn(VISIT_DISPOSITIONS) disposition: VisitDisposition;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-12-07', description: 'Required for follow_up_scheduled; today or later' })
  @OptionalNotNull()
  @IsDateOnly()
  followUpDate?: string;

  @ApiPropertyOptional({ maxLength: 1000 }) @OptionalNotNull() @FreeText(1000) notes?: string;
}

export class CancelVisitDto {
  @ClientVersion() version?: number;
  @ApiProperty({ maxLength: 500, example: 'Patient left before assessment' }) @FreeText(500) reason: string;
}

export class VisitQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'patientId or clinicId is required' })
  @ValidateIf((o: VisitQueryDto) => o.clinicId === undefined || o.patientId !== undefined)
  @IsDefined({ message: 'patientId or clinicId is required' })
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() clinicId?: string;
  @ApiPropertyOptional({ enum: VISIT_STATUSES, enumName: 'VisitStatus' }) @IsOptional() @IsIn(VISIT_STATUSES) status?: VisitStatus;
  @ApiPropertyOptional({ enum: VISIT_STAGES, enumName: 'VisitStage' }) @IsOptional() @IsIn(VISIT_STAGES) stage?: VisitStage;
}

export class VisitQueueQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid', description: 'A clinic in your jurisdiction' }) @IsUUID() clinicId: string;
  @ApiProperty({ enum: QUEUE_STAGES, enumName: 'VisitQueueStage' }) @IsIn(QUEUE_STAGES) stage: Exclude<VisitStage, 'registration'>;
}

// ---- Responses ----

export class StaffRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'Demo nurse' }) fullName: string | null;
}

export const STAGE_RECORD_STATES = ['completed', 'skipped', 'waiting'] as const;
export type StageRecordState = (typeof STAGE_RECORD_STATES)[number];

export class StageRecordDto {
  @ApiProperty({ enum: VISIT_STAGES, enumName: 'VisitStage' }) stage: VisitStage;
  @ApiProperty({ enum: STAGE_RECORD_STATES, enumName: 'VisitStageState', description: 'waiting: the stage the visit is in now' }) state: StageRecordState;
  @ApiProperty({ type: String, format: 'date-time', description: "When the visit joined this stage's queue" }) enteredAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true, description: 'Who completed (or skipped) it' }) completedBy: StaffRefDto | null;
  @ApiProperty({ type: 'integer', description: 'Seconds from joining the queue to completion; for the waiting stage, so far (database clock)' })
  waitSeconds: number;
  @ApiProperty({ type: String, nullable: true }) skipReason: string | null;
}

export class CounselingDecisionDto {
  @ApiProperty({ enum: COUNSELING_DECISIONS, enumName: 'CounselingDecision' }) decision: CounselingDecision;
  @ApiProperty({ type: String, nullable: true, description: 'Why counseling was skipped' }) reason: string | null;
  @ApiProperty({ type: StaffRefDto }) decidedBy: StaffRefDto;
  @ApiProperty({ type: String, format: 'date-time' }) decidedAt: string;
}

export class CancellationDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: StaffRefDto }) cancelledBy: StaffRefDto;
  @ApiProperty({ type: String, format: 'date-time' }) cancelledAt: string;
}

export class VisitDiagnosisResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'I10' }) code: string;
  @ApiProperty({ example: 'Essential (primary) hypertension', description: 'As the code read when recorded' }) description: string;
  @ApiProperty() isPrimary: boolean;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
}

/** A visit in a list: no clinical detail. */
export class VisitSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ enum: VISIT_STAGES, enumName: 'VisitStage' }) stage: VisitStage;
  @ApiProperty({ enum: VISIT_STATUSES, enumName: 'VisitStatus' }) status: VisitStatus;
  @ApiProperty({ type: String, nullable: true }) chiefComplaint: string | null;
  @ApiProperty({ enum: TRIAGE_PRIORITIES, enumName: 'TriagePriority', nullable: true }) triagePriority: TriagePriority | null;
  @ApiProperty({ type: String, format: 'date-time' }) arrivedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class VisitResponseDto extends VisitSummaryDto {
  @ApiProperty({ type: String, nullable: true, example: 'Pretoria Central Police Clinic' }) clinicName: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: "When the visit joined its current stage's queue" }) stageEnteredAt: string;
  @ApiProperty({ enum: VISIT_ACTIONS, enumName: 'VisitAction', isArray: true, description: 'What may be done next (empty once completed or cancelled)' })
  allowedActions: VisitAction[];
  @ApiProperty({ type: [StageRecordDto], description: 'Completed and skipped stages in order, then the stage it waits in' }) stageHistory: StageRecordDto[];
  @ApiProperty({ type: CounselingDecisionDto, nullable: true }) counseling: CounselingDecisionDto | null;
  @ApiProperty({ enum: VISIT_OUTCOMES, enumName: 'VisitOutcome', nullable: true }) outcome: VisitOutcome | null;
  @ApiProperty({ enum: VISIT_DISPOSITIONS, enumName: 'VisitDisposition', nullable: true }) disposition: VisitDisposition | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) followUpDate: string | null;
  @ApiProperty({ type: String, nullable: true }) closureNotes: string | null;
  @ApiProperty({ type: CancellationDto, nullable: true }) cancellation: CancellationDto | null;
  @ApiProperty({ type: [VisitDiagnosisResponseDto] }) diagnoses: VisitDiagnosisResponseDto[];
  @ApiProperty({ type: [LabOrderResponseDto] }) labOrders: LabOrderResponseDto[];
  @ApiProperty({ type: [ReferralResponseDto] }) referrals: ReferralResponseDto[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: "The Pharmacy prescription the Consultation wrote (GET /prescriptions/{id}), if any" })
  prescriptionId: string | null;
  @ApiProperty({ type: [PrescriptionItemResponseDto], description: "The prescription's items, with what is dispensed and what remains" })
  prescriptionItems: PrescriptionItemResponseDto[];
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

/** A patient waiting in a stage's queue: who, how urgent, how long. No identity numbers. */
export class QueueEntryDto {
  @ApiProperty({ format: 'uuid' }) visitId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ example: 'Thabo Nkosi' }) patientName: string;
  @ApiProperty({ type: 'integer', example: 45, description: 'Age in whole years today' }) patientAge: number;
  @ApiProperty({ example: 'male' }) patientSex: string;
  @ApiProperty({ type: String, nullable: true }) chiefComplaint: string | null;
  @ApiProperty({ enum: TRIAGE_PRIORITIES, enumName: 'TriagePriority', nullable: true, description: 'null until assessed' }) triagePriority: TriagePriority | null;
  @ApiProperty({ type: String, format: 'date-time' }) arrivedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) stageEnteredAt: string;
  @ApiProperty({ type: 'integer', description: "Seconds since the visit joined this stage's queue (database clock)" }) waitingSeconds: number;
  @ApiProperty({ type: 'integer' }) version: number;
}

// ---- Mappers ----

/** Everything a visit's response shows, as the service gathered it. */
export interface VisitDetail {
  visit: VisitEntity;
  clinicName: string | null;
  /** Seconds in the current stage's queue so far, by the database clock. */
  waitingSeconds: number;
  stageRecords: VisitStageRecordEntity[];
  staffNames: Map<string, string>;
  diagnoses: VisitDiagnosisEntity[];
  /** The visit's Pharmacy prescription (from PrescriptionsService.itemsForVisit). */
  prescription: { prescriptionId: string | null; items: PrescriptionItemResponseDto[] };
  labOrders: LabOrderResponseDto[];
  referrals: ReferralResponseDto[];
}

export function toVisitSummary(v: VisitEntity): VisitSummaryDto {
  return {
    id: v.id,
    patientId: v.patientId,
    clinicId: v.clinicId,
    stage: v.stage,
    status: v.status,
    chiefComplaint: v.chiefComplaint,
    triagePriority: v.triagePriority,
    arrivedAt: v.arrivedAt.toISOString(),
    closedAt: iso(v.closedAt),
    cancelledAt: iso(v.cancelledAt),
    version: v.version,
  };
}

export function toVisitResponse(d: VisitDetail): VisitResponseDto {
  const v = d.visit;
  const staff = (id: string): StaffRefDto => ({ id, fullName: d.staffNames.get(id) ?? null });
  const history: StageRecordDto[] = [...d.stageRecords]
    .sort((a, b) => VISIT_STAGES.indexOf(a.stage) - VISIT_STAGES.indexOf(b.stage))
    .map((r) => ({
      stage: r.stage,
      state: r.skipped ? 'skipped' : 'completed',
      enteredAt: r.enteredAt.toISOString(),
      completedAt: r.completedAt.toISOString(),
      completedBy: staff(r.completedBy),
      waitSeconds: r.waitSeconds,
      skipReason: r.skipReason,
    }));
  if (v.status === 'in_progress') {
    history.push({
      stage: v.stage,
      state: 'waiting',
      enteredAt: v.stageEnteredAt.toISOString(),
      completedAt: null,
      completedBy: null,
      waitSeconds: d.waitingSeconds,
      skipReason: null,
    });
  }
  return {
    ...toVisitSummary(v),
    clinicName: d.clinicName,
    stageEnteredAt: v.stageEnteredAt.toISOString(),
    allowedActions: allowedActions(v),
    stageHistory: history,
    counseling:
      v.counselingDecision && v.counselingDecidedBy && v.counselingDecidedAt
        ? { decision: v.counselingDecision, reason: v.counselingDecisionReason, decidedBy: staff(v.counselingDecidedBy), decidedAt: v.counselingDecidedAt.toISOString() }
        : null,
    outcome: v.outcome,
    disposition: v.disposition,
    followUpDate: v.followUpDate,
    closureNotes: v.closureNotes,
    cancellation:
      v.cancellationReason && v.cancelledBy && v.cancelledAt
        ? { reason: v.cancellationReason, cancelledBy: staff(v.cancelledBy), cancelledAt: v.cancelledAt.toISOString() }
        : null,
    diagnoses: d.diagnoses.map((x) => ({
      id: x.id,
      code: x.icd10Code,
      description: x.description,
      isPrimary: x.isPrimary,
      recordedBy: x.recordedBy,
      recordedAt: x.createdAt.toISOString(),
    })),
    labOrders: d.labOrders,
    referrals: d.referrals,
    prescriptionId: d.prescription.prescriptionId,
    prescriptionItems: d.prescription.items,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

export function toQueueEntry(row: QueueRow): QueueEntryDto {
  return {
    visitId: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    patientAge: Number(row.patient_age),
    patientSex: row.patient_sex,
    chiefComplaint: row.chief_complaint,
    triagePriority: row.triage_priority,
    arrivedAt: new Date(row.arrived_at).toISOString(),
    stageEnteredAt: new Date(row.stage_entered_at).toISOString(),
    waitingSeconds: Number(row.waiting_seconds),
    version: Number(row.version),
  };
}
