import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { requireNationalScope } from '../common/auth/jurisdiction';
import { Permission } from '../common/auth/permissions';
import { ForbiddenError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { PermissionEntity, RoleEntity, RolePermissionEntity } from './role.entity';
import { PermissionDto, RoleDto } from './role.dto';

function toRoleDto(role: RoleEntity): RoleDto {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: role.grants.map((g) => g.permissionCode).sort(),
  };
}

@Injectable()
export class RolesService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>,
    @InjectRepository(PermissionEntity) private readonly permissions: Repository<PermissionEntity>,
  ) {}

  async listPermissions(): Promise<PermissionDto[]> {
    const rows = await this.permissions.find({ order: { code: 'ASC' } });
    return rows.map((p) => ({ code: p.code, description: p.description }));
  }

  async list(): Promise<RoleDto[]> {
    const rows = await this.roles.createQueryBuilder('r').leftJoinAndSelect('r.grants', 'g').orderBy('r.name', 'ASC').getMany();
    return rows.map(toRoleDto);
  }

  async get(id: string): Promise<RoleDto> {
    const role = await this.roles.createQueryBuilder('r').leftJoinAndSelect('r.grants', 'g').where('r.id = :id', { id }).getOne();
    if (!role) throw new NotFoundError('Role');
    return toRoleDto(role);
  }

  /**
   * Replaces a role's permissions in one transaction. Takes effect on every holder's next request,
   * because the permissions are loaded with the user on each request.
   */
  async setPermissions(caller: AuthUser, id: string, codes: string[]): Promise<RoleDto> {
    // Roles are shared by every jurisdiction; a provincial administrator must not reshape them.
    requireNationalScope(caller.scope);
    const role = await this.roles.findOneBy({ id });
    if (!role) throw new NotFoundError('Role');
    const known = new Set((await this.permissions.find()).map((p) => p.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw new ValidationFailedError(unknown.map((c) => ({ field: 'permissions', message: `${c} is not a known permission` })));
    }
    if (role.name === caller.role && !codes.includes(Permission.RolesManage)) {
      throw new ForbiddenError('SELF_LOCKOUT', `Removing ${Permission.RolesManage} from your own role would lock you out`);
    }
    await this.dataSource.transaction(async (manager) => {
      const grants = manager.getRepository(RolePermissionEntity);
      await grants.delete({ roleId: id });
      if (codes.length > 0) await grants.insert(codes.map((permissionCode) => ({ roleId: id, permissionCode })));
      await manager.getRepository(RoleEntity).update({ id }, { updatedAt: new Date() });
    });
    return this.get(id);
  }
}
