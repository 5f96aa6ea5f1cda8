import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, updatedAtColumn, uuidColumn } from '../../common/database/columns';
import { StockLocationEntity, SupplierEntity } from '../inventory.entity';
import { ASSET_STATUSES, type AssetStatus, MAINTENANCE_KINDS, type MaintenanceKind } from './asset-lifecycle';

/*
 * The equipment register, declared exactly as migrations/1764000510000-Assets.ts creates it.
 * Users belong to Identity: referred to by entity name, never imported.
 */

/** A piece of equipment kept at a stock location (its clinic gives the jurisdiction). */
@Entity('assets')
@Unique('uq_assets_asset_tag', ['assetTag'])
@Unique('uq_assets_serial_number', ['serialNumber'])
@Index('ix_assets_status_warranty', ['status', 'warrantyExpiry'])
export class AssetEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 40, name: 'asset_tag' }) assetTag: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 80 }) category: string;
  @Column({ type: 'varchar', length: 120, nullable: true }) manufacturer: string | null;
  @Column({ type: 'varchar', length: 120, nullable: true }) model: string | null;
  @Column({ type: 'varchar', length: 80, name: 'serial_number', nullable: true }) serialNumber: string | null;
  @Column({ type: 'date', name: 'purchase_date', nullable: true }) purchaseDate: string | null;
  @Column({ type: 'decimal', precision: 12, scale: 2, name: 'purchase_cost', nullable: true }) purchaseCost: string | null;
  @Column({ ...uuidColumn, name: 'supplier_id', nullable: true }) supplierId: string | null;
  @ManyToOne(() => SupplierEntity, restrictOnDelete)
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'fk_assets_supplier' })
  supplier: SupplierEntity | null;
  @Column({ type: 'date', name: 'warranty_expiry', nullable: true }) warrantyExpiry: string | null;
  @Column({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne(() => StockLocationEntity, restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_assets_location' })
  location: StockLocationEntity;
  @Column({ type: 'enum', enum: ASSET_STATUSES, default: 'in_service' }) status: AssetStatus;
  @Column({ type: 'date', name: 'retired_on', nullable: true }) retiredOn: string | null;
  @Column({ type: 'varchar', length: 500, name: 'retirement_reason', nullable: true }) retirementReason: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes: string | null;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** Planned, recurring maintenance (service, calibration) and when it is next due. */
@Entity('asset_maintenance_schedules')
@Index('ix_asset_maintenance_schedules_due', ['isActive', 'nextDueDate'])
export class AssetMaintenanceScheduleEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'asset_id' }) assetId: string;
  @ManyToOne(() => AssetEntity, restrictOnDelete)
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_asset_maintenance_schedules_asset' })
  asset: AssetEntity;
  @Column({ type: 'varchar', length: 200 }) task: string;
  @Column({ type: 'smallint', unsigned: true, name: 'interval_days' }) intervalDays: number;
  @Column({ type: 'date', name: 'next_due_date' }) nextDueDate: string;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** Maintenance that was done, planned (against a schedule) or not. */
@Entity('asset_maintenance_log')
@Index('ix_asset_maintenance_log_asset_performed', ['assetId', 'performedOn'])
export class AssetMaintenanceLogEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'asset_id' }) assetId: string;
  @ManyToOne(() => AssetEntity, restrictOnDelete)
  @JoinColumn({ name: 'asset_id', foreignKeyConstraintName: 'fk_asset_maintenance_log_asset' })
  asset: AssetEntity;
  @Column({ ...uuidColumn, name: 'schedule_id', nullable: true }) scheduleId: string | null;
  @ManyToOne(() => AssetMaintenanceScheduleEntity, restrictOnDelete)
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_asset_maintenance_log_schedule' })
  schedule: AssetMaintenanceScheduleEntity | null;
  @Column({ type: 'enum', enum: MAINTENANCE_KINDS }) kind: MaintenanceKind;
  @Column({ type: 'date', name: 'performed_on' }) performedOn: string;
  @Column({ ...uuidColumn, name: 'performed_by' }) performedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'performed_by', foreignKeyConstraintName: 'fk_asset_maintenance_log_performed_by' })
  performedByUser: unknown;
  @Column({ type: 'varchar', length: 160, nullable: true }) vendor: string | null;
  @Column({ type: 'decimal', precision: 12, scale: 2, nullable: true }) cost: string | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) notes: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
