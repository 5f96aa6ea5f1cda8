import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { safeErrorMessage } from './alert-rules';
import { JobRunner } from './job-runner.service';

export const STOCK_ALERTS_CRON_NAME = 'stock-alerts';

/**
 * The thin scheduled trigger: at JOBS_STOCK_ALERTS_CRON in JOBS_TIMEZONE it asks the JobRunner for a
 * run. Registered through SchedulerRegistry because the time comes from configuration. Every instance
 * fires; the runner's database lock lets one of them run.
 */
@Injectable()
export class StockAlertsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('StockAlertsScheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly runner: JobRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobs.schedulerEnabled) return;
    const job = CronJob.from({
      cronTime: this.config.jobs.stockAlertsCron,
      timeZone: this.config.jobs.timeZone,
      onTick: () => this.tick(),
      // A tick that outlasts the next one is not started twice in this process.
      waitForCompletion: true,
      start: false,
      name: STOCK_ALERTS_CRON_NAME,
    });
    this.registry.addCronJob(STOCK_ALERTS_CRON_NAME, job);
    job.start();
  }

  async tick(): Promise<void> {
    try {
      const outcome = await this.runner.run('stock-alerts', { trigger: 'schedule' });
      this.logger.log({ result: outcome.result, period: outcome.run?.period }, 'scheduled stock-alerts run');
    } catch (error) {
      this.logger.error({ error: safeErrorMessage(error) }, 'scheduled stock-alerts run could not start');
    }
  }
}
