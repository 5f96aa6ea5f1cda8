import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { restrictOnDelete, sha256HexColumn, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../../common/database/columns';

export const DOCUMENT_CATEGORIES = ['lab_result', 'referral_letter', 'id_copy', 'imaging', 'clinical_letter', 'consent_form', 'other'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export const DOCUMENT_STATUSES = ['current', 'entered_in_error'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * A patient document's metadata. The bytes live in DOCUMENT_STORAGE_DIR under storage_key; the
 * row is never deleted (a wrong upload is marked entered_in_error), and neither is the file.
 */
@Entity('patient_documents')
@Unique('uq_patient_documents_storage_key', ['storageKey'])
@Index('ix_patient_documents_patient_uploaded', ['patientId', 'uploadedAt'])
export class DocumentEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_patient_documents_patient' })
  patient: unknown;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'enum', enum: DOCUMENT_CATEGORIES }) category: DocumentCategory;
  @Column({ type: 'varchar', length: 255, name: 'original_file_name', nullable: true }) originalFileName: string | null;
  @Column({ type: 'varchar', length: 100, charset: 'ascii', collation: 'ascii_bin', name: 'mime_type' }) mimeType: string;
  @Column({ type: 'bigint', unsigned: true, name: 'size_bytes' }) sizeBytes: string;
  @Column(sha256HexColumn) sha256: string;
  @Column({ type: 'varchar', length: 80, charset: 'ascii', collation: 'ascii_bin', name: 'storage_key' }) storageKey: string;
  @Column({ type: 'enum', enum: DOCUMENT_STATUSES, default: 'current' }) status: DocumentStatus;
  @Column({ type: 'varchar', length: 500, name: 'status_reason', nullable: true }) statusReason: string | null;
  @Column({ ...uuidColumn, name: 'uploaded_by' }) uploadedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_patient_documents_uploaded_by' })
  uploadedByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'uploaded_at' }) uploadedAt: Date;
  @Column({ ...uuidColumn, name: 'updated_by', nullable: true }) updatedBy: string | null;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'fk_patient_documents_updated_by' })
  updatedByUser: unknown;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
