import { MigrationInterface, QueryRunner } from 'typeorm';

// Schedule 5 and 6 medicines leave stock only by dispensing, which checks pharmacy:dispense-controlled
// and writes the controlled-drug register. Inventory does not know drug schedules, so Pharmacy marks
// the stock item of such a drug as controlled, and the plain issue refuses it.
export class ControlledStockItems1764000630000 implements MigrationInterface {
  name = 'ControlledStockItems1764000630000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inventory_items ADD COLUMN is_controlled TINYINT(1) NOT NULL DEFAULT 0 AFTER unit');
    await q.query(`UPDATE inventory_items i JOIN drugs d ON d.inventory_item_id = i.id SET i.is_controlled = 1 WHERE d.schedule IN ('S5', 'S6')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inventory_items DROP COLUMN is_controlled');
  }
}
