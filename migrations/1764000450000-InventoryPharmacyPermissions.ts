import { MigrationInterface, QueryRunner } from 'typeorm';

// Inventory and Pharmacy split what 'inventory:adjust' and 'pharmacy:dispense' covered alone: a nurse
// records the consumables she used without being able to adjust stock, and only a holder of
// 'pharmacy:dispense-controlled' hands out schedule 5 and 6 medicines (Medicines and Related Substances Act).
const PERMISSIONS: [string, string, string[]][] = [
  ['prescriptions:read', 'See prescriptions and their dispensing', ['doctor', 'nurse', 'viewer']],
  ['pharmacy:dispense-controlled', 'Dispense schedule 5 and 6 medicines and see the controlled-drug register', ['doctor']],
  ['pharmacy:catalogue', 'Add and edit drugs in the catalogue', ['inventory_manager']],
  ['inventory:issue', 'Record consumables used, e.g. in a visit', ['doctor', 'nurse', 'inventory_manager']],
  ['inventory:manage', 'Manage inventory items, suppliers, stock locations, reorder levels and assets', ['inventory_manager']],
  ['jobs:run', 'Run scheduled jobs on demand and see their runs', []],
];

export class InventoryPharmacyPermissions1764000450000 implements MigrationInterface {
  name = 'InventoryPharmacyPermissions1764000450000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [code, description, roles] of PERMISSIONS) {
      await q.query('INSERT INTO permissions (code, description) VALUES (?, ?)', [code, description]);
      // The administrator holds every permission.
      await q.query(
        `INSERT INTO role_permissions (role_id, permission_code)
         SELECT r.id, ? FROM roles r WHERE r.name IN (${['administrator', ...roles].map(() => '?').join(',')})`,
        [code, 'administrator', ...roles],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    const codes = PERMISSIONS.map(([code]) => code);
    const marks = codes.map(() => '?').join(',');
    await q.query(`DELETE FROM role_permissions WHERE permission_code IN (${marks})`, codes);
    await q.query(`DELETE FROM permissions WHERE code IN (${marks})`, codes);
  }
}
