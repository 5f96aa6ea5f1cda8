import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, timestampDefaultNowColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import { InventoryItemEntity, StockLocationEntity, SupplierEntity } from './inventory.entity';
import { STOCK_MOVEMENT_KINDS, type StockMovementKind, WRITE_OFF_REASONS, type WriteOffReason } from './stock-rules';

/*
 * The stock ledger, declared exactly as migrations/1764000500000-Inventory.ts creates it.
 * Users belong to Identity: referred to by entity name, never imported.
 */

const decimal12x4 = { type: 'decimal', precision: 12, scale: 4 } as const;

/** A lot of an item with its expiry and its cost per unit at first receipt. */
@Entity('stock_batches')
@Unique('uq_stock_batches_item_lot', ['itemId', 'lotNumber'])
export class StockBatchEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'item_id' }) itemId: string;
  @ManyToOne(() => InventoryItemEntity, restrictOnDelete)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_stock_batches_item' })
  item: InventoryItemEntity;
  @Column({ type: 'varchar', length: 60, name: 'lot_number' }) lotNumber: string;
  @Column({ type: 'date', name: 'expiry_date' }) expiryDate: string;
  @Column({ ...decimal12x4, name: 'unit_cost' }) unitCost: string;
  @Column({ ...uuidColumn, name: 'supplier_id', nullable: true }) supplierId: string | null;
  @ManyToOne(() => SupplierEntity, restrictOnDelete)
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'fk_stock_batches_supplier' })
  supplier: SupplierEntity | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}

/** A batch's balance at a location; always the sum of that batch's movements there. */
@Entity('stock_on_hand')
@Index('ix_stock_on_hand_fefo', ['itemId', 'locationId', 'expiryDate'])
@Index('ix_stock_on_hand_location_expiry', ['locationId', 'expiryDate'])
// MariaDB enforces it; TypeORM does not compare CHECK constraints on MySQL.
@Check('chk_stock_on_hand_quantity', 'quantity >= 0')
export class StockOnHandEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'batch_id' }) batchId: string;
  @ManyToOne(() => StockBatchEntity, restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_stock_on_hand_batch' })
  batch: StockBatchEntity;
  @PrimaryColumn({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne(() => StockLocationEntity, restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_stock_on_hand_location' })
  location: StockLocationEntity;
  // Copied from the batch so that FEFO picking is one index range scan.
  @Column({ ...uuidColumn, name: 'item_id' }) itemId: string;
  @ManyToOne(() => InventoryItemEntity, restrictOnDelete)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_stock_on_hand_item' })
  item: InventoryItemEntity;
  @Column({ type: 'date', name: 'expiry_date' }) expiryDate: string;
  @Column({ type: 'int', unsigned: true, default: 0 }) quantity: number;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** One line of the append-only ledger (triggers refuse UPDATE and DELETE). */
@Entity('stock_movements')
@Unique('uq_stock_movements_reverses', ['reversesMovementId'])
@Index('ix_stock_movements_transaction', ['transactionId'])
@Index('ix_stock_movements_batch_location', ['batchId', 'locationId', 'quantity'])
@Index('ix_stock_movements_location_created', ['locationId', 'createdAt'])
@Index('ix_stock_movements_item_created', ['itemId', 'createdAt'])
@Index('ix_stock_movements_reference', ['referenceType', 'referenceId'])
@Index('ix_stock_movements_created', ['createdAt'])
export class StockMovementEntity {
  @PrimaryColumn(uuidColumn) id: string;
  /** Shared by the legs of one operation (both legs of a transfer). */
  @Column({ ...uuidColumn, name: 'transaction_id' }) transactionId: string;
  @Column({ type: 'enum', enum: STOCK_MOVEMENT_KINDS }) kind: StockMovementKind;
  @Column({ ...uuidColumn, name: 'item_id' }) itemId: string;
  @ManyToOne(() => InventoryItemEntity, restrictOnDelete)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_stock_movements_item' })
  item: InventoryItemEntity;
  @Column({ ...uuidColumn, name: 'batch_id' }) batchId: string;
  @ManyToOne(() => StockBatchEntity, restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_stock_movements_batch' })
  batch: StockBatchEntity;
  @Column({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne(() => StockLocationEntity, restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_stock_movements_location' })
  location: StockLocationEntity;
  /** Signed change of the batch's on-hand at the location. */
  @Column({ type: 'int' }) quantity: number;
  @Column({ ...decimal12x4, name: 'unit_cost' }) unitCost: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @Column({ type: 'enum', enum: WRITE_OFF_REASONS, name: 'write_off_reason', nullable: true }) writeOffReason: WriteOffReason | null;
  @Column({ ...uuidColumn, name: 'reverses_movement_id', nullable: true }) reversesMovementId: string | null;
  @ManyToOne(() => StockMovementEntity, restrictOnDelete)
  @JoinColumn({ name: 'reverses_movement_id', foreignKeyConstraintName: 'fk_stock_movements_reverses' })
  reversesMovement: StockMovementEntity | null;
  @Column({ type: 'varchar', length: 40, name: 'reference_type', nullable: true }) referenceType: string | null;
  @Column({ ...uuidColumn, name: 'reference_id', nullable: true }) referenceId: string | null;
  @Column({ ...uuidColumn, name: 'performed_by' }) performedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'performed_by', foreignKeyConstraintName: 'fk_stock_movements_performed_by' })
  performedByUser: unknown;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}

/** A count of a location's stock; its lines hold the counted and system quantities per batch. */
@Entity('stock_takes')
@Index('ix_stock_takes_location_counted', ['locationId', 'countedAt'])
export class StockTakeEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne(() => StockLocationEntity, restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_stock_takes_location' })
  location: StockLocationEntity;
  @Column({ ...uuidColumn, name: 'counted_by' }) countedBy: string;
  @ManyToOne('UserEntity', restrictOnDelete)
  @JoinColumn({ name: 'counted_by', foreignKeyConstraintName: 'fk_stock_takes_counted_by' })
  countedByUser: unknown;
  @Column({ ...timestampDefaultNowColumn, name: 'counted_at' }) countedAt: Date;
  @Column({ type: 'varchar', length: 1000, nullable: true }) note: string | null;
}

@Entity('stock_take_lines')
export class StockTakeLineEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'stock_take_id' }) stockTakeId: string;
  @ManyToOne(() => StockTakeEntity, restrictOnDelete)
  @JoinColumn({ name: 'stock_take_id', foreignKeyConstraintName: 'fk_stock_take_lines_stock_take' })
  stockTake: StockTakeEntity;
  @PrimaryColumn({ ...uuidColumn, name: 'batch_id' }) batchId: string;
  @ManyToOne(() => StockBatchEntity, restrictOnDelete)
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_stock_take_lines_batch' })
  batch: StockBatchEntity;
  @Column({ type: 'int', unsigned: true, name: 'system_quantity' }) systemQuantity: number;
  @Column({ type: 'int', unsigned: true, name: 'counted_quantity' }) countedQuantity: number;
  /** The correcting 'stock_take' movement; NULL when the count matched. */
  @Column({ ...uuidColumn, name: 'movement_id', nullable: true }) movementId: string | null;
  @ManyToOne(() => StockMovementEntity, restrictOnDelete)
  @JoinColumn({ name: 'movement_id', foreignKeyConstraintName: 'fk_stock_take_lines_movement' })
  movement: StockMovementEntity | null;
}
