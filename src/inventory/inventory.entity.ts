import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, updatedAtColumn, uuidColumn } from '../common/database/columns';
import { INVENTORY_ITEM_KINDS, type InventoryItemKind, STOCK_LOCATION_KINDS, type StockLocationKind } from './stock-rules';

/*
 * Inventory's catalogues, declared exactly as migrations/1764000500000-Inventory.ts creates them.
 * Clinics and users belong to Identity: they are referred to by entity name, never imported.
 */

/** Something kept in stock: a medicine (its drug links here) or a consumable, counted in `unit`. */
@Entity('inventory_items')
@Unique('uq_inventory_items_code', ['code'])
@Index('ix_inventory_items_name', ['name'])
export class InventoryItemEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 40 }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'enum', enum: INVENTORY_ITEM_KINDS }) kind: InventoryItemKind;
  @Column({ type: 'varchar', length: 80 }) category: string;
  @Column({ type: 'varchar', length: 30 }) unit: string;
  /** The stock of a schedule 5 or 6 medicine (set by Pharmacy): it leaves stock only by dispensing. */
  @Column({ type: 'boolean', name: 'is_controlled', default: false }) isControlled: boolean;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

@Entity('suppliers')
@Unique('uq_suppliers_name', ['name'])
export class SupplierEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 160 }) name: string;
  @Column({ type: 'varchar', length: 120, name: 'contact_name', nullable: true }) contactName: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** A place stock is kept (a clinic's store or a mobile unit); its clinic gives the jurisdiction. */
@Entity('stock_locations')
@Unique('uq_stock_locations_code', ['code'])
export class StockLocationEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 160 }) name: string;
  @Column({ type: 'enum', enum: STOCK_LOCATION_KINDS }) kind: StockLocationKind;
  @Column({ ...uuidColumn, name: 'clinic_id' }) clinicId: string;
  @ManyToOne('ClinicEntity', restrictOnDelete)
  @JoinColumn({ name: 'clinic_id', foreignKeyConstraintName: 'fk_stock_locations_clinic' })
  clinic: unknown;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** When an item at a location counts as low (on hand at or below reorder_level) and how much to order. */
@Entity('stock_levels')
export class StockLevelEntity {
  @PrimaryColumn({ ...uuidColumn, name: 'item_id' }) itemId: string;
  @ManyToOne(() => InventoryItemEntity, restrictOnDelete)
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'fk_stock_levels_item' })
  item: InventoryItemEntity;
  @PrimaryColumn({ ...uuidColumn, name: 'location_id' }) locationId: string;
  @ManyToOne(() => StockLocationEntity, restrictOnDelete)
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'fk_stock_levels_location' })
  location: StockLocationEntity;
  @Column({ type: 'int', unsigned: true, name: 'reorder_level', default: 0 }) reorderLevel: number;
  @Column({ type: 'int', unsigned: true, name: 'reorder_quantity', default: 0 }) reorderQuantity: number;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
