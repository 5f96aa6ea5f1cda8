import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { restrictOnDelete, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../../common/database/columns';

/*
 * The medical history tables, declared exactly as migrations/1764000300000-MedicalHistory.ts creates them.
 * Entries are never deleted: a wrong one gets status 'entered_in_error' and a status_reason, so the
 * record shows what clinicians saw when they acted on it. Patients and users are referred to by
 * entity name (not imported) so the context boundary holds.
 */

export const ALLERGY_CATEGORIES = ['drug', 'food', 'environmental', 'other'] as const;
export type AllergyCategory = (typeof ALLERGY_CATEGORIES)[number];
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'life_threatening'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];
export const ALLERGY_ENTRY_STATUSES = ['active', 'inactive', 'resolved', 'entered_in_error'] as const;
export type AllergyEntryStatus = (typeof ALLERGY_ENTRY_STATUSES)[number];

export const CONDITION_KINDS = ['chronic', 'past'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];
export const CONDITION_STATUSES = ['active', 'resolved', 'inactive', 'entered_in_error'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

export const MEDICATION_ROUTES = [
  'oral',
  'sublingual',
  'buccal',
  'topical',
  'transdermal',
  'inhaled',
  'intranasal',
  'ophthalmic',
  'otic',
  'rectal',
  'vaginal',
  'subcutaneous',
  'intramuscular',
  'intravenous',
  'other',
] as const;
export type MedicationRoute = (typeof MEDICATION_ROUTES)[number];
export const MEDICATION_STATUSES = ['current', 'past', 'stopped', 'entered_in_error'] as const;
export type MedicationStatus = (typeof MEDICATION_STATUSES)[number];

/** Immunizations and procedures happened or were recorded in error; there is no other state. */
export const EVENT_STATUSES = ['completed', 'entered_in_error'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Vital signs and notes: final once written, or retracted as entered in error. */
export const RECORD_STATUSES = ['final', 'entered_in_error'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const CLINICAL_NOTE_KINDS = ['soap', 'nursing', 'counseling', 'progress'] as const;
export type ClinicalNoteKind = (typeof CLINICAL_NOTE_KINDS)[number];

export const ENTERED_IN_ERROR = 'entered_in_error';

const dateColumn = { type: 'date', utc: true } as const;
const statusReasonColumn = { type: 'varchar', length: 500, name: 'status_reason', nullable: true } as const;
const recordedAtColumn = { ...timestampDefaultNowColumn, name: 'recorded_at' } as const;
const versionColumn = { type: 'int', unsigned: true, default: 1 } as const;
const asciiVarchar = { type: 'varchar', charset: 'ascii', collation: 'ascii_bin' } as const;

@Entity('patient_allergies')
@Index('ix_patient_allergies_patient_recorded', ['patientId', 'recordedAt'])
export class AllergyEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_allergies_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 160 }) substance: string;
  @Column({ type: 'enum', enum: ALLERGY_CATEGORIES }) category: AllergyCategory;
  @Column({ type: 'varchar', length: 80, name: 'drug_class', nullable: true }) drugClass: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) reaction: string | null;
  @Column({ type: 'enum', enum: ALLERGY_SEVERITIES }) severity: AllergySeverity;
  @Column({ type: 'enum', enum: ALLERGY_ENTRY_STATUSES, default: 'active' }) status: AllergyEntryStatus;
  @Column({ ...dateColumn, name: 'onset_date', nullable: true }) onsetDate: string | null;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_patient_allergies_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_allergies_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
  @Column(versionColumn) version: number;
}

@Entity('patient_conditions')
@Index('ix_patient_conditions_patient_recorded', ['patientId', 'recordedAt'])
@Index('ix_patient_conditions_code', ['icd10Code'])
export class ConditionEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_conditions_patient' })
  patient: unknown;
  @Column({ ...asciiVarchar, length: 10, name: 'icd10_code' }) icd10Code: string;
  @Column({ type: 'varchar', length: 255 }) description: string;
  @Column({ type: 'enum', enum: CONDITION_KINDS }) kind: ConditionKind;
  @Column({ type: 'enum', enum: CONDITION_STATUSES, default: 'active' }) status: ConditionStatus;
  @Column({ ...dateColumn, name: 'onset_date', nullable: true }) onsetDate: string | null;
  @Column({ ...dateColumn, name: 'resolved_date', nullable: true }) resolvedDate: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes: string | null;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_patient_conditions_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_conditions_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
  @Column(versionColumn) version: number;
}

@Entity('patient_medications')
@Index('ix_patient_medications_patient_recorded', ['patientId', 'recordedAt'])
@Index('ix_patient_medications_source_visit', ['sourceVisitId'])
export class MedicationEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_medications_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) strength: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) dose: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) frequency: string | null;
  @Column({ type: 'enum', enum: MEDICATION_ROUTES, nullable: true }) route: MedicationRoute | null;
  @Column({ ...dateColumn, name: 'start_date', nullable: true }) startDate: string | null;
  @Column({ ...dateColumn, name: 'end_date', nullable: true }) endDate: string | null;
  @Column({ type: 'enum', enum: MEDICATION_STATUSES, default: 'current' }) status: MedicationStatus;
  // No foreign key: visits belong to the Clinical Workflow context (see the migration).
  @Column({ ...uuidColumn, name: 'source_visit_id', nullable: true }) sourceVisitId: string | null;
  @Column({ type: 'varchar', length: 160, nullable: true }) prescriber: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) notes: string | null;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_patient_medications_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_medications_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
  @Column(versionColumn) version: number;
}

@Entity('patient_immunizations')
@Index('ix_patient_immunizations_patient_given', ['patientId', 'dateGiven'])
export class ImmunizationEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_immunizations_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 120 }) vaccine: string;
  @Column({ type: 'smallint', unsigned: true, name: 'dose_number', nullable: true }) doseNumber: number | null;
  @Column({ ...dateColumn, name: 'date_given' }) dateGiven: string;
  @Column({ type: 'varchar', length: 40, name: 'lot_number', nullable: true }) lotNumber: string | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) site: string | null;
  @Column({ type: 'varchar', length: 160, name: 'given_by', nullable: true }) givenBy: string | null;
  @Column({ ...dateColumn, name: 'next_due_date', nullable: true }) nextDueDate: string | null;
  @Column({ type: 'enum', enum: EVENT_STATUSES, default: 'completed' }) status: EventStatus;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_patient_immunizations_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_immunizations_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
  @Column(versionColumn) version: number;
}

@Entity('patient_procedures')
@Index('ix_patient_procedures_patient_performed', ['patientId', 'performedOn'])
export class ProcedureEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_procedures_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) code: string | null;
  @Column({ ...dateColumn, name: 'performed_on' }) performedOn: string;
  @Column({ type: 'varchar', length: 160, name: 'performed_by', nullable: true }) performedBy: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) facility: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @Column({ type: 'enum', enum: EVENT_STATUSES, default: 'completed' }) status: EventStatus;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_patient_procedures_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_procedures_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
  @Column(versionColumn) version: number;
}

/** One snapshot of vital signs; DECIMAL columns come back from the driver as strings. */
@Entity('vital_signs')
@Index('ix_vital_signs_patient_recorded', ['patientId', 'recordedAt'])
@Index('ix_vital_signs_visit', ['visitId'])
export class VitalSignsEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_vital_signs_patient' })
  patient: unknown;
  @Column({ ...uuidColumn, name: 'visit_id', nullable: true }) visitId: string | null;
  @Column({ type: 'smallint', unsigned: true, name: 'systolic_mmhg', nullable: true }) systolicMmHg: number | null;
  @Column({ type: 'smallint', unsigned: true, name: 'diastolic_mmhg', nullable: true }) diastolicMmHg: number | null;
  @Column({ type: 'smallint', unsigned: true, name: 'pulse_bpm', nullable: true }) pulseBpm: number | null;
  @Column({ type: 'decimal', precision: 3, scale: 1, name: 'temperature_c', nullable: true }) temperatureC: string | null;
  @Column({ type: 'smallint', unsigned: true, name: 'respiratory_rate', nullable: true }) respiratoryRate: number | null;
  @Column({ type: 'smallint', unsigned: true, name: 'oxygen_saturation', nullable: true }) oxygenSaturation: number | null;
  @Column({ type: 'decimal', precision: 3, scale: 1, name: 'glucose_mmol_l', nullable: true }) glucoseMmolL: string | null;
  @Column({ type: 'decimal', precision: 5, scale: 2, name: 'weight_kg', nullable: true }) weightKg: string | null;
  @Column({ type: 'decimal', precision: 4, scale: 1, name: 'height_cm', nullable: true }) heightCm: string | null;
  @Column({ type: 'decimal', precision: 4, scale: 1, nullable: true }) bmi: string | null;
  @Column({ type: 'enum', enum: RECORD_STATUSES, default: 'final' }) status: RecordStatus;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'recorded_by' }) recordedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'fk_vital_signs_recorded_by' })
  recordedByUser: unknown;
  @Column(recordedAtColumn) recordedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_vital_signs_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

@Entity('clinical_notes')
@Index('ix_clinical_notes_patient_created', ['patientId', 'createdAt'])
@Index('ix_clinical_notes_visit', ['visitId'])
export class ClinicalNoteEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_clinical_notes_patient' })
  patient: unknown;
  @Column({ ...uuidColumn, name: 'visit_id', nullable: true }) visitId: string | null;
  @Column({ type: 'enum', enum: CLINICAL_NOTE_KINDS }) kind: ClinicalNoteKind;
  @Column({ type: 'text', nullable: true }) subjective: string | null;
  @Column({ type: 'text', nullable: true }) objective: string | null;
  @Column({ type: 'text', nullable: true }) assessment: string | null;
  @Column({ type: 'text', nullable: true }) plan: string | null;
  @Column({ type: 'text', nullable: true }) body: string | null;
  @Column({ type: 'enum', enum: RECORD_STATUSES, default: 'final' }) status: RecordStatus;
  @Column(statusReasonColumn) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'author_id' }) authorId: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_clinical_notes_author_id' })
  author: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'created_at' }) createdAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_clinical_notes_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
