import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { IdParam } from '../../common/http/id-param';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import {
  JobRunOutcomeDto,
  JobRunQueryDto,
  JobRunResponseDto,
  RunStockAlertJobDto,
  StockAlertQueryDto,
  StockAlertResponseDto,
} from './stock-alert.dto';
import { StockAlertsService } from './stock-alerts.service';

const NO_ALERT = { description: 'No such alert, or its clinic is outside your jurisdiction', type: ErrorResponseDto };

@ApiTags('Inventory Alerts')
@AuditResource('stock_alert')
@Controller('inventory')
export class StockAlertsController {
  constructor(private readonly alerts: StockAlertsService) {}

  @Get('alerts')
  @RequirePermissions(Permission.InventoryRead)
  @ApiOperation({ summary: 'Stock and equipment alerts in your jurisdiction (default: open and acknowledged), newest first' })
  @ApiPageResponse(StockAlertResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  listStockAlerts(@CurrentUser() caller: AuthUser, @Query() query: StockAlertQueryDto): Promise<Page<StockAlertResponseDto>> {
    return this.alerts.list(caller, query);
  }

  @Post('alerts/:id/acknowledge')
  @RequirePermissions(Permission.InventoryAdjust)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Acknowledge an open alert: it stays acknowledged (and is not mailed again) until its condition clears' })
  @ApiOkResponse({ type: StockAlertResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_ALERT)
  @ApiConflictResponse({ description: 'STOCK_ALERT_RESOLVED: the alert has already resolved', type: ErrorResponseDto })
  acknowledgeStockAlert(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<StockAlertResponseDto> {
    return this.alerts.acknowledge(caller, id);
  }

  @Post('alerts/run')
  @RequirePermissions(Permission.JobsRun)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Run the stock alert job now for today's period",
    description:
      "The outcome's result says what happened: ran (this request ran the job), failed (it ran and recorded the error), " +
      "already_ran (today's period had already succeeded; send force: true to run it again) or skipped_locked (another run holds the lock).",
  })
  @ApiOkResponse({ type: JobRunOutcomeDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  runStockAlertJob(@CurrentUser() caller: AuthUser, @Body() dto: RunStockAlertJobDto): Promise<JobRunOutcomeDto> {
    return this.alerts.run(caller, dto);
  }

  @Get('job-runs')
  @RequirePermissions(Permission.JobsRun)
  @ApiOperation({ summary: 'Runs of the scheduled jobs, newest first' })
  @ApiPageResponse(JobRunResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  listJobRuns(@Query() query: JobRunQueryDto): Promise<Page<JobRunResponseDto>> {
    return this.alerts.listRuns(query);
  }
}
