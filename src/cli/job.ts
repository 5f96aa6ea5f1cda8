import 'reflect-metadata';
import { DynamicModule, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '../common/database/data-source-options';
import { NotifierModule } from '../common/notifier/notifier.module';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { JOB_NAMES, type JobName, JobRunner, StockAlertsModule } from '../inventory';

/**
 * `npm run job -- stock-alerts [--force]` (or `node dist/src/cli/job.js stock-alerts`): runs one job
 * once, for external schedulers (Kubernetes CronJob, systemd timers). A Nest application context
 * without HTTP and without the in-process scheduler; the same JobRunner, lock and run ledger as the
 * service. Prints one JSON line; exits 0 when the job ran, had already run or another run holds the
 * lock, 1 when it failed, 64 for a usage error, 78 for invalid configuration.
 */
@Module({})
class JobCommandModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: JobCommandModule,
      imports: [
        ConfigModule.forRoot(config),
        // Fail at once when the database is missing: a one-shot command is retried by its scheduler.
        TypeOrmModule.forRoot({ ...dataSourceOptions({ ...config, db: { ...config.db, poolSize: Math.min(config.db.poolSize, 4) } }), retryAttempts: 0 }),
        ScheduleModule.forRoot(),
        NotifierModule,
        StockAlertsModule,
      ],
    };
  }
}

/** Logs go to stderr as JSON lines, so stdout carries only the summary. LOG_LEVEL applies (default info). */
class StderrLogger implements LoggerService {
  private readonly rank: number;
  constructor(level: string) {
    this.rank = ({ silent: 0, fatal: 1, error: 2, warn: 3 } as Record<string, number>)[level] ?? 4;
  }
  private write(rank: number, level: string, message: unknown, params: unknown[]): void {
    if (rank > this.rank) return;
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    const extra = params.length > 1 ? params[0] : undefined;
    const body = typeof message === 'object' && message !== null ? { ...(message as object), msg: extra } : { msg: message };
    process.stderr.write(`${JSON.stringify({ level, context, ...body, time: new Date().toISOString() })}\n`);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write(1, 'fatal', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write(2, 'error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write(3, 'warn', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.write(4, 'info', message, params);
  }
}

function summary(fields: Record<string, unknown>): void {
  // maxRSS is in kilobytes: the bench reads the job's peak memory from here.
  process.stdout.write(`${JSON.stringify({ ...fields, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = argv.filter((a) => a.startsWith('--'));
  const job = args[0];
  const unknownFlags = flags.filter((f) => f !== '--force');
  if (args.length !== 1 || !(JOB_NAMES as readonly string[]).includes(job) || unknownFlags.length > 0) {
    process.stderr.write(`Usage: npm run job -- <job> [--force]\nJobs: ${JOB_NAMES.join(', ')}\n`);
    summary({ job: job ?? null, result: 'usage_error', error: `Unknown job or option: ${[...args, ...unknownFlags].join(' ') || '(none)'}` });
    return 64; // EX_USAGE
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    summary({ job, result: 'config_error' });
    return 78; // EX_CONFIG
  }
  config = { ...config, jobs: { ...config.jobs, schedulerEnabled: false } };
  const started = Date.now();
  try {
    const app = await NestFactory.createApplicationContext(JobCommandModule.forRoot(config), {
      logger: new StderrLogger(config.logLevel),
      abortOnError: false,
    });
    try {
      const outcome = await app.get(JobRunner).run(job as JobName, { trigger: 'cli', force: flags.includes('--force') });
      const run = outcome.run;
      summary({
        job,
        result: outcome.result,
        period: run?.period ?? null,
        runId: run?.id ?? null,
        status: run?.status ?? null,
        attempts: run?.attempts ?? null,
        counts: run?.counts ? (JSON.parse(run.counts) as unknown) : null,
        error: outcome.result === 'failed' ? run?.error ?? null : null,
        durationMs: Date.now() - started,
      });
      return outcome.result === 'failed' ? 1 : 0;
    } finally {
      await app.close();
    }
  } catch (error) {
    const e = error as { code?: string; message?: string };
    process.stderr.write(`Job ${job} could not run: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}\n`);
    summary({ job, result: 'error', error: `${e.code ? `${e.code}: ` : ''}${(e.message ?? String(error)).split('\n')[0]}`.slice(0, 500), durationMs: Date.now() - started });
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
