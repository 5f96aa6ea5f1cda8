import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { scopeCondition, type ScopeCondition } from '../../common/auth/jurisdiction';
import { inTransaction } from '../../common/database/transaction';
import { ConflictError, NotFoundError } from '../../common/errors/domain-errors';
import { Page, pageOf } from '../../common/pagination/pagination';
import type { StockAlertStatus } from './alert-rules';
import { JobRunRepository } from './job-run.repository';
import { JobRunner } from './job-runner.service';
import {
  JobRunOutcomeDto,
  JobRunQueryDto,
  JobRunResponseDto,
  RunStockAlertJobDto,
  StockAlertQueryDto,
  StockAlertResponseDto,
  toJobRunOutcome,
  toJobRunResponse,
  toStockAlertResponse,
} from './stock-alert.dto';
import { StockAlertRepository } from './stock-alert.repository';

const CURRENT: StockAlertStatus[] = ['open', 'acknowledged'];

/** Stock alerts as staff see them (scoped by the alert's clinic), and running the alert job on demand. */
@Injectable()
export class StockAlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: StockAlertRepository,
    private readonly runs: JobRunRepository,
    private readonly runner: JobRunner,
  ) {}

  async list(caller: AuthUser, query: StockAlertQueryDto): Promise<Page<StockAlertResponseDto>> {
    const [rows, total] = await this.alerts.list(visible(caller), {
      statuses: query.status ? [query.status] : CURRENT,
      kind: query.kind,
      locationId: query.locationId,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toStockAlertResponse), total, query);
  }

  /** Open → acknowledged (kept while the condition holds, and not mailed again). Acknowledging twice is harmless. */
  acknowledge(caller: AuthUser, id: string): Promise<StockAlertResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const alert = await this.alerts.findVisible(visible(caller), id, manager);
      if (!alert) throw new NotFoundError('Stock alert');
      if (alert.status === 'open' && !(await this.alerts.acknowledge(manager, id, caller.id))) {
        // Changed between the read and the update (the job resolved it, or someone acknowledged it).
        const now = await this.alerts.findVisible(visible(caller), id, manager);
        if (!now) throw new NotFoundError('Stock alert');
        if (now.status === 'resolved') throw resolved();
        return toStockAlertResponse(now);
      }
      if (alert.status === 'resolved') throw resolved();
      return toStockAlertResponse((await this.alerts.findVisible(visible(caller), id, manager))!);
    });
  }

  async run(caller: AuthUser, dto: RunStockAlertJobDto): Promise<JobRunOutcomeDto> {
    return toJobRunOutcome(await this.runner.run('stock-alerts', { trigger: 'api', force: dto.force ?? false, requestedBy: caller.id }));
  }

  async listRuns(query: JobRunQueryDto): Promise<Page<JobRunResponseDto>> {
    const [rows, total] = await this.runs.list({ job: query.job, offset: query.offset, limit: query.perPage });
    return pageOf(rows.map(toJobRunResponse), total, query);
  }
}

function visible(caller: AuthUser): ScopeCondition {
  return scopeCondition(caller.scope, { province: 'c.province_id', district: 'c.district_id', clinic: 'a.clinic_id' });
}

function resolved(): ConflictError {
  return new ConflictError('STOCK_ALERT_RESOLVED', 'The alert has been resolved: its condition has cleared');
}
