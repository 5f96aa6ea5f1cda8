import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner.service';
import { JobRunEntity, StockAlertEntity } from './stock-alert.entity';
import { StockAlertRepository } from './stock-alert.repository';
import { StockAlertsController } from './stock-alerts.controller';
import { StockAlertsJob } from './stock-alerts.job';
import { StockAlertsScheduler } from './stock-alerts.scheduler';
import { StockAlertsService } from './stock-alerts.service';

/**
 * Stock alerts and the job ledger. Imported by InventoryModule (the app) and by the one-shot job
 * command (src/cli/job.ts). Needs ScheduleModule.forRoot() in the root module for SchedulerRegistry.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StockAlertEntity, JobRunEntity])],
  controllers: [StockAlertsController],
  providers: [StockAlertRepository, JobRunRepository, StockAlertsJob, JobRunner, StockAlertsService, StockAlertsScheduler],
  exports: [JobRunner],
})
export class StockAlertsModule {}
