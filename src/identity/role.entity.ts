import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { cascadeOnDelete, createdAtColumn, restrictOnDelete, updatedAtColumn, uuidColumn } from '../common/database/columns';

/** VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin: permission codes and role names are compared byte for byte. */
const asciiNameColumn = { type: 'varchar', length: 64, charset: 'ascii', collation: 'ascii_bin' } as const;

@Entity('permissions')
export class PermissionEntity {
  @PrimaryColumn(asciiNameColumn) code: string;
  @Column({ type: 'varchar', length: 200 }) description: string;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}

@Entity('roles')
@Unique('uq_roles_name', ['name'])
export class RoleEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column(asciiNameColumn) name: string;
  @Column({ type: 'varchar', length: 200 }) description: string;
  @OneToMany(() => RolePermissionEntity, (grant) => grant.role) grants: RolePermissionEntity[];
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

@Entity('role_permissions')
@Index('ix_role_permissions_permission', ['permissionCode'])
export class RolePermissionEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'role_id' }) roleId: string;
  @ManyToOne(() => RoleEntity, (role) => role.grants, cascadeOnDelete)
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'fk_role_permissions_role' })
  role: RoleEntity;
  @PrimaryColumn({ ...asciiNameColumn, name: 'permission_code' }) permissionCode: string;
  @ManyToOne(() => PermissionEntity, restrictOnDelete)
  @JoinColumn({ name: 'permission_code', foreignKeyConstraintName: 'fk_role_permissions_permission' })
  permission: PermissionEntity;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
