import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn, uuidColumn } from '../common/database/columns';

@Entity('permissions')
export class PermissionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' }) code: string;
  @Column({ type: 'varchar', length: 200 }) description: string;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
}

@Entity('roles')
export class RoleEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' }) name: string;
  @Column({ type: 'varchar', length: 200 }) description: string;
  @OneToMany(() => RolePermissionEntity, (grant) => grant.role) grants: RolePermissionEntity[];
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}

@Entity('role_permissions')
export class RolePermissionEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'role_id' }) roleId: string;
  @PrimaryColumn({ type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin', name: 'permission_code' })
  permissionCode: string;
  @ManyToOne(() => RoleEntity, (role) => role.grants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id' })
  role: RoleEntity;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
}
