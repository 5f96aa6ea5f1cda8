import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { createdAtColumn, restrictOnDelete, timestampDefaultNowColumn, uuidColumn } from '../common/database/columns';
import { DrugEntity } from './drugs/drug.entity';
import { PrescriptionEntity, PrescriptionItemEntity } from './prescription.entity';

/*
 * Declared exactly as migrations/1764000610000-Prescriptions.ts creates them. Stock locations,
 * batches and movements belong to Inventory, patients and users to their contexts: referred to by
 * entity name, never imported.
 */

const decimal = (precision: number) => ({ type: 'decimal', precision, scale: 4 }) as const;

/** One hand-out of (part of) a prescription from a stock location. */
@Entity('dispensings')
@Index('ix_dispensings_prescription_dispensed', ['prescriptionId', 'dispensedAt'])
@Index('ix_dispensings_location_dispensed', ['locationId', 'dispensedAt'])
export class DispensingEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'prescription_id' }) prescriptionId: string;
  @ManyToOne(() => PrescriptionEntity, restrictOnDelete)
  @JoinColumn({ name: 'prescription_id', foreignKeyConstraintName: 'fk_dispensings_prescription' })
  prescription: PrescriptionEntity;
  @Column({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne('StockLocationEntity', restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_dispensings_location' })
  location: unknown;
  @Column({ ...uuidColumn, name: 'dispensed_by' }) dispensedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'dispensed_by', foreignKeyConstraintName: 'fk_dispensings_dispensed_by' })
  dispensedByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'dispensed_at' }) dispensedAt: Date;
  @Column({ type: 'varchar', length: 500, name: 'override_reason', nullable: true }) overrideReason: string | null;
  /** JSON array of DispensingWarning. */
  @Column({ type: 'text', nullable: true }) warnings: string | null;
}

/** What one batch gave to one prescription item: quantity, cost and the ledger movement that took it. */
@Entity('dispensing_lines')
@Unique('uq_dispensing_lines_movement', ['movementId'])
@Index('ix_dispensing_lines_dispensing', ['dispensingId'])
@Index('ix_dispensing_lines_prescription_item', ['prescriptionItemId'])
export class DispensingLineEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'dispensing_id' }) dispensingId: string;
  @ManyToOne(() => DispensingEntity, restrictOnDelete)
  @JoinColumn({ name: 'dispensing_id', foreignKeyConstraintName: 'fk_dispensing_lines_dispensing' })
  dispensing: DispensingEntity;
  @Column({ ...uuidColumn, name: 'prescription_item_id' }) prescriptionItemId: string;
  @ManyToOne(() => PrescriptionItemEntity, restrictOnDelete)
  @JoinColumn({ name: 'prescription_item_id', foreignKeyConstraintName: 'fk_dispensing_lines_prescription_item' })
  prescriptionItem: PrescriptionItemEntity;
  @Column({ ...uuidColumn, name: 'drug_id' }) drugId: string;
  @ManyToOne(() => DrugEntity, restrictOnDelete)
  @JoinColumn({ name: 'drug_id', foreignKeyConstraintName: 'fk_dispensing_lines_drug' })
  drug: DrugEntity;
  @Column({ ...uuidColumn, name: 'batch_id' }) batchId: string;
  @ManyToOne('StockBatchEntity', restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_dispensing_lines_batch' })
  batch: unknown;
  @Column({ type: 'int', unsigned: true }) quantity: number;
  @Column({ ...decimal(12), name: 'unit_cost' }) unitCost: string;
  @Column({ ...decimal(14), name: 'line_cost' }) lineCost: string;
  @Column({ ...uuidColumn, name: 'movement_id' }) movementId: string;
  @ManyToOne('StockMovementEntity', restrictOnDelete)
  @JoinColumn({ name: 'movement_id', foreignKeyConstraintName: 'fk_dispensing_lines_movement' })
  movement: unknown;
}

/** The controlled-drug register (schedules 5 and 6): one append-only row per dispensing line. */
@Entity('controlled_drug_register')
@Unique('uq_controlled_drug_register_line', ['dispensingLineId'])
@Index('ix_controlled_drug_register_location_created', ['locationId', 'createdAt'])
@Index('ix_controlled_drug_register_drug_created', ['drugId', 'createdAt'])
export class ControlledDrugRegisterEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'dispensing_line_id' }) dispensingLineId: string;
  @ManyToOne(() => DispensingLineEntity, restrictOnDelete)
  @JoinColumn({ name: 'dispensing_line_id', foreignKeyConstraintName: 'fk_controlled_drug_register_line' })
  dispensingLine: DispensingLineEntity;
  @Column({ ...uuidColumn, name: 'drug_id' }) drugId: string;
  @ManyToOne(() => DrugEntity, restrictOnDelete)
  @JoinColumn({ name: 'drug_id', foreignKeyConstraintName: 'fk_controlled_drug_register_drug' })
  drug: DrugEntity;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_controlled_drug_register_patient' })
  patient: unknown;
  @Column({ ...uuidColumn, name: 'prescription_id' }) prescriptionId: string;
  @ManyToOne(() => PrescriptionEntity, restrictOnDelete)
  @JoinColumn({ name: 'prescription_id', foreignKeyConstraintName: 'fk_controlled_drug_register_prescription' })
  prescription: PrescriptionEntity;
  @Column({ ...uuidColumn, name: 'batch_id' }) batchId: string;
  @ManyToOne('StockBatchEntity', restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_controlled_drug_register_batch' })
  batch: unknown;
  @Column({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne('StockLocationEntity', restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_controlled_drug_register_location' })
  location: unknown;
  @Column({ type: 'int', unsigned: true }) quantity: number;
  /** The item's on-hand at the location after this line. */
  @Column({ type: 'int', unsigned: true, name: 'balance_after' }) balanceAfter: number;
  @Column({ ...uuidColumn, name: 'prescribed_by' }) prescribedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'prescribed_by', foreignKeyConstraintName: 'fk_controlled_drug_register_prescribed_by' })
  prescribedByUser: unknown;
  @Column({ ...uuidColumn, name: 'dispensed_by' }) dispensedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'dispensed_by', foreignKeyConstraintName: 'fk_controlled_drug_register_dispensed_by' })
  dispensedByUser: unknown;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
