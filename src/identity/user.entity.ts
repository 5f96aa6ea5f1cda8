import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { JURISDICTION_LEVELS, type JurisdictionLevel } from '../common/auth/auth-user';
import {
  createdAtColumn,
  restrictOnDelete,
  timestampColumn,
  timestampDefaultNowColumn,
  updatedAtColumn,
  uuidColumn,
} from '../common/database/columns';
import { ClinicEntity, DistrictEntity, ProvinceEntity } from './facility.entity';
import { RoleEntity } from './role.entity';

@Entity('users')
@Unique('uq_users_email', ['email'])
@Index('ix_users_role', ['roleId'])
@Index('ix_users_province', ['provinceId'])
@Index('ix_users_district', ['districtId'])
@Index('ix_users_clinic', ['clinicId'])
@Index('ix_users_full_name', ['fullName'])
export class UserEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 160, name: 'full_name' }) fullName: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 255, name: 'password_hash' }) passwordHash: string;

  @Column({ ...uuidColumn, name: 'role_id' }) roleId: string;
  @ManyToOne(() => RoleEntity, restrictOnDelete)
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'fk_users_role' })
  role: RoleEntity;

  // The jurisdiction: the level, and the place at that level with the places above it (null below it).
  @Column({ type: 'enum', enum: JURISDICTION_LEVELS, name: 'jurisdiction_level' }) jurisdictionLevel: JurisdictionLevel;
  @Column({ ...uuidColumn, name: 'province_id', nullable: true }) provinceId: string | null;
  @ManyToOne(() => ProvinceEntity, restrictOnDelete)
  @JoinColumn({ name: 'province_id', foreignKeyConstraintName: 'fk_users_province' })
  province: ProvinceEntity | null;
  @Column({ ...uuidColumn, name: 'district_id', nullable: true }) districtId: string | null;
  @ManyToOne(() => DistrictEntity, restrictOnDelete)
  @JoinColumn({ name: 'district_id', foreignKeyConstraintName: 'fk_users_district' })
  district: DistrictEntity | null;
  @Column({ ...uuidColumn, name: 'clinic_id', nullable: true }) clinicId: string | null;
  @ManyToOne(() => ClinicEntity, restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_users_clinic' })
  clinic: ClinicEntity | null;

  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @Column({ type: 'int', unsigned: true, name: 'failed_login_count', default: 0 }) failedLoginCount: number;
  @Column({ ...timestampColumn, name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @Column({ ...timestampColumn, name: 'last_login_at', nullable: true }) lastLoginAt: Date | null;
  @Column({ ...timestampDefaultNowColumn, name: 'password_changed_at' }) passwordChangedAt: Date;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
