import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, timestampColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import {
  COUNSELING_DECISIONS,
  type CounselingDecision,
  TRIAGE_PRIORITIES,
  type TriagePriority,
  VISIT_DISPOSITIONS,
  VISIT_OUTCOMES,
  VISIT_STAGES,
  VISIT_STATUSES,
  type VisitDisposition,
  type VisitOutcome,
  type VisitStage,
  type VisitStatus,
} from './visit-workflow';

/*
 * Declared exactly as migrations/1764000400000-ClinicalWorkflow.ts creates them. Patients, users and
 * places belong to other contexts: they are referred to by entity name, never imported.
 */

/** A patient's visit to a clinic, waiting in (or done with) one of the five stages. */
@Entity('visits')
@Unique('uq_visits_open_per_clinic', ['patientId', 'openClinicId'])
@Index('ix_visits_queue', ['clinicId', 'status', 'stage', 'triageRank', 'arrivedAt'])
@Index('ix_visits_patient_arrived', ['patientId', 'arrivedAt'])
// A clinic's visit list, newest first, without sorting its whole history.
@Index('ix_visits_clinic_arrived', ['clinicId', 'arrivedAt'])
@Index('ix_visits_district_arrived', ['districtId', 'arrivedAt'])
@Index('ix_visits_province_arrived', ['provinceId', 'arrivedAt'])
export class VisitEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_visits_patient' })
  patient: unknown;
  @Column({ ...uuidColumn, name: 'clinic_id' }) clinicId: string;
  @ManyToOne('ClinicEntity', restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_visits_clinic' })
  clinic: unknown;
  // The clinic's district and province, copied so every jurisdiction level is one indexed equality.
  @Column({ ...uuidColumn, name: 'district_id' }) districtId: string;
  @ManyToOne('DistrictEntity', restrictOnDelete)
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'fk_visits_district' })
  district: unknown;
  @Column({ ...uuidColumn, name: 'province_id' }) provinceId: string;
  @ManyToOne('ProvinceEntity', restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_visits_province' })
  province: unknown;
  /** clinic_id while in progress, NULL after: one open visit per patient per clinic. */
  @Column({ ...uuidColumn, name: 'open_clinic_id', nullable: true }) openClinicId: string | null;
  @Column({ type: 'enum', enum: VISIT_STAGES }) stage: VisitStage;
  @Column({ type: 'enum', enum: VISIT_STATUSES, default: 'in_progress' }) status: VisitStatus;
  @Column({ type: 'varchar', length: 500, name: 'chief_complaint', nullable: true }) chiefComplaint: string | null;
  @Column({ type: 'enum', enum: TRIAGE_PRIORITIES, name: 'triage_priority', nullable: true }) triagePriority: TriagePriority | null;
  @Column({ type: 'tinyint', unsigned: true, name: 'triage_rank', nullable: true }) triageRank: number | null;
  @Column({ ...timestampColumn, name: 'arrived_at' }) arrivedAt: Date;
  @Column({ ...timestampColumn, name: 'stage_entered_at' }) stageEnteredAt: Date;
  @Column({ type: 'enum', enum: COUNSELING_DECISIONS, name: 'counseling_decision', nullable: true }) counselingDecision: CounselingDecision | null;
  @Column({ type: 'varchar', length: 500, name: 'counseling_decision_reason', nullable: true }) counselingDecisionReason: string | null;
  @Column({ ...uuidColumn, name: 'counseling_decided_by', nullable: true }) counselingDecidedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'counseling_decided_by', foreignKeyConstraintName: 'fk_visits_counseling_decided_by' })
  counselingDecidedByUser: unknown;
  @Column({ ...timestampColumn, name: 'counseling_decided_at', nullable: true }) counselingDecidedAt: Date | null;
  @Column({ type: 'enum', enum: VISIT_OUTCOMES, nullable: true }) outcome: VisitOutcome | null;
  @Column({ type: 'enum', enum: VISIT_DISPOSITIONS, nullable: true }) disposition: VisitDisposition | null;
  @Column({ type: 'date', name: 'follow_up_date', nullable: true }) followUpDate: string | null;
  @Column({ type: 'varchar', length: 1000, name: 'closure_notes', nullable: true }) closureNotes: string | null;
  @Column({ ...timestampColumn, name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column({ type: 'varchar', length: 500, name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
  @Column({ ...uuidColumn, name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'cancelled_by', foreignKeyConstraintName: 'fk_visits_cancelled_by' })
  cancelledByUser: unknown;
  @Column({ ...timestampColumn, name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @Column({ ...uuidColumn, name: 'created_by' }) createdBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_visits_created_by' })
  createdByUser: unknown;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** One completed (or skipped) stage of a visit: who completed it, when, and how long it waited. */
@Entity('visit_stage_records')
@Unique('uq_visit_stage_records_visit_stage', ['visitId', 'stage'])
@Index('ix_visit_stage_records_stage_completed', ['stage', 'completedAt'])
export class VisitStageRecordEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'visit_id' }) visitId: string;
  @ManyToOne(() => VisitEntity, restrictOnDelete)
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_stage_records_visit' })
  visit: VisitEntity;
  @Column({ type: 'enum', enum: VISIT_STAGES }) stage: VisitStage;
  @Column({ ...timestampColumn, name: 'entered_at' }) enteredAt: Date;
  @Column({ ...timestampColumn, name: 'completed_at' }) completedAt: Date;
  @Column({ ...uuidColumn, name: 'completed_by' }) completedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'completed_by', foreignKeyConstraintName: 'fk_visit_stage_records_completed_by' })
  completedByUser: unknown;
  /** From joining the stage's queue to completing the stage. */
  @Column({ type: 'int', unsigned: true, name: 'wait_seconds' }) waitSeconds: number;
  @Column({ type: 'boolean', default: false }) skipped: boolean;
  @Column({ type: 'varchar', length: 500, name: 'skip_reason', nullable: true }) skipReason: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}

/** An ICD-10 diagnosis made in a visit, with the code's description as it read then. */
@Entity('visit_diagnoses')
@Unique('uq_visit_diagnoses_visit_code', ['visitId', 'icd10Code'])
@Index('ix_visit_diagnoses_patient_created', ['patientId', 'createdAt'])
@Index('ix_visit_diagnoses_code_created', ['icd10Code', 'createdAt'])
export class VisitDiagnosisEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'visit_id' }) visitId: string;
  @ManyToOne(() => VisitEntity, restrictOnDelete)
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_diagnoses_visit' })
  visit: VisitEntity;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_visit_diagnoses_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 8, charset: 'ascii', collation: 'ascii_bin', name: 'icd10_code' }) icd10Code: string;
  @Column({ type: 'varchar', length: 255 }) description: string;
  @Column({ type: 'boolean', name: 'is_primary', default: false }) isPrimary: boolean;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_visit_diagnoses_recorded_by' })
  recordedByUser: unknown;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
