import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PrescriptionEntity, PrescriptionItemEntity } from './prescription.entity';
import type { PrescriptionStatus } from './prescription-rules';
import type { ActiveTherapyItem } from './prescription-safety';

/** A SQL condition with named parameters (PatientsService.visibleCondition's shape). */
export interface NamedCondition {
  sql: string;
  params: Record<string, string>;
}

/** What prescribing and dispensing need to know about a catalogue drug. */
export interface DrugRow {
  id: string;
  code: string;
  generic_name: string;
  strength: string;
  route: string;
  schedule: string;
  atc_code: string;
  drug_class: string;
  dispensing_unit: string;
  inventory_item_id: string;
  is_active: number;
}

/**
 * The only place that touches the database for prescriptions and their items. Reads the drug
 * catalogue (same context) and, read-only, clinic and staff names for responses.
 */
@Injectable()
export class PrescriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The prescription if `visible` (the caller's patient scope) admits its patient. */
  findVisible(visible: NamedCondition, id: string, manager?: EntityManager): Promise<PrescriptionEntity | null> {
    return this.db(manager)
      .getRepository(PrescriptionEntity)
      .createQueryBuilder('p')
      .where('p.id = :prescriptionId', { prescriptionId: id })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  /** Locks the prescription row so dispensings and cancellations of it run one after the other. */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT id FROM prescriptions WHERE id = ? FOR UPDATE', [id]);
  }

  forVisit(visitId: string, manager?: EntityManager): Promise<PrescriptionEntity | null> {
    return this.db(manager).getRepository(PrescriptionEntity).createQueryBuilder('p').where('p.visit_id = :visitId', { visitId }).getOne();
  }

  async list(
    visible: NamedCondition,
    filter: { patientId?: string; clinicId?: string; status?: PrescriptionStatus; offset: number; limit: number },
  ): Promise<[PrescriptionEntity[], number]> {
    const qb = this.db().getRepository(PrescriptionEntity).createQueryBuilder('p').where(visible.sql, visible.params);
    if (filter.patientId) qb.andWhere('p.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.clinicId) qb.andWhere('p.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  items(prescriptionIds: string[], manager?: EntityManager): Promise<PrescriptionItemEntity[]> {
    if (prescriptionIds.length === 0) return Promise.resolve([]);
    return this.db(manager)
      .getRepository(PrescriptionItemEntity)
      .find({ where: { prescriptionId: In(prescriptionIds) }, order: { prescriptionId: 'ASC', position: 'ASC' } });
  }

  async drugs(ids: string[], manager?: EntityManager): Promise<Map<string, DrugRow>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await this.db(manager).query(
      `SELECT id, code, generic_name, strength, route, schedule, atc_code, drug_class, dispensing_unit, inventory_item_id, is_active
         FROM drugs WHERE id IN (${unique.map(() => '?').join(', ')})`,
      unique,
    )) as DrugRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * The patient's prescription items whose course has not ended by `today`, on prescriptions not
   * cancelled: what a new drug could duplicate. Items without a course end (free text migrated from
   * before the catalogue) are left out: their length is unknown.
   */
  async activeTherapy(manager: EntityManager, patientId: string, today: string): Promise<ActiveTherapyItem[]> {
    const rows = (await manager.query(
      `SELECT i.id, i.drug_id, COALESCE(d.generic_name, i.drug_name) AS generic_name, d.atc_code,
              DATE_FORMAT(i.course_end_date, '%Y-%m-%d') AS course_end_date
         FROM prescription_items i
         JOIN prescriptions p ON p.id = i.prescription_id
         LEFT JOIN drugs d ON d.id = i.drug_id
        WHERE i.patient_id = ? AND i.course_end_date >= ? AND p.status <> 'cancelled'
        ORDER BY i.course_end_date, i.id`,
      [patientId, today],
    )) as { id: string; drug_id: string | null; generic_name: string; atc_code: string | null; course_end_date: string }[];
    return rows.map((r) => ({ prescriptionItemId: r.id, drugId: r.drug_id, genericName: r.generic_name, atcCode: r.atc_code, courseEndDate: r.course_end_date }));
  }

  async insert(manager: EntityManager, prescription: QueryDeepPartialEntity<PrescriptionEntity>, items: QueryDeepPartialEntity<PrescriptionItemEntity>[]): Promise<void> {
    await manager.getRepository(PrescriptionEntity).insert(prescription);
    await manager.getRepository(PrescriptionItemEntity).insert(items);
  }

  /** Adds to an item's dispensed quantity, never beyond what was prescribed; false if it would be. */
  async addDispensed(manager: EntityManager, itemId: string, quantity: number): Promise<boolean> {
    const result = (await manager.query(
      'UPDATE prescription_items SET quantity_dispensed = quantity_dispensed + ? WHERE id = ? AND quantity IS NOT NULL AND quantity_dispensed + ? <= quantity',
      [quantity, itemId, quantity],
    )) as { affectedRows: number };
    return result.affectedRows === 1;
  }

  async setStatus(manager: EntityManager, id: string, status: PrescriptionStatus): Promise<void> {
    await manager.query('UPDATE prescriptions SET status = ?, version = version + 1 WHERE id = ?', [status, id]);
  }

  async cancel(manager: EntityManager, id: string, reason: string, by: string): Promise<void> {
    await manager.query(
      "UPDATE prescriptions SET status = 'cancelled', cancelled_reason = ?, cancelled_by = ?, cancelled_at = NOW(3), version = version + 1 WHERE id = ?",
      [reason, by, id],
    );
  }

  async clinicName(clinicId: string, manager?: EntityManager): Promise<string | null> {
    const rows = (await this.db(manager).query('SELECT name FROM clinics WHERE id = ?', [clinicId])) as { name: string }[];
    return rows[0]?.name ?? null;
  }

  async clinicNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await this.db(manager).query(`SELECT id, name FROM clinics WHERE id IN (${unique.map(() => '?').join(', ')})`, unique)) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Staff names for the ids a record names (read-only, from the Identity context's users table). */
  async staffNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await this.db(manager).query(`SELECT id, full_name FROM users WHERE id IN (${unique.map(() => '?').join(', ')})`, unique)) as {
      id: string;
      full_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }
}
