import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, timestampColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import { MEDICATION_ROUTES, type MedicationRoute } from '../patients';
import { DrugEntity } from './drugs/drug.entity';
import { PRESCRIPTION_STATUSES, type PrescriptionStatus } from './prescription-rules';

/*
 * Declared exactly as migrations/1764000610000-Prescriptions.ts creates them. Patients, visits,
 * clinics and users belong to other contexts: referred to by entity name, never imported.
 */

/** A prescription for one patient, written at a clinic (from a Consultation or directly). */
@Entity('prescriptions')
@Unique('uq_prescriptions_visit', ['visitId'])
@Index('ix_prescriptions_patient_created', ['patientId', 'createdAt'])
@Index('ix_prescriptions_clinic_status_created', ['clinicId', 'status', 'createdAt'])
export class PrescriptionEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_prescriptions_patient' })
  patient: unknown;
  @Column({ ...uuidColumn, name: 'visit_id', nullable: true }) visitId: string | null;
  @ManyToOne('VisitEntity', restrictOnDelete)
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_prescriptions_visit' })
  visit: unknown;
  @Column({ ...uuidColumn, name: 'clinic_id' }) clinicId: string;
  @ManyToOne('ClinicEntity', restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_prescriptions_clinic' })
  clinic: unknown;
  @Column({ ...uuidColumn, name: 'prescribed_by' }) prescribedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'prescribed_by', foreignKeyConstraintName: 'fk_prescriptions_prescribed_by' })
  prescribedByUser: unknown;
  @Column({ type: 'date', name: 'prescribed_on' }) prescribedOn: string;
  @Column({ type: 'enum', enum: PRESCRIPTION_STATUSES, default: 'active' }) status: PrescriptionStatus;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes: string | null;
  @Column({ type: 'varchar', length: 500, name: 'cancelled_reason', nullable: true }) cancelledReason: string | null;
  @Column({ ...uuidColumn, name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'cancelled_by', foreignKeyConstraintName: 'fk_prescriptions_cancelled_by' })
  cancelledByUser: unknown;
  @Column({ ...timestampColumn, name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** One drug on a prescription: what to take, how much was prescribed and how much has been handed out. */
@Entity('prescription_items')
@Unique('uq_prescription_items_prescription_position', ['prescriptionId', 'position'])
@Index('ix_prescription_items_patient_course_end', ['patientId', 'courseEndDate'])
// MariaDB enforces it; TypeORM does not compare CHECK constraints on MySQL.
@Check('chk_prescription_items_dispensed', 'quantity IS NULL OR quantity_dispensed <= quantity')
export class PrescriptionItemEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'prescription_id' }) prescriptionId: string;
  @ManyToOne(() => PrescriptionEntity, restrictOnDelete)
  @JoinColumn({ name: 'prescription_id', foreignKeyConstraintName: 'fk_prescription_items_prescription' })
  prescription: PrescriptionEntity;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_prescription_items_patient' })
  patient: unknown;
  @Column({ type: 'smallint', unsigned: true }) position: number;
  /** NULL only for free-text items migrated from visits that matched no catalogue drug; they cannot be dispensed. */
  @Column({ ...uuidColumn, name: 'drug_id', nullable: true }) drugId: string | null;
  @ManyToOne(() => DrugEntity, restrictOnDelete)
  @JoinColumn({ name: 'drug_id', foreignKeyConstraintName: 'fk_prescription_items_drug' })
  drug: DrugEntity | null;
  @Column({ type: 'varchar', length: 200, name: 'drug_name' }) drugName: string;
  @Column({ type: 'varchar', length: 60, nullable: true }) strength: string | null;
  @Column({ type: 'varchar', length: 60 }) dose: string;
  @Column({ type: 'varchar', length: 60 }) frequency: string;
  @Column({ type: 'smallint', unsigned: true, name: 'duration_days', nullable: true }) durationDays: number | null;
  /** In the drug's dispensing unit; NULL only on migrated items written without one. */
  @Column({ type: 'int', unsigned: true, nullable: true }) quantity: number | null;
  @Column({ type: 'int', unsigned: true, name: 'quantity_dispensed', default: 0 }) quantityDispensed: number;
  @Column({ type: 'enum', enum: MEDICATION_ROUTES }) route: MedicationRoute;
  @Column({ type: 'varchar', length: 500, nullable: true }) instructions: string | null;
  /** JSON array of SafetyFinding, as found when prescribed. */
  @Column({ type: 'text', name: 'safety_findings', nullable: true }) safetyFindings: string | null;
  @Column({ type: 'varchar', length: 500, name: 'override_reason', nullable: true }) overrideReason: string | null;
  /** The course's last day. */
  @Column({ type: 'date', name: 'course_end_date', nullable: true }) courseEndDate: string | null;
  /** The entry this item added to the patient's current medications: stopped if the prescription is cancelled. */
  @Column({ ...uuidColumn, name: 'patient_medication_id', nullable: true }) patientMedicationId: string | null;
  @ManyToOne('MedicationEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_medication_id', foreignKeyConstraintName: 'fk_prescription_items_patient_medication' })
  patientMedication: unknown;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
