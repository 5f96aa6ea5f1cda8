import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ReferralStatus } from './order-workflow';
import { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';
import type { NamedCondition } from './visit.repository';

/** The only place that touches the database for referrals and their status history. */
@Injectable()
export class ReferralRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findVisible(visible: NamedCondition, id: string, manager?: EntityManager): Promise<ReferralEntity | null> {
    return this.db(manager)
      .getRepository(ReferralEntity)
      .createQueryBuilder('r')
      .where('r.id = :referralId', { referralId: id })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  async list(visible: NamedCondition, filter: { patientId?: string; visitId?: string; status?: ReferralStatus; offset: number; limit: number }): Promise<[ReferralEntity[], number]> {
    const qb = this.db().getRepository(ReferralEntity).createQueryBuilder('r').where(visible.sql, visible.params);
    if (filter.patientId) qb.andWhere('r.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.visitId) qb.andWhere('r.visit_id = :visitId', { visitId: filter.visitId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    return qb.orderBy('r.referred_at', 'DESC').addOrderBy('r.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  forVisit(visitId: string, manager?: EntityManager): Promise<ReferralEntity[]> {
    return this.db(manager).getRepository(ReferralEntity).find({ where: { visitId }, order: { referredAt: 'ASC', id: 'ASC' } });
  }

  changes(referralIds: string[], manager?: EntityManager): Promise<ReferralStatusChangeEntity[]> {
    if (referralIds.length === 0) return Promise.resolve([]);
    return this.db(manager)
      .getRepository(ReferralStatusChangeEntity)
      .find({ where: { referralId: In(referralIds) }, order: { changedAt: 'ASC' } });
  }

  async insert(manager: EntityManager, referrals: QueryDeepPartialEntity<ReferralEntity>[], changes: QueryDeepPartialEntity<ReferralStatusChangeEntity>[]): Promise<void> {
    if (referrals.length === 0) return;
    await manager.getRepository(ReferralEntity).insert(referrals);
    await manager.getRepository(ReferralStatusChangeEntity).insert(changes);
  }

  /** Moves the referral only from the status the caller saw; false if it had moved on. */
  async transition(manager: EntityManager, id: string, from: ReferralStatus, to: ReferralStatus): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ReferralEntity)
      .set({ status: to, statusChangedAt: () => 'NOW(3)' })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return result.affected === 1;
  }

  async insertChange(manager: EntityManager, change: QueryDeepPartialEntity<ReferralStatusChangeEntity>): Promise<void> {
    await manager.getRepository(ReferralStatusChangeEntity).insert(change);
  }
}
