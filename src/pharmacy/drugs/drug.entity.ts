import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { createdAtColumn, restrictOnDelete, updatedAtColumn, uuidColumn } from '../../common/database/columns';
import { MEDICATION_ROUTES, type MedicationRoute } from '../../patients';
import { DOSAGE_FORMS, type DosageForm, DRUG_SCHEDULES, type DrugSchedule } from './drug-catalogue';

/**
 * A medicine that can be prescribed, declared exactly as migrations/1764000600000-DrugCatalogue.ts
 * creates it. Its stock is kept under the linked inventory item (same code), referred to by entity
 * name: Inventory's entities are never imported here.
 */
@Entity('drugs')
@Unique('uq_drugs_code', ['code'])
// One drug per inventory item: the item's stock is that drug's stock.
@Unique('uq_drugs_inventory_item', ['inventoryItemId'])
@Index('ix_drugs_generic_name', ['genericName'])
@Index('ix_drugs_atc_code', ['atcCode'])
@Index('ix_drugs_drug_class', ['drugClass'])
@Index('ft_drugs_names', ['genericName', 'brandName'], { fulltext: true })
export class DrugEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ type: 'varchar', length: 40 }) code: string;
  @Column({ type: 'varchar', length: 160, name: 'generic_name' }) genericName: string;
  @Column({ type: 'varchar', length: 160, name: 'brand_name', nullable: true }) brandName: string | null;
  @Column({ type: 'varchar', length: 60 }) strength: string;
  @Column({ type: 'enum', enum: DOSAGE_FORMS, name: 'dosage_form' }) dosageForm: DosageForm;
  @Column({ type: 'enum', enum: MEDICATION_ROUTES }) route: MedicationRoute;
  @Column({ type: 'int', unsigned: true, name: 'pack_size' }) packSize: number;
  @Column({ type: 'varchar', length: 30, name: 'dispensing_unit' }) dispensingUnit: string;
  @Column({ type: 'varchar', length: 13, name: 'nappi_code', nullable: true }) nappiCode: string | null;
  @Column({ type: 'enum', enum: DRUG_SCHEDULES }) schedule: DrugSchedule;
  @Column({ type: 'varchar', length: 7, name: 'atc_code' }) atcCode: string;
  @Column({ type: 'varchar', length: 80, name: 'drug_class' }) drugClass: string;
  @Column({ ...uuidColumn, name: 'inventory_item_id' }) inventoryItemId: string;
  @ManyToOne('InventoryItemEntity', restrictOnDelete)
  @JoinColumn({ name: 'inventory_item_id', foreignKeyConstraintName: 'fk_drugs_inventory_item' })
  inventoryItem: unknown;
  @Column({ type: 'boolean', name: 'is_active', default: true }) isActive: boolean;
  @Column({ type: 'int', unsigned: true, default: 1 }) version: number;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}
