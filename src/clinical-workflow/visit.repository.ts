import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { VisitDiagnosisEntity, VisitEntity, VisitStageRecordEntity } from './visit.entity';
import type { VisitStage, VisitStatus } from './visit-workflow';

/** A SQL condition with named parameters (PatientsService.visibleCondition's shape). */
export interface NamedCondition {
  sql: string;
  params: Record<string, string>;
}

export interface QueueRow {
  id: string;
  patient_id: string;
  patient_name: string;
  patient_age: number | string;
  patient_sex: string;
  chief_complaint: string | null;
  triage_priority: VisitEntity['triagePriority'];
  arrived_at: Date;
  stage_entered_at: Date;
  waiting_seconds: number | string;
  version: number;
}

export interface LastVisitRow {
  id: string;
  clinic_id: string;
  clinic_name: string | null;
  arrived_at: Date;
  stage: VisitStage;
  status: VisitStatus;
  ended_at: Date | null;
  icd10_code: string | null;
  description: string | null;
}

/** The only place that touches the database for visits, their stage records and diagnoses. */
@Injectable()
export class VisitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The visit if `visible` (the caller's patient scope) admits its patient. */
  findVisible(visible: NamedCondition, id: string, manager?: EntityManager): Promise<VisitEntity | null> {
    return this.db(manager)
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .where('v.id = :visitId', { visitId: id })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  findById(id: string, manager?: EntityManager): Promise<VisitEntity | null> {
    return this.db(manager).getRepository(VisitEntity).findOneBy({ id });
  }

  /**
   * Shares the visit row's lock with other appends and waits for a stage change in flight, so a
   * note or an order cannot slip into a visit that is being closed.
   */
  async lockStatus(manager: EntityManager, id: string): Promise<VisitStatus | null> {
    const rows = (await manager.query('SELECT status FROM visits WHERE id = ? LOCK IN SHARE MODE', [id])) as { status: VisitStatus }[];
    return rows[0]?.status ?? null;
  }

  async list(
    visible: NamedCondition,
    filter: { patientId?: string; clinicId?: string; status?: VisitStatus; stage?: VisitStage; offset: number; limit: number },
  ): Promise<[VisitEntity[], number]> {
    const qb = this.db().getRepository(VisitEntity).createQueryBuilder('v').where(visible.sql, visible.params);
    if (filter.patientId) qb.andWhere('v.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.clinicId) qb.andWhere('v.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.status) qb.andWhere('v.status = :status', { status: filter.status });
    if (filter.stage) qb.andWhere('v.stage = :stage', { stage: filter.stage });
    return qb.orderBy('v.arrived_at', 'DESC').addOrderBy('v.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  /**
   * In-progress visits waiting in one stage at one clinic, most urgent first, then by arrival
   * (ix_visits_queue). Unassessed visits (Assessment queue) have no triage rank and so sort by
   * arrival alone. The patient's name and age come from the Patients context's table: a read-only
   * join, as PatientsService offers no batch lookup of display names.
   */
  async queue(clinicId: string, stage: VisitStage, offset: number, limit: number): Promise<[QueueRow[], number]> {
    const where = "v.clinic_id = ? AND v.status = 'in_progress' AND v.stage = ?";
    const rows = (await this.db().query(
      `SELECT v.id, v.patient_id, CONCAT_WS(' ', p.first_name, p.last_name) AS patient_name,
              TIMESTAMPDIFF(YEAR, p.date_of_birth, CURDATE()) AS patient_age, p.sex AS patient_sex,
              v.chief_complaint, v.triage_priority, v.arrived_at, v.stage_entered_at,
              GREATEST(0, TIMESTAMPDIFF(SECOND, v.stage_entered_at, NOW(3))) AS waiting_seconds, v.version
         FROM visits v JOIN patients p ON p.id = v.patient_id
        WHERE ${where}
        ORDER BY v.triage_rank, v.arrived_at, v.id
        LIMIT ? OFFSET ?`,
      [clinicId, stage, limit, offset],
    )) as QueueRow[];
    const [count] = (await this.db().query(`SELECT COUNT(*) AS n FROM visits v WHERE ${where}`, [clinicId, stage])) as { n: number | string }[];
    return [rows, Number(count.n)];
  }

  /**
   * Takes the visit row for this transaction, after any addition (vitals, a note, an order) that
   * holds it in share mode has committed: a stage change's time is then later than theirs.
   */
  async lockForStageChange(manager: EntityManager, id: string): Promise<void> {
    await manager.query('SELECT id FROM visits WHERE id = ? FOR UPDATE', [id]);
  }

  /**
   * The database clock, read once per write so that every timestamp of one transaction is the same
   * instant: a stage's completion and the next stage's queue entry then match to the millisecond.
   */
  async now(manager: EntityManager): Promise<Date> {
    const rows = (await manager.query('SELECT NOW(3) AS now')) as { now: Date }[];
    return rows[0].now;
  }

  /** A new visit, arriving at `at` and joining its first queue at once. */
  async insertVisit(manager: EntityManager, visit: QueryDeepPartialEntity<VisitEntity>, at: Date): Promise<void> {
    await manager.getRepository(VisitEntity).insert({ ...visit, arrivedAt: at, stageEnteredAt: at });
  }

  /**
   * The optimistic-concurrency step of every stage write: moves the visit only if it is still at
   * the version and stage the caller read and still in progress. False when someone else got there
   * first. `newStage` restarts the queue clock at `at`.
   */
  async advance(
    manager: EntityManager,
    at: Date,
    expected: { id: string; version: number; stage: VisitStage },
    changes: Partial<Pick<VisitEntity, 'status' | 'triagePriority' | 'triageRank' | 'counselingDecision' | 'counselingDecisionReason' | 'counselingDecidedBy' | 'outcome' | 'disposition' | 'followUpDate' | 'closureNotes' | 'cancellationReason' | 'cancelledBy'>> & {
      newStage?: VisitStage;
      counselingDecided?: boolean;
      ends?: 'closed' | 'cancelled';
    },
  ): Promise<boolean> {
    const { newStage, counselingDecided, ends, ...columns } = changes;
    const set: Record<string, unknown> = { ...columns, version: () => 'version + 1' };
    if (newStage) Object.assign(set, { stage: newStage, stageEnteredAt: at });
    if (counselingDecided) set.counselingDecidedAt = at;
    // A visit that ends frees the patient's one open-visit slot at the clinic.
    if (ends === 'closed') Object.assign(set, { closedAt: at, openClinicId: null });
    if (ends === 'cancelled') Object.assign(set, { cancelledAt: at, openClinicId: null });
    const result = await manager
      .createQueryBuilder()
      .update(VisitEntity)
      .set(set)
      .where('id = :id AND version = :version AND stage = :stage AND status = :open', { ...expected, open: 'in_progress' })
      .execute();
    return result.affected === 1;
  }

  /** One completed (or skipped) stage, completed at `at`; its wait is measured from `enteredAt` (its queue entry). */
  async insertStageRecord(
    manager: EntityManager,
    at: Date,
    record: { visitId: string; stage: VisitStage; enteredAt: Date; completedBy: string; skipReason?: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO visit_stage_records (id, visit_id, stage, entered_at, completed_at, completed_by, wait_seconds, skipped, skip_reason)
       VALUES (?, ?, ?, ?, ?, ?, GREATEST(0, TIMESTAMPDIFF(SECOND, ?, ?)), ?, ?)`,
      [randomUUID(), record.visitId, record.stage, record.enteredAt, at, record.completedBy, record.enteredAt, at, record.skipReason ? 1 : 0, record.skipReason ?? null],
    );
  }

  async insertDiagnoses(manager: EntityManager, rows: QueryDeepPartialEntity<VisitDiagnosisEntity>[]): Promise<void> {
    if (rows.length > 0) await manager.getRepository(VisitDiagnosisEntity).insert(rows);
  }

  stageRecords(visitId: string, manager?: EntityManager): Promise<VisitStageRecordEntity[]> {
    return this.db(manager).getRepository(VisitStageRecordEntity).find({ where: { visitId }, order: { completedAt: 'ASC' } });
  }

  diagnoses(visitId: string, manager?: EntityManager): Promise<VisitDiagnosisEntity[]> {
    return this.db(manager).getRepository(VisitDiagnosisEntity).find({ where: { visitId }, order: { isPrimary: 'DESC', createdAt: 'ASC', icd10Code: 'ASC' } });
  }

  /** The clinic's name and how long the visit has waited in its stage, by the database clock. */
  async clinicAndWait(visitId: string, manager?: EntityManager): Promise<{ clinicName: string | null; waitingSeconds: number }> {
    const rows = (await this.db(manager).query(
      `SELECT c.name AS clinic_name, GREATEST(0, TIMESTAMPDIFF(SECOND, v.stage_entered_at, NOW(3))) AS waiting_seconds
         FROM visits v LEFT JOIN clinics c ON c.id = v.clinic_id WHERE v.id = ?`,
      [visitId],
    )) as { clinic_name: string | null; waiting_seconds: number | string }[];
    return { clinicName: rows[0]?.clinic_name ?? null, waitingSeconds: Number(rows[0]?.waiting_seconds ?? 0) };
  }

  /** Staff names for the ids a visit record names (read-only, from the Identity context's users table). */
  async staffNames(ids: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await this.db(manager).query(`SELECT id, full_name FROM users WHERE id IN (${unique.map(() => '?').join(', ')})`, unique)) as {
      id: string;
      full_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /** The patient's most recent visit, for the summary's "last visit" block. */
  async lastVisit(patientId: string): Promise<LastVisitRow | undefined> {
    const rows = (await this.db().query(
      `SELECT v.id, v.clinic_id, c.name AS clinic_name, v.arrived_at, v.stage, v.status,
              COALESCE(v.closed_at, v.cancelled_at) AS ended_at, d.icd10_code, d.description
         FROM (SELECT * FROM visits WHERE patient_id = ? ORDER BY arrived_at DESC, id DESC LIMIT 1) v
         LEFT JOIN clinics c ON c.id = v.clinic_id
         LEFT JOIN visit_diagnoses d ON d.visit_id = v.id AND d.is_primary = 1`,
      [patientId],
    )) as LastVisitRow[];
    return rows[0];
  }
}
