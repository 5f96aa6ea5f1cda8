import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isDuplicateKeyError } from '../../common/database/mysql-errors';
import { type JobCounts, type JobName, type JobRunResult, type JobTrigger, jobLockName, jobPeriod, safeErrorMessage, ZERO_COUNTS } from './alert-rules';
import { JobRunRepository } from './job-run.repository';
import type { JobRunEntity } from './stock-alert.entity';
import { StockAlertsJob } from './stock-alerts.job';

/** What a job's work gets: its connection (which holds the job's lock), the run and the period. */
export interface JobContext {
  db: EntityManager;
  runId: string;
  /** The period, which for a nightly job is the clinics' date of the run ('YYYY-MM-DD'). */
  period: string;
  /** When this attempt started (a forced re-run keeps the run's id). */
  attemptStartedAt: Date;
  /** Filled in as the work goes, so a failed run still records how far it got. */
  counts: JobCounts;
}

export interface JobRunOutcome {
  result: JobRunResult;
  /** The period's run record; null only when another holder had the lock before any record existed. */
  run: JobRunEntity | null;
}

export interface RunOptions {
  trigger: JobTrigger;
  force?: boolean;
  requestedBy?: string | null;
  /** The moment the period is taken from (tests); defaults to now. */
  now?: Date;
}

/**
 * Runs a job at most once per period across every instance. @nestjs/schedule fires on each instance,
 * so the run takes a MariaDB user lock (GET_LOCK) on one dedicated connection held for the whole run:
 * the server frees it if the process or its connection dies. Under the lock the job_runs row (unique
 * per job and period) decides: a succeeded period is not run again unless forced; a failed or
 * abandoned one is retried in the same row.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger('JobRunner');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: JobRunRepository,
    private readonly stockAlerts: StockAlertsJob,
  ) {}

  async run(job: JobName, options: RunOptions): Promise<JobRunOutcome> {
    const period = jobPeriod(options.now);
    const lockName = jobLockName(this.config.db.name, job);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const db = runner.manager;
    let locked = false;
    try {
      const [row] = (await db.query('SELECT GET_LOCK(?, 0) AS got', [lockName])) as { got: number | string | null }[];
      locked = Number(row?.got) === 1;
      if (!locked) return { result: 'skipped_locked', run: await this.runs.find(job, period) };

      const existing = await this.runs.find(job, period, db);
      let runId: string;
      if (!existing) {
        try {
          runId = await this.runs.start(db, { job, period, trigger: options.trigger, requestedBy: options.requestedBy ?? null });
        } catch (error) {
          // Only possible where the lock is not shared (see the README): another node started this period.
          if (isDuplicateKeyError(error)) return { result: 'skipped_locked', run: await this.runs.find(job, period, db) };
          throw error;
        }
      } else if (existing.status === 'succeeded' && !options.force) {
        return { result: 'already_ran', run: existing };
      } else {
        // Failed, forced, or 'running' from a holder that died (we hold the lock now, so it is not running).
        runId = existing.id;
        await this.runs.restart(db, runId, { trigger: options.trigger, requestedBy: options.requestedBy ?? null });
      }
      const started = (await this.runs.findById(runId, db))!;
      const context: JobContext = { db, runId, period, attemptStartedAt: started.startedAt, counts: { ...ZERO_COUNTS } };
      this.logger.log({ job, period, runId, attempt: started.attempts, trigger: options.trigger }, 'job started');
      let result: JobRunResult = 'ran';
      try {
        await this.work(job, context);
        await this.runs.finish(db, runId, { status: 'succeeded', counts: context.counts, error: null });
        this.logger.log({ job, period, runId, counts: context.counts }, 'job succeeded');
      } catch (error) {
        result = 'failed';
        const message = safeErrorMessage(error);
        this.logger.error({ job, period, runId, counts: context.counts, error: message }, 'job failed');
        await this.runs.finish(db, runId, { status: 'failed', counts: context.counts, error: message });
      }
      return { result, run: await this.runs.findById(runId, db) };
    } finally {
      try {
        if (locked) await db.query('SELECT RELEASE_LOCK(?)', [lockName]);
      } finally {
        await runner.release();
      }
    }
  }

  private work(job: JobName, context: JobContext): Promise<void> {
    switch (job) {
      case 'stock-alerts':
        return this.stockAlerts.run(context);
    }
  }
}
