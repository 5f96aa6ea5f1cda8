import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { LabOrderEntity, LabResultEntity } from './lab-order.entity';
import type { LabOrderStatus } from './order-workflow';
import type { NamedCondition } from './visit.repository';

/** The only place that touches the database for lab orders and their results. */
@Injectable()
export class LabOrderRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findVisible(visible: NamedCondition, id: string, manager?: EntityManager): Promise<LabOrderEntity | null> {
    return this.db(manager)
      .getRepository(LabOrderEntity)
      .createQueryBuilder('l')
      .where('l.id = :labOrderId', { labOrderId: id })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  async list(visible: NamedCondition, filter: { patientId?: string; visitId?: string; status?: LabOrderStatus; offset: number; limit: number }): Promise<[LabOrderEntity[], number]> {
    const qb = this.db().getRepository(LabOrderEntity).createQueryBuilder('l').where(visible.sql, visible.params);
    if (filter.patientId) qb.andWhere('l.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.visitId) qb.andWhere('l.visit_id = :visitId', { visitId: filter.visitId });
    if (filter.status) qb.andWhere('l.status = :status', { status: filter.status });
    return qb.orderBy('l.ordered_at', 'DESC').addOrderBy('l.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  forVisit(visitId: string, manager?: EntityManager): Promise<LabOrderEntity[]> {
    return this.db(manager).getRepository(LabOrderEntity).find({ where: { visitId }, order: { orderedAt: 'ASC', id: 'ASC' } });
  }

  results(orderIds: string[], manager?: EntityManager): Promise<LabResultEntity[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.db(manager).getRepository(LabResultEntity).find({ where: { labOrderId: In(orderIds) }, order: { position: 'ASC' } });
  }

  async insert(manager: EntityManager, orders: QueryDeepPartialEntity<LabOrderEntity>[]): Promise<void> {
    if (orders.length > 0) await manager.getRepository(LabOrderEntity).insert(orders.map((o) => ({ ...o, orderedAt: () => 'NOW(3)' })));
  }

  /** Moves the order only from the status the caller saw (the lab's own optimistic lock); false if it had moved on. */
  async transition(manager: EntityManager, id: string, from: LabOrderStatus, changes: QueryDeepPartialEntity<LabOrderEntity>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(LabOrderEntity)
      .set(changes)
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return result.affected === 1;
  }

  async insertResults(manager: EntityManager, rows: QueryDeepPartialEntity<LabResultEntity>[]): Promise<void> {
    if (rows.length > 0) await manager.getRepository(LabResultEntity).insert(rows);
  }
}
