import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { OptionalNotNull } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import {
  JOB_NAMES,
  JOB_RUN_RESULTS,
  JOB_RUN_STATUSES,
  JOB_TRIGGERS,
  type JobCounts,
  type JobName,
  type JobRunResult,
  type JobRunStatus,
  type JobTrigger,
  STOCK_ALERT_KINDS,
  STOCK_ALERT_STATUSES,
  type StockAlertKind,
  type StockAlertStatus,
} from './alert-rules';
import type { JobRunOutcome } from './job-runner.service';
import type { StockAlertRow } from './stock-alert.repository';
import type { JobRunEntity } from './stock-alert.entity';

export class StockAlertQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STOCK_ALERT_STATUSES, enumName: 'StockAlertStatus', description: 'Default: open and acknowledged' })
  @IsOptional()
  @IsIn(STOCK_ALERT_STATUSES)
  status?: StockAlertStatus;

  @ApiPropertyOptional({ enum: STOCK_ALERT_KINDS, enumName: 'StockAlertKind' }) @IsOptional() @IsIn(STOCK_ALERT_KINDS) kind?: StockAlertKind;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
}

export class RunStockAlertJobDto {
  @ApiPropertyOptional({ default: false, description: "Run again although today's period already succeeded" })
  @OptionalNotNull()
  @IsBoolean()
  force?: boolean;
}

export class JobRunQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_NAMES, enumName: 'JobName' }) @IsOptional() @IsIn(JOB_NAMES) job?: JobName;
}

export class StockAlertResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STOCK_ALERT_KINDS, enumName: 'StockAlertKind' }) kind: StockAlertKind;
  @ApiProperty({ enum: STOCK_ALERT_STATUSES, enumName: 'StockAlertStatus' }) status: StockAlertStatus;
  @ApiProperty({ format: 'uuid' }) clinicId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty({ type: String, nullable: true }) locationCode: string | null;
  @ApiProperty({ type: String, nullable: true }) locationName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiProperty({ type: String, nullable: true }) itemCode: string | null;
  @ApiProperty({ type: String, nullable: true }) itemName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What the quantities are counted in' }) unit: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) batchId: string | null;
  @ApiProperty({ type: String, nullable: true }) lotNumber: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) expiryDate: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assetId: string | null;
  @ApiProperty({ type: String, nullable: true }) assetTag: string | null;
  @ApiProperty({ type: String, nullable: true }) assetName: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) scheduleId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The maintenance task (maintenance_due)' }) task: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'expiring: expires within 30, 60 or 90 days' }) windowDays: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Usable on hand (low_stock) or on hand of the batch' }) quantity: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The reorder level (low_stock)' }) threshold: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Expiry, warranty end or maintenance due date' }) dueDate: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) firstRaisedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) lastSeenAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notifiedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
}

export class JobCountsDto {
  @ApiProperty({ description: 'Alerts raised' }) raised: number;
  @ApiProperty({ description: 'Expiring alerts moved to a narrower window' }) updated: number;
  @ApiProperty({ description: 'Alerts resolved because their condition cleared' }) resolved: number;
  @ApiProperty({ description: 'E-mails sent' }) notified: number;
}

export class JobRunResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: JOB_NAMES, enumName: 'JobName' }) job: JobName;
  @ApiProperty({ example: '2026-12-05', description: "The clinics' date the run is for" }) period: string;
  @ApiProperty({ enum: JOB_RUN_STATUSES, enumName: 'JobRunStatus' }) status: JobRunStatus;
  @ApiProperty({ enum: JOB_TRIGGERS, enumName: 'JobRunTrigger' }) triggeredBy: JobTrigger;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty({ type: JobCountsDto, nullable: true }) counts: JobCountsDto | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ description: 'How many times this period has been run' }) attempts: number;
}

export class JobRunOutcomeDto {
  @ApiProperty({
    enum: JOB_RUN_RESULTS,
    enumName: 'JobRunResult',
    description: 'ran / failed: this request ran the job; already_ran: the period had succeeded; skipped_locked: another run holds the lock',
  })
  result: JobRunResult;
  @ApiProperty({ type: JobRunResponseDto, nullable: true, description: "The period's run record (null if another run had just taken the lock)" })
  run: JobRunResponseDto | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toStockAlertResponse(a: StockAlertRow): StockAlertResponseDto {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    clinicId: a.clinic_id,
    locationId: a.location_id,
    locationCode: a.location_code,
    locationName: a.location_name,
    itemId: a.item_id,
    itemCode: a.item_code,
    itemName: a.item_name,
    unit: a.unit,
    batchId: a.batch_id,
    lotNumber: a.lot_number,
    expiryDate: a.expiry_date,
    assetId: a.asset_id,
    assetTag: a.asset_tag,
    assetName: a.asset_name,
    scheduleId: a.schedule_id,
    task: a.task,
    windowDays: a.window_days === null ? null : Number(a.window_days),
    quantity: a.quantity === null ? null : Number(a.quantity),
    threshold: a.threshold === null ? null : Number(a.threshold),
    dueDate: a.due_date,
    firstRaisedAt: a.first_raised_at.toISOString(),
    lastSeenAt: a.last_seen_at.toISOString(),
    notifiedAt: iso(a.notified_at),
    acknowledgedBy: a.acknowledged_by,
    acknowledgedAt: iso(a.acknowledged_at),
    resolvedAt: iso(a.resolved_at),
  };
}

export function toJobRunResponse(r: JobRunEntity): JobRunResponseDto {
  return {
    id: r.id,
    job: r.job as JobName,
    period: r.period,
    status: r.status,
    triggeredBy: r.triggeredBy,
    requestedBy: r.requestedBy,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    counts: r.counts ? (JSON.parse(r.counts) as JobCounts) : null,
    error: r.error,
    attempts: r.attempts,
  };
}

export function toJobRunOutcome(o: JobRunOutcome): JobRunOutcomeDto {
  return { result: o.result, run: o.run ? toJobRunResponse(o.run) : null };
}

