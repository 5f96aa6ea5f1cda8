import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { restrictOnDelete, timestampColumn, uuidColumn } from '../../common/database/columns';
import {
  JOB_RUN_STATUSES,
  JOB_TRIGGERS,
  type JobRunStatus,
  type JobTrigger,
  STOCK_ALERT_KINDS,
  STOCK_ALERT_STATUSES,
  type StockAlertKind,
  type StockAlertStatus,
} from './alert-rules';

/*
 * Declared exactly as migrations/1764000520000-StockAlerts.ts creates them. Other tables (items,
 * batches, locations, assets, clinics, users) are referred to by table name, never imported.
 */

/** One run of a scheduled job for one period (unique), retried in place. */
@Entity('job_runs')
@Unique('uq_job_runs_job_period', ['job', 'period'])
@Index('ix_job_runs_started', ['startedAt'])
export class JobRunEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 60 }) job: string;
  @Column({ type: 'varchar', length: 40 }) period: string;
  @Column({ type: 'enum', enum: JOB_RUN_STATUSES }) status: JobRunStatus;
  @Column({ type: 'enum', enum: JOB_TRIGGERS, name: 'triggered_by' }) triggeredBy: JobTrigger;
  @Column({ ...uuidColumn, name: 'requested_by', nullable: true }) requestedBy: string | null;
  @ManyToOne('users', restrictOnDelete)
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'fk_job_runs_requested_by' })
  requestedByUser: unknown;
  @Column({ ...timestampColumn, name: 'started_at' }) startedAt: Date;
  @Column({ ...timestampColumn, name: 'finished_at', nullable: true }) finishedAt: Date | null;
  /** JSON {raised, updated, resolved, notified}. */
  @Column({ type: 'text', nullable: true }) counts: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) error: string | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) attempts: number;
}

/** An alert about a stock subject (item at a location, batch at a location, asset, maintenance schedule). */
@Entity('stock_alerts')
@Unique('uq_stock_alerts_open_subject', ['kind', 'subjectKey', 'openSlot'])
@Index('ix_stock_alerts_open_seen', ['openSlot', 'kind', 'lastSeenAt'])
@Index('ix_stock_alerts_notify', ['status', 'notifiedAt', 'id'])
@Index('ix_stock_alerts_clinic_status', ['clinicId', 'status', 'firstRaisedAt'])
export class StockAlertEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'enum', enum: STOCK_ALERT_KINDS }) kind: StockAlertKind;
  @Column({ type: 'varchar', length: 80, name: 'subject_key', charset: 'ascii', collation: 'ascii_bin' }) subjectKey: string;
  /** 1 while open or acknowledged, NULL once resolved: the unique key then allows one open alert per subject. */
  @Column({ type: 'tinyint', name: 'open_slot', nullable: true }) openSlot: number | null;
  @Column({ ...uuidColumn, name: 'item_id', nullable: true }) itemId: string | null;
  @ManyToOne('inventory_items', restrictOnDelete)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_stock_alerts_item' })
  item: unknown;
  @Column({ ...uuidColumn, name: 'batch_id', nullable: true }) batchId: string | null;
  @ManyToOne('stock_batches', restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_stock_alerts_batch' })
  batch: unknown;
  @Column({ ...uuidColumn, name: 'location_id', nullable: true }) locationId: string | null;
  @ManyToOne('stock_locations', restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_stock_alerts_location' })
  location: unknown;
  @Column({ ...uuidColumn, name: 'asset_id', nullable: true }) assetId: string | null;
  @ManyToOne('assets', restrictOnDelete)
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_stock_alerts_asset' })
  asset: unknown;
  @Column({ ...uuidColumn, name: 'schedule_id', nullable: true }) scheduleId: string | null;
  @ManyToOne('asset_maintenance_schedules', restrictOnDelete)
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_stock_alerts_schedule' })
  schedule: unknown;
  @Column({ ...uuidColumn, name: 'clinic_id' }) clinicId: string;
  @ManyToOne('clinics', restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_stock_alerts_clinic' })
  clinic: unknown;
  @Column({ type: 'enum', enum: STOCK_ALERT_STATUSES, default: 'open' }) status: StockAlertStatus;
  @Column({ type: 'smallint', name: 'window_days', nullable: true }) windowDays: number | null;
  @Column({ type: 'int', nullable: true }) quantity: number | null;
  @Column({ type: 'int', nullable: true }) threshold: number | null;
  @Column({ type: 'date', name: 'due_date', nullable: true }) dueDate: string | null;
  @Column({ ...timestampColumn, name: 'first_raised_at' }) firstRaisedAt: Date;
  @Column({ ...timestampColumn, name: 'last_seen_at' }) lastSeenAt: Date;
  @Column({ ...uuidColumn, name: 'raised_run_id' }) raisedRunId: string;
  @ManyToOne(() => JobRunEntity, restrictOnDelete)
  @JoinColumn({ name: 'raised_run_id', foreignKeyConstraintName: 'fk_stock_alerts_raised_run' })
  raisedRun: JobRunEntity;
  @Column({ ...uuidColumn, name: 'last_run_id' }) lastRunId: string;
  @ManyToOne(() => JobRunEntity, restrictOnDelete)
  @JoinColumn({ name: 'last_run_id', foreignKeyConstraintName: 'fk_stock_alerts_last_run' })
  lastRun: JobRunEntity;
  @Column({ ...timestampColumn, name: 'notified_at', nullable: true }) notifiedAt: Date | null;
  @Column({ ...uuidColumn, name: 'acknowledged_by', nullable: true }) acknowledgedBy: string | null;
  @ManyToOne('users', restrictOnDelete)
  @JoinColumn({ name: 'acknowledged_by', foreignKeyConstraintName: 'fk_stock_alerts_acknowledged_by' })
  acknowledgedByUser: unknown;
  @Column({ ...timestampColumn, name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column({ ...timestampColumn, name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
}
