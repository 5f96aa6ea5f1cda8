import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ControlledDrugRegisterEntity, DispensingEntity, DispensingLineEntity } from './dispensing.entity';

/** A SQL condition with named parameters (a jurisdiction scope). */
interface NamedCondition {
  sql: string;
  params: Record<string, string>;
}

export interface DispensingRow {
  id: string;
  prescription_id: string;
  location_id: string;
  location_name: string | null;
  dispensed_by: string;
  dispensed_by_name: string | null;
  dispensed_at: Date;
  override_reason: string | null;
  warnings: string | null;
}

export interface DispensingLineRow {
  id: string;
  dispensing_id: string;
  prescription_item_id: string;
  drug_id: string;
  batch_id: string;
  lot_number: string;
  expiry_date: string;
  quantity: number;
  unit_cost: string;
  line_cost: string;
  movement_id: string;
  position: number;
}

export interface RegisterRow {
  id: string;
  created_at: Date;
  drug_id: string;
  drug_code: string;
  drug_name: string;
  strength: string;
  schedule: string;
  patient_id: string;
  prescription_id: string;
  dispensing_id: string;
  batch_id: string;
  lot_number: string;
  location_id: string;
  location_name: string;
  quantity: number;
  balance_after: number;
  prescribed_by: string;
  prescribed_by_name: string | null;
  dispensed_by: string;
  dispensed_by_name: string | null;
}

/**
 * The only place that touches the database for dispensings, their lines and the controlled-drug
 * register. Reads batches, locations and staff names read-only for the responses; dates come back
 * as 'YYYY-MM-DD' text (DATE_FORMAT) so no time zone can shift them.
 */
@Injectable()
export class DispensingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(
    manager: EntityManager,
    dispensing: QueryDeepPartialEntity<DispensingEntity>,
    lines: QueryDeepPartialEntity<DispensingLineEntity>[],
    register: QueryDeepPartialEntity<ControlledDrugRegisterEntity>[],
  ): Promise<void> {
    await manager.getRepository(DispensingEntity).insert(dispensing);
    if (lines.length > 0) await manager.getRepository(DispensingLineEntity).insert(lines);
    if (register.length > 0) await manager.getRepository(ControlledDrugRegisterEntity).insert(register);
  }

  /** Dispensings of a prescription (all, or one), oldest first. */
  async dispensings(prescriptionId: string, manager?: EntityManager, dispensingId?: string): Promise<DispensingRow[]> {
    return (await this.db(manager).query(
      `SELECT d.id, d.prescription_id, d.location_id, l.name AS location_name, d.dispensed_by, u.full_name AS dispensed_by_name,
              d.dispensed_at, d.override_reason, d.warnings
         FROM dispensings d
         LEFT JOIN stock_locations l ON l.id = d.location_id
         LEFT JOIN users u ON u.id = d.dispensed_by
        WHERE d.prescription_id = ?${dispensingId ? ' AND d.id = ?' : ''}
        ORDER BY d.dispensed_at, d.id`,
      dispensingId ? [prescriptionId, dispensingId] : [prescriptionId],
    )) as DispensingRow[];
  }

  /** The lines of these dispensings, by item position then batch expiry. */
  async lines(dispensingIds: string[], manager?: EntityManager): Promise<DispensingLineRow[]> {
    if (dispensingIds.length === 0) return [];
    return (await this.db(manager).query(
      `SELECT dl.id, dl.dispensing_id, dl.prescription_item_id, dl.drug_id, dl.batch_id, b.lot_number,
              DATE_FORMAT(b.expiry_date, '%Y-%m-%d') AS expiry_date, dl.quantity, dl.unit_cost, dl.line_cost, dl.movement_id, i.position
         FROM dispensing_lines dl
         JOIN stock_batches b ON b.id = dl.batch_id
         JOIN prescription_items i ON i.id = dl.prescription_item_id
        WHERE dl.dispensing_id IN (${dispensingIds.map(() => '?').join(', ')})
        ORDER BY i.position, b.expiry_date, b.id`,
      dispensingIds,
    )) as DispensingLineRow[];
  }

  /**
   * A page of the controlled-drug register, newest first, limited to locations whose clinic lies in
   * `scope` (over clinic columns c.*).
   */
  async register(
    scope: NamedCondition,
    filter: { locationId?: string; drugId?: string; fromUtc?: Date; toUtc?: Date; offset: number; limit: number },
  ): Promise<[RegisterRow[], number]> {
    const qb = this.db()
      .createQueryBuilder()
      .from('controlled_drug_register', 'r')
      .innerJoin('stock_locations', 'l', 'l.id = r.location_id')
      .innerJoin('clinics', 'c', 'c.id = l.clinic_id')
      .innerJoin('drugs', 'd', 'd.id = r.drug_id')
      .innerJoin('stock_batches', 'b', 'b.id = r.batch_id')
      .innerJoin('dispensing_lines', 'dl', 'dl.id = r.dispensing_line_id')
      .leftJoin('users', 'pu', 'pu.id = r.prescribed_by')
      .leftJoin('users', 'du', 'du.id = r.dispensed_by')
      .where(scope.sql, scope.params);
    if (filter.locationId) qb.andWhere('r.location_id = :locationId', { locationId: filter.locationId });
    if (filter.drugId) qb.andWhere('r.drug_id = :drugId', { drugId: filter.drugId });
    if (filter.fromUtc) qb.andWhere('r.created_at >= :fromUtc', { fromUtc: filter.fromUtc });
    if (filter.toUtc) qb.andWhere('r.created_at < :toUtc', { toUtc: filter.toUtc });
    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const rows = await qb
      .select([
        'r.id AS id',
        'r.created_at AS created_at',
        'r.drug_id AS drug_id',
        'd.code AS drug_code',
        'd.generic_name AS drug_name',
        'd.strength AS strength',
        'd.schedule AS schedule',
        'r.patient_id AS patient_id',
        'r.prescription_id AS prescription_id',
        'dl.dispensing_id AS dispensing_id',
        'r.batch_id AS batch_id',
        'b.lot_number AS lot_number',
        'r.location_id AS location_id',
        'l.name AS location_name',
        'r.quantity AS quantity',
        'r.balance_after AS balance_after',
        'r.prescribed_by AS prescribed_by',
        'pu.full_name AS prescribed_by_name',
        'r.dispensed_by AS dispensed_by',
        'du.full_name AS dispensed_by_name',
      ])
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getRawMany<RegisterRow>();
    return [rows, Number(total?.n ?? 0)];
  }
}
