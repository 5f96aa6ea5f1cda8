import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JURISDICTION_LEVELS, type JurisdictionLevel } from '../common/auth/auth-user';
import { timestampColumn, uuidColumn } from '../common/database/columns';
import { RoleEntity } from './role.entity';

@Entity('users')
export class UserEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 160, name: 'full_name' }) fullName: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 255, name: 'password_hash' }) passwordHash: string;
  @Column({ ...uuidColumn, name: 'role_id' }) roleId: string;
  @ManyToOne(() => RoleEntity)
  @JoinColumn({ name: 'role_id' })
  role: RoleEntity;
  @Column({ type: 'enum', enum: JURISDICTION_LEVELS, name: 'jurisdiction_level' }) jurisdictionLevel: JurisdictionLevel;
  @Column({ ...uuidColumn, name: 'province_id', nullable: true }) provinceId: string | null;
  @Column({ ...uuidColumn, name: 'district_id', nullable: true }) districtId: string | null;
  @Column({ ...uuidColumn, name: 'clinic_id', nullable: true }) clinicId: string | null;
  @Column({ type: 'boolean', name: 'is_active', default: true })
  isActive: boolean;
  @Column({ type: 'int', unsigned: true, name: 'failed_login_count', default: 0 }) failedLoginCount: number;
  @Column({ ...timestampColumn, name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @Column({ ...timestampColumn, name: 'last_login_at', nullable: true }) lastLoginAt: Date | null;
  @Column({ ...timestampColumn, name: 'password_changed_at' }) passwordChangedAt: Date;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}
