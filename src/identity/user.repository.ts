import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { JurisdictionScope } from '../common/auth/auth-user';
import { scopeCondition } from '../common/auth/jurisdiction';
import type { RoleEntity } from './role.entity';
import { UserEntity } from './user.entity';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

const USER_SCOPE_COLUMNS = { province: 'u.province_id', district: 'u.district_id', clinic: 'u.clinic_id' };

export type UserWithRole = UserEntity & { role: { name: string } };

/** The only place that touches TypeORM for users. */
@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByEmail(email: string): Promise<UserWithRole | null> {
    return this.users
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.role', 'role')
      .where('u.email = :email', { email })
      .getOne();
  }

  findById(id: string, manager?: EntityManager): Promise<UserWithRole | null> {
    return (manager?.getRepository(UserEntity) ?? this.users)
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.role', 'role')
      .where('u.id = :id', { id })
      .getOne();
  }

  /** The user with their role's grants, in one query (for the signed-in user's own profile). */
  findWithGrants(id: string): Promise<(UserEntity & { role: RoleEntity }) | null> {
    return this.users
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.role', 'role')
      .leftJoinAndSelect('role.grants', 'grant')
      .where('u.id = :id', { id })
      .getOne();
  }

  /** A user the caller's jurisdiction covers; anything else reads as not found. */
  findInScope(id: string, scope: JurisdictionScope): Promise<UserWithRole | null> {
    const cond = scopeCondition(scope, USER_SCOPE_COLUMNS);
    return this.users
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.role', 'role')
      .where('u.id = :id', { id })
      .andWhere(cond.sql, cond.params)
      .getOne();
  }

  async list(
    scope: JurisdictionScope,
    filter: { q?: string; role?: string; isActive?: boolean; offset: number; limit: number },
  ): Promise<[UserWithRole[], number]> {
    const cond = scopeCondition(scope, USER_SCOPE_COLUMNS);
    const qb = this.users.createQueryBuilder('u').innerJoinAndSelect('u.role', 'role').where(cond.sql, cond.params);
    if (filter.q) {
      const prefix = `${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.full_name LIKE :prefix OR u.email LIKE :prefix)', { prefix });
    }
    if (filter.role) qb.andWhere('role.name = :role', { role: filter.role });
    if (filter.isActive !== undefined) qb.andWhere('u.is_active = :active', { active: filter.isActive ? 1 : 0 });
    return qb.orderBy('u.full_name', 'ASC').addOrderBy('u.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  async insert(user: Partial<UserEntity>, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(UserEntity) ?? this.users).insert(user);
  }

  async update(id: string, changes: Partial<UserEntity>, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(UserEntity) ?? this.users).update({ id }, changes);
  }

  /**
   * Claims one password attempt before the password is checked: counts it and, at the
   * LOCKOUT_THRESHOLD-th consecutive attempt, locks the account for LOCKOUT_MINUTES. Atomic in one
   * UPDATE, so a burst of parallel guesses gets no more than the threshold evaluated. False when
   * the account is locked. A successful sign-in resets the count.
   */
  async claimPasswordAttempt(id: string): Promise<boolean> {
    // Raw SQL: the assignments must run in this order (locked_until reads the count before it is
    // incremented); a query builder orders SET clauses by column, not as written.
    const result = (await this.users.query(
      `UPDATE users
          SET locked_until = IF(failed_login_count + 1 >= ?, NOW(3) + INTERVAL ? MINUTE, NULL),
              failed_login_count = IF(failed_login_count + 1 >= ?, 0, failed_login_count + 1)
        WHERE id = ? AND (locked_until IS NULL OR locked_until <= NOW(3))`,
      [LOCKOUT_THRESHOLD, LOCKOUT_MINUTES, LOCKOUT_THRESHOLD, id],
    )) as { affectedRows: number };
    return result.affectedRows === 1;
  }

  /** Locks the user row for the rest of a sign-in, which must not race a password change. */
  lockForSignIn(manager: EntityManager, id: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
  }

  async recordSuccessfulLogin(manager: EntityManager, id: string, newPasswordHash?: string): Promise<void> {
    await manager.getRepository(UserEntity).update(
      { id },
      { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date(), ...(newPasswordHash ? { passwordHash: newPasswordHash } : {}) },
    );
  }
}
