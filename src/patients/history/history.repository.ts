import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AllergyStatus } from '../patient.entity';
import { type AllergyCategory, AllergyEntity, type AllergySeverity, ConditionEntity, ENTERED_IN_ERROR, MedicationEntity, VitalSignsEntity } from './history.entity';
import { entryEnteredInError } from './history.errors';

/** An active allergy as other contexts see it (Pharmacy matches drugs against substance and class). */
export interface ActiveAllergy {
  id: string;
  substance: string;
  /** Lower-case class for cross-reactivity (e.g. 'penicillins'), when recorded. */
  drugClass: string | null;
  category: AllergyCategory;
  severity: AllergySeverity;
}

/** Every history row has these; the entity names its own clinical date column. */
export interface HistoryRow extends ObjectLiteral {
  id: string;
  patientId: string;
  status: string;
}

export interface HistoryListFilter {
  /** One status, or (undefined) everything but entered_in_error. */
  status?: string;
  /** Extra equality filters on entity properties (e.g. kind). */
  where?: Record<string, string>;
  offset: number;
  limit: number;
}

/**
 * The only place that touches TypeORM for the history tables. Generic over the entity: every
 * kind has the same shape (patient, status, who and when), each keyed by its own date column.
 */
@Injectable()
export class HistoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** A page of the patient's entries, newest first by `dateProperty` (the indexed clinical date). */
  list<E extends HistoryRow>(entity: EntityTarget<E>, patientId: string, dateProperty: keyof E & string, filter: HistoryListFilter): Promise<[E[], number]> {
    const qb = this.dataSource.manager.getRepository(entity).createQueryBuilder('e').where('e.patientId = :patientId', { patientId });
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    else qb.andWhere('e.status <> :error', { error: ENTERED_IN_ERROR });
    for (const [property, value] of Object.entries(filter.where ?? {})) {
      qb.andWhere(`e.${property} = :w_${property}`, { [`w_${property}`]: value });
    }
    return qb.orderBy(`e.${dateProperty}`, 'DESC').addOrderBy('e.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  /** One entry of this patient (another patient's entry reads as not found). */
  findForPatient<E extends HistoryRow>(entity: EntityTarget<E>, patientId: string, id: string, manager?: EntityManager, lock = false): Promise<E | null> {
    const qb = this.db(manager).getRepository(entity).createQueryBuilder('e').where('e.id = :id AND e.patientId = :patientId', { id, patientId });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert<E extends HistoryRow>(manager: EntityManager, entity: EntityTarget<E>, rows: QueryDeepPartialEntity<E> | QueryDeepPartialEntity<E>[]): Promise<void> {
    await manager.getRepository(entity).insert(rows);
  }

  /** Optimistic update: false when the version moved on (someone else saved first). */
  async updateVersioned<E extends HistoryRow>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    id: string,
    version: number,
    changes: QueryDeepPartialEntity<E>,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(entity)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' } as QueryDeepPartialEntity<E>)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** Marks an entry entered in error unless it already is; false when it already was. */
  async markEnteredInError<E extends HistoryRow>(manager: EntityManager, entity: EntityTarget<E>, id: string, userId: string, reason: string): Promise<boolean> {
    const result = await manager
      .getRepository(entity)
      .createQueryBuilder()
      .update()
      .set({ status: ENTERED_IN_ERROR, statusReason: reason, updatedBy: userId } as unknown as QueryDeepPartialEntity<E>)
      .where('id = :id AND status <> :error', { id, error: ENTERED_IN_ERROR })
      .execute();
    return result.affected === 1;
  }

  /**
   * Marks one of the patient's entries entered in error and returns it as it now is: `notFound()`
   * when the patient has no such entry, 409 when it already was. In the caller's transaction, after
   * its scope check.
   */
  async retract<E extends HistoryRow>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    entry: { patientId: string; id: string },
    by: { userId: string; reason: string },
    notFound: () => Error,
  ): Promise<E> {
    if (!(await this.findForPatient(entity, entry.patientId, entry.id, manager))) throw notFound();
    if (!(await this.markEnteredInError(manager, entity, entry.id, by.userId, by.reason))) throw entryEnteredInError();
    return (await this.findForPatient(entity, entry.patientId, entry.id, manager))!;
  }

  /** Reads back rows just written, in the caller's transaction. */
  findByIds<E extends HistoryRow>(manager: EntityManager, entity: EntityTarget<E>, ids: string[]): Promise<E[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(entity).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany();
  }

  /** Active allergies of a patient; `substance` narrows to one (the collation ignores case and accents). */
  async countActiveAllergies(manager: EntityManager, patientId: string, substance?: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT COUNT(*) AS n FROM patient_allergies WHERE patient_id = ? AND status = 'active'${substance ? ' AND substance = ?' : ''}`,
      substance ? [patientId, substance] : [patientId],
    )) as { n: string | number }[];
    return Number(rows[0].n);
  }

  /**
   * Stops current medication entries (a cancelled prescription's): status stopped, ending on `today`
   * unless they end sooner. Entries no longer current are left as they are.
   */
  async stopMedications(manager: EntityManager, ids: string[], today: string, userId: string): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE patient_medications
          SET status = 'stopped', end_date = IF(end_date IS NOT NULL AND end_date < ?, end_date, ?), updated_by = ?, version = version + 1
        WHERE id IN (${ids.map(() => '?').join(',')}) AND status = 'current'`,
      [today, today, userId, ...ids],
    );
  }

  /**
   * The patient's active allergies of every category (for Pharmacy's prescribing safety checks), in
   * the caller's transaction: a drug allergy filed as 'other' must still stop the drug.
   */
  async safetyCheckAllergies(manager: EntityManager | undefined, patientId: string): Promise<ActiveAllergy[]> {
    const rows = (await this.db(manager).query(
      "SELECT id, substance, drug_class, category, severity FROM patient_allergies WHERE patient_id = ? AND status = 'active' ORDER BY recorded_at, id",
      [patientId],
    )) as { id: string; substance: string; drug_class: string | null; category: AllergyCategory; severity: AllergySeverity }[];
    return rows.map((r) => ({ id: r.id, substance: r.substance, drugClass: r.drug_class, category: r.category, severity: r.severity }));
  }

  /**
   * The patient's allergy_status column. Read here rather than through PatientsService because the
   * summary needs it next to the allergy list; PatientsService.setAllergyStatus remains its only writer.
   */
  async allergyStatus(manager: EntityManager | undefined, patientId: string): Promise<AllergyStatus> {
    const rows = (await this.db(manager).query('SELECT allergy_status FROM patients WHERE id = ?', [patientId])) as { allergy_status: AllergyStatus }[];
    return rows[0]?.allergy_status ?? 'unknown';
  }

  /** For the summary: active allergies (most severe first), active conditions, current medications, the latest vitals. */
  activeAllergies(patientId: string, limit: number): Promise<AllergyEntity[]> {
    return this.dataSource.manager
      .getRepository(AllergyEntity)
      .createQueryBuilder('e')
      .where("e.patientId = :patientId AND e.status = 'active'", { patientId })
      .orderBy("FIELD(e.severity, 'life_threatening', 'severe', 'moderate', 'mild')", 'ASC')
      .addOrderBy('e.recordedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  activeConditions(patientId: string, limit: number): Promise<ConditionEntity[]> {
    return this.dataSource.manager
      .getRepository(ConditionEntity)
      .createQueryBuilder('e')
      .where("e.patientId = :patientId AND e.status = 'active'", { patientId })
      .orderBy('e.recordedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  currentMedications(patientId: string, limit: number): Promise<MedicationEntity[]> {
    return this.dataSource.manager
      .getRepository(MedicationEntity)
      .createQueryBuilder('e')
      .where("e.patientId = :patientId AND e.status = 'current'", { patientId })
      .orderBy('e.recordedAt', 'DESC')
      .take(limit)
      .getMany();
  }

  latestVitals(patientId: string): Promise<VitalSignsEntity | null> {
    return this.dataSource.manager
      .getRepository(VitalSignsEntity)
      .createQueryBuilder('e')
      .where("e.patientId = :patientId AND e.status = 'final'", { patientId })
      .orderBy('e.recordedAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(1)
      .getOne();
  }

  async countActiveConditions(manager: EntityManager, patientId: string, icd10Code: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT COUNT(*) AS n FROM patient_conditions WHERE patient_id = ? AND status = 'active' AND icd10_code = ?`,
      [patientId, icd10Code],
    )) as { n: string | number }[];
    return Number(rows[0].n);
  }
}
