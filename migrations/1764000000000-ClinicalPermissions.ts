import { MigrationInterface, QueryRunner } from 'typeorm';

// Each visit stage belongs to one kind of staff (seed 002's workflow), so each stage has its own
// permission; the single 'visits:advance' of the first migration let a clerk do a consultation.
const PERMISSIONS: [string, string, string[]][] = [
  ['history:write', "Record allergies, conditions, medications, immunizations, procedures, vital signs and notes in a patient's history", ['doctor', 'nurse']],
  ['documents:write', 'Upload patient documents', ['doctor', 'nurse', 'clerk']],
  ['visits:register', 'Register a patient for a visit (the Registration stage)', ['clerk']],
  ['visits:assess', 'Record the Assessment stage: vital signs and triage', ['nurse']],
  ['visits:consult', 'Record the Consultation stage: notes, diagnoses, orders and prescriptions', ['doctor']],
  ['visits:counsel', 'Record or skip the Counseling stage', ['social_worker']],
  ['visits:close', 'Close a visit with its outcome and disposition', ['clerk', 'nurse', 'doctor']],
  ['visits:cancel', 'Cancel a visit before Closure, with a reason', ['clerk', 'nurse', 'doctor']],
  ['lab-orders:write', 'Order laboratory tests, record specimen collection and results', ['doctor', 'nurse']],
  ['referrals:write', 'Refer patients and update referral status', ['doctor', 'social_worker']],
];

export class ClinicalPermissions1764000000000 implements MigrationInterface {
  name = 'ClinicalPermissions1764000000000';

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
    await q.query(`DELETE FROM role_permissions WHERE permission_code = 'visits:advance'`);
    await q.query(`DELETE FROM permissions WHERE code = 'visits:advance'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`INSERT INTO permissions (code, description) VALUES ('visits:advance', 'Record and advance visit stages')`);
    await q.query(
      `INSERT INTO role_permissions (role_id, permission_code)
       SELECT r.id, 'visits:advance' FROM roles r WHERE r.name IN ('administrator', 'doctor', 'nurse', 'clerk', 'social_worker')`,
    );
    const codes = PERMISSIONS.map(([code]) => code);
    const marks = codes.map(() => '?').join(',');
    await q.query(`DELETE FROM role_permissions WHERE permission_code IN (${marks})`, codes);
    await q.query(`DELETE FROM permissions WHERE code IN (${marks})`, codes);
  }
}
