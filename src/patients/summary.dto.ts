import { ApiProperty } from '@nestjs/swagger';
import { ALLERGY_STATUSES, type AllergyStatus } from './patient.entity';
import { AllergyResponseDto } from './history/allergy.dto';
import { ConditionResponseDto } from './history/condition.dto';
import { MedicationResponseDto } from './history/medication.dto';
import { VitalSignsResponseDto } from './history/vital-signs.dto';

/** The summary's "last visit" block, supplied by the Clinical Workflow (PatientTimelineRegistry.setLastVisitProvider). */
export interface LastVisitSummary {
  id: string;
  clinicId: string;
  clinicName: string | null;
  /** ISO date-time the patient arrived (the visit was registered). */
  arrivedAt: string;
  /** The visit's current stage (registration … closure). */
  stage: string;
  /** e.g. in_progress, closed, cancelled. */
  status: string;
  /** ISO date-time, when closed or cancelled. */
  endedAt: string | null;
  primaryDiagnosis: { code: string; description: string } | null;
}

export class LastVisitDiagnosisDto {
  @ApiProperty({ example: 'I10' }) code: string;
  @ApiProperty({ example: 'Essential (primary) hypertension' }) description: string;
}

export class LastVisitSummaryDto implements LastVisitSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ type: String, nullable: true }) clinicName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) arrivedAt: string;
  @ApiProperty({ example: 'closure', description: 'The visit stage (see the Clinical Workflow)' }) stage: string;
  @ApiProperty({ example: 'closed' }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt: string | null;
  @ApiProperty({ type: LastVisitDiagnosisDto, nullable: true }) primaryDiagnosis: LastVisitDiagnosisDto | null;
}

/** What a clinician needs at a glance, in one call. */
export class PatientClinicalSummaryDto {
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({
    enum: ALLERGY_STATUSES,
    enumName: 'AllergyStatus',
    description: 'unknown: nobody has asked yet; no_known_allergies: asked, none; has_allergies: see activeAllergies',
  })
  allergyStatus: AllergyStatus;
  @ApiProperty({ type: [AllergyResponseDto], description: 'Most severe first' }) activeAllergies: AllergyResponseDto[];
  @ApiProperty({ type: [ConditionResponseDto] }) activeConditions: ConditionResponseDto[];
  @ApiProperty({ type: [MedicationResponseDto] }) currentMedications: MedicationResponseDto[];
  @ApiProperty({ type: VitalSignsResponseDto, nullable: true }) latestVitals: VitalSignsResponseDto | null;
  @ApiProperty({ type: LastVisitSummaryDto, nullable: true }) lastVisit: LastVisitSummaryDto | null;
}
