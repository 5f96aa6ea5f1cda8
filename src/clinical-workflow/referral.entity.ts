import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { restrictOnDelete, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import {
  REFERRAL_STATUSES,
  REFERRAL_TYPES,
  REFERRAL_URGENCIES,
  type ReferralStatus,
  type ReferralType,
  type ReferralUrgency,
} from './order-workflow';
import { VisitEntity } from './visit.entity';

/** A referral made in a visit: internal, external or psychosocial, with its current status. */
@Entity('referrals')
@Index('ix_referrals_visit', ['visitId'])
@Index('ix_referrals_patient_referred', ['patientId', 'referredAt'])
@Index('ix_referrals_status_referred', ['status', 'referredAt'])
export class ReferralEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'visit_id' }) visitId: string;
  @ManyToOne(() => VisitEntity, restrictOnDelete)
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_referrals_visit' })
  visit: VisitEntity;
  @Column({ ...uuidColumn, name: 'patient_id' }) patientId: string;
  @ManyToOne('PatientEntity', restrictOnDelete)
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_referrals_patient' })
  patient: unknown;
  @Column({ type: 'enum', enum: REFERRAL_TYPES }) type: ReferralType;
  @Column({ type: 'enum', enum: REFERRAL_URGENCIES }) urgency: ReferralUrgency;
  @Column({ type: 'varchar', length: 200, name: 'to_facility' }) toFacility: string;
  @Column({ type: 'varchar', length: 120, nullable: true }) specialty: string | null;
  @Column({ type: 'varchar', length: 1000 }) reason: string;
  @Column({ type: 'enum', enum: REFERRAL_STATUSES, default: 'pending' }) status: ReferralStatus;
  @Column({ ...uuidColumn, name: 'referred_by' }) referredBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'referred_by', foreignKeyConstraintName: 'fk_referrals_referred_by' })
  referredByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'referred_at' }) referredAt: Date;
  @Column({ ...timestampDefaultNowColumn, name: 'status_changed_at' }) statusChangedAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** One status a referral took, who set it and when; the first row is its creation. */
@Entity('referral_status_changes')
@Index('ix_referral_status_changes_referral_changed', ['referralId', 'changedAt'])
export class ReferralStatusChangeEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'referral_id' }) referralId: string;
  @ManyToOne(() => ReferralEntity, restrictOnDelete)
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'fk_referral_status_changes_referral' })
  referral: ReferralEntity;
  @Column({ type: 'enum', enum: REFERRAL_STATUSES, name: 'from_status', nullable: true }) fromStatus: ReferralStatus | null;
  @Column({ type: 'enum', enum: REFERRAL_STATUSES, name: 'to_status' }) toStatus: ReferralStatus;
  @Column({ type: 'varchar', length: 500, nullable: true }) note: string | null;
  @Column({ ...uuidColumn, name: 'changed_by' }) changedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'changed_by', foreignKeyConstraintName: 'fk_referral_status_changes_changed_by' })
  changedByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'changed_at' }) changedAt: Date;
}
