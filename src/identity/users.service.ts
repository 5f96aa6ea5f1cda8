import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser, JurisdictionScope } from '../common/auth/auth-user';
import { isDuplicateKeyError } from '../common/database/mysql-errors';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { FacilitiesService } from './facilities.service';
import { scopeContains, scopeNoWider } from './jurisdiction-rules';
import { PasswordHasher } from './password-hasher';
import { checkPassword } from './password-policy';
import { RoleEntity } from './role.entity';
import { SessionRepository } from './session.repository';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';
import {
  CreateUserDto,
  CurrentUserDto,
  JurisdictionDto,
  toUserDto,
  UpdateOwnProfileDto,
  UpdateUserDto,
  UserDto,
  UserQueryDto,
} from './user.dto';

/** Staff accounts. An administrator acts only on users inside their own jurisdiction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly facilities: FacilitiesService,
    private readonly hasher: PasswordHasher,
    @InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>,
  ) {}

  async list(caller: AuthUser, query: UserQueryDto): Promise<Page<UserDto>> {
    const [rows, total] = await this.users.list(caller.scope, {
      q: query.q,
      role: query.role,
      isActive: query.isActive,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toUserDto), total, query);
  }

  async get(caller: AuthUser, id: string): Promise<UserDto> {
    return toUserDto(await this.findVisible(caller, id));
  }

  async currentUser(id: string): Promise<CurrentUserDto> {
    const user = await this.users.findWithGrants(id);
    if (!user) throw new NotFoundError('User');
    return { ...toUserDto(user), permissions: user.role.grants.map((g) => g.permissionCode).sort() };
  }

  async create(caller: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    const problems = checkPassword(dto.password, dto.email);
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const role = await this.findAssignableRole(caller, dto.role, 'role');
    const scope = await this.grantableScope(caller, dto.jurisdiction);
    const id = randomUUID();
    try {
      await this.users.insert({
        id,
        email: dto.email,
        fullName: dto.fullName,
        phone: dto.phone ?? null,
        passwordHash: await this.hasher.hash(dto.password),
        roleId: role.id,
        jurisdictionLevel: scope.level,
        provinceId: scope.provinceId,
        districtId: scope.districtId,
        clinicId: scope.clinicId,
        isActive: true,
        passwordChangedAt: new Date(),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError('USER_EMAIL_EXISTS', 'A user with this e-mail already exists');
      throw error;
    }
    return this.get(caller, id);
  }

  async update(caller: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const user = await this.findVisible(caller, id);
    if (user.id === caller.id && (dto.role !== undefined || dto.jurisdiction !== undefined)) {
      throw new ForbiddenError('SELF_ESCALATION', 'You cannot change your own role or jurisdiction');
    }
    const changes: Partial<UserEntity> = {};
    if (dto.fullName !== undefined) changes.fullName = dto.fullName;
    if (dto.phone !== undefined) changes.phone = dto.phone;
    if (dto.role !== undefined) changes.roleId = (await this.findAssignableRole(caller, dto.role, 'role')).id;
    if (dto.jurisdiction !== undefined) {
      const scope = await this.grantableScope(caller, dto.jurisdiction);
      Object.assign(changes, {
        jurisdictionLevel: scope.level,
        provinceId: scope.provinceId,
        districtId: scope.districtId,
        clinicId: scope.clinicId,
      });
    }
    if (Object.keys(changes).length > 0) await this.users.update(id, changes);
    return this.get(caller, id);
  }

  async updateOwnProfile(caller: AuthUser, dto: UpdateOwnProfileDto): Promise<CurrentUserDto> {
    const changes: Partial<UserEntity> = {};
    if (dto.fullName !== undefined) changes.fullName = dto.fullName;
    if (dto.phone !== undefined) changes.phone = dto.phone;
    if (Object.keys(changes).length > 0) await this.users.update(caller.id, changes);
    return this.currentUser(caller.id);
  }

  /** Deactivation ends every session at once; the account and its history stay. */
  async setActive(caller: AuthUser, id: string, active: boolean): Promise<UserDto> {
    const user = await this.findVisible(caller, id);
    if (user.id === caller.id && !active) throw new ForbiddenError('SELF_DEACTIVATION', 'You cannot deactivate your own account');
    await this.dataSource.transaction(async (manager) => {
      await this.users.update(id, { isActive: active, ...(active ? { failedLoginCount: 0, lockedUntil: null } : {}) }, manager);
      if (!active) {
        await this.sessions.revokeAllSessions(id, 'user_deactivated', manager);
        await this.sessions.invalidatePasswordResets(id, manager);
      }
    });
    return this.get(caller, id);
  }

  private async findVisible(caller: AuthUser, id: string) {
    const user = await this.users.findInScope(id, caller.scope);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** A role the caller may give: it exists and grants nothing the caller does not hold. */
  private async findAssignableRole(caller: AuthUser, name: string, field: string): Promise<RoleEntity> {
    const role = await this.roles.createQueryBuilder('r').leftJoinAndSelect('r.grants', 'g').where('r.name = :name', { name }).getOne();
    if (!role) throw new ValidationFailedError([{ field, message: `${field} does not name a role` }]);
    if (!role.grants.every((g) => caller.permissions.has(g.permissionCode))) {
      throw new ForbiddenError('ROLE_EXCEEDS_YOURS', 'You can only give a role whose permissions you hold yourself');
    }
    return role;
  }

  private async grantableScope(caller: AuthUser, input: JurisdictionDto): Promise<JurisdictionScope> {
    const scope = await this.facilities.resolveScope(input);
    if (scopeContains(caller.scope, scope)) return scope;
    if (scopeNoWider(caller.scope, scope) && (scope.level === 'district' || scope.level === 'clinic')) {
      // A district or clinic outside your jurisdiction answers exactly like one that does not exist.
      const field = `jurisdiction.${scope.level}Id`;
      throw new ValidationFailedError([{ field, message: `${field} does not name a ${scope.level}` }]);
    }
    throw new ForbiddenError('JURISDICTION_OUTSIDE_SCOPE', 'You can only give users a jurisdiction inside your own');
  }
}
