import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JobCounts, JobName, JobTrigger } from './alert-rules';
import { JobRunEntity } from './stock-alert.entity';

/** The only place that touches job_runs: the ledger of scheduled job runs, one row per job and period. */
@Injectable()
export class JobRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  find(job: string, period: string, manager?: EntityManager): Promise<JobRunEntity | null> {
    return this.db(manager).getRepository(JobRunEntity).createQueryBuilder('r').where('r.job = :job AND r.period = :period', { job, period }).getOne();
  }

  findById(id: string, manager?: EntityManager): Promise<JobRunEntity | null> {
    return this.db(manager).getRepository(JobRunEntity).createQueryBuilder('r').where('r.id = :id', { id }).getOne();
  }

  /** A new running row; the unique (job, period) refuses a second one (ER_DUP_ENTRY). */
  async start(manager: EntityManager, input: { job: JobName; period: string; trigger: JobTrigger; requestedBy: string | null }): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO job_runs (id, job, period, status, triggered_by, requested_by, started_at, attempts) VALUES (?, ?, ?, 'running', ?, ?, NOW(3), 1)`,
      [id, input.job, input.period, input.trigger, input.requestedBy],
    );
    return id;
  }

  /** Runs the period again in the same row: attempts + 1, a new start, counts and error cleared. */
  async restart(manager: EntityManager, id: string, input: { trigger: JobTrigger; requestedBy: string | null }): Promise<void> {
    await manager.query(
      `UPDATE job_runs SET status = 'running', triggered_by = ?, requested_by = ?, started_at = NOW(3), finished_at = NULL,
         counts = NULL, error = NULL, attempts = attempts + 1 WHERE id = ?`,
      [input.trigger, input.requestedBy, id],
    );
  }

  async finish(manager: EntityManager, id: string, outcome: { status: 'succeeded' | 'failed'; counts: JobCounts; error: string | null }): Promise<void> {
    await manager.query('UPDATE job_runs SET status = ?, finished_at = NOW(3), counts = ?, error = ? WHERE id = ?', [
      outcome.status,
      JSON.stringify(outcome.counts),
      outcome.error,
      id,
    ]);
  }

  list(filter: { job?: string; offset: number; limit: number }): Promise<[JobRunEntity[], number]> {
    const qb = this.db().getRepository(JobRunEntity).createQueryBuilder('r');
    if (filter.job) qb.where('r.job = :job', { job: filter.job });
    return qb.orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }
}
