import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for two lookups: staff users by name (the user list's search and sort) and audit rows by
 * resource id alone (the trail of one record, whatever its resource type), newest first.
 */
export class LookupIndexes1763971200000 implements MigrationInterface {
  name = 'LookupIndexes1763971200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_users_full_name ON users (full_name)`);
    await q.query(`CREATE INDEX ix_audit_log_resource_id ON audit_log (resource_id, seq)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_audit_log_resource_id ON audit_log`);
    await q.query(`DROP INDEX ix_users_full_name ON users`);
  }
}
