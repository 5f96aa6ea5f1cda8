import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, timestampColumn, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import {
  LAB_ORDER_STATUSES,
  LAB_PRIORITIES,
  LAB_RESULT_FLAGS,
  type LabOrderStatus,
  type LabPriority,
  type LabResultFlag,
  SPECIMEN_TYPES,
  type SpecimenType,
} from './order-workflow';
import { VisitEntity } from './visit.entity';

const decimalColumn = { type: 'decimal', precision: 15, scale: 5, nullable: true } as const;

/** A laboratory test ordered in a visit: ordered → specimen collected → resulted (or cancelled). */
@Entity('lab_orders')
@Index('ix_lab_orders_visit', ['visitId'])
@Index('ix_lab_orders_patient_ordered', ['patientId', 'orderedAt'])
@Index('ix_lab_orders_status_ordered', ['status', 'orderedAt'])
export class LabOrderEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'visit_id' }) visitId: string;
  @ManyToOne(() => VisitEntity, restrictOnDelete)
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_lab_orders_visit' })
  visit: VisitEntity;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_lab_orders_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 32, name: 'test_code' }) testCode: string;
  @Column({ type: 'varchar', length: 200, name: 'test_name' }) testName: string;
  @Column({ type: 'enum', enum: LAB_PRIORITIES, default: 'routine' }) priority: LabPriority;
  @Column({ type: 'varchar', length: 1000, name: 'clinical_notes', nullable: true }) clinicalNotes: string | null;
  @Column({ type: 'enum', enum: LAB_ORDER_STATUSES, default: 'ordered' }) status: LabOrderStatus;
  @Column({ ...uuidColumn, name: 'ordered_by' }) orderedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'ordered_by', foreignKeyConstraintName: 'fk_lab_orders_ordered_by' })
  orderedByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'ordered_at' }) orderedAt: Date;
  @Column({ type: 'enum', enum: SPECIMEN_TYPES, name: 'specimen_type', nullable: true }) specimenType: SpecimenType | null;
  @Column({ ...uuidColumn, name: 'collected_by', nullable: true }) collectedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'collected_by', foreignKeyConstraintName: 'fk_lab_orders_collected_by' })
  collectedByUser: unknown;
  @Column({ ...timestampColumn, name: 'collected_at', nullable: true }) collectedAt: Date | null;
  @Column({ ...uuidColumn, name: 'resulted_by', nullable: true }) resultedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'resulted_by', foreignKeyConstraintName: 'fk_lab_orders_resulted_by' })
  resultedByUser: unknown;
  @Column({ ...timestampColumn, name: 'resulted_at', nullable: true }) resultedAt: Date | null;
  /** The laboratory's report, uploaded as a patient document. */
  @Column({ ...uuidColumn, name: 'result_document_id', nullable: true }) resultDocumentId: string | null;
  @ManyToOne('DocumentEntity', restrictOnDelete)
  @JoinColumn({ name: 'result_document_id', foreignKeyConstraintName: 'fk_lab_orders_result_document' })
  resultDocument: unknown;
  @Column({ type: 'varchar', length: 2000, name: 'result_summary', nullable: true }) resultSummary: string | null;
  @Column({ ...uuidColumn, name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'cancelled_by', foreignKeyConstraintName: 'fk_lab_orders_cancelled_by' })
  cancelledByUser: unknown;
  @Column({ ...timestampColumn, name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'varchar', length: 500, name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** One analyte of a lab result: a number with unit and reference range, or text. DECIMALs come back as strings. */
@Entity('lab_results')
@Unique('uq_lab_results_order_position', ['labOrderId', 'position'])
export class LabResultEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'lab_order_id' }) labOrderId: string;
  @ManyToOne(() => LabOrderEntity, restrictOnDelete)
  @JoinColumn({ name: 'lab_order_id', foreignKeyConstraintName: 'fk_lab_results_lab_order' })
  labOrder: LabOrderEntity;
  @Column({ type: 'smallint', unsigned: true }) position: number;
  @Column({ type: 'varchar', length: 120 }) analyte: string;
  @Column({ ...decimalColumn, name: 'value_numeric' }) valueNumeric: string | null;
  @Column({ type: 'varchar', length: 500, name: 'value_text', nullable: true }) valueText: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) unit: string | null;
  @Column({ ...decimalColumn, name: 'reference_low' }) referenceLow: string | null;
  @Column({ ...decimalColumn, name: 'reference_high' }) referenceHigh: string | null;
  @Column({ type: 'enum', enum: LAB_RESULT_FLAGS, nullable: true }) flag: LabResultFlag | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
