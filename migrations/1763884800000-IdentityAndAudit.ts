import { MigrationInterface, QueryRunner } from 'typeorm';

const TS = `created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)`;
const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

const PROVINCES: [string, string][] = [
  ['EC', 'Eastern Cape'],
  ['FS', 'Free State'],
  ['GP', 'Gauteng'],
  ['KZN', 'KwaZulu-Natal'],
  ['LP', 'Limpopo'],
  ['MP', 'Mpumalanga'],
  ['NC', 'Northern Cape'],
  ['NW', 'North West'],
  ['WC', 'Western Cape'],
];

const PERMISSIONS: [string, string][] = [
  ['users:read', 'See staff user accounts'],
  ['users:manage', 'Create, update, deactivate staff users and assign roles'],
  ['roles:read', 'See roles and their permissions'],
  ['roles:manage', "Change a role's permissions"],
  ['facilities:read', 'See provinces, districts and clinics'],
  ['facilities:manage', 'Create and update districts and clinics'],
  ['audit:read', 'Read and verify the audit trail'],
  ['system:health', 'See detailed service health'],
  ['patients:read', 'See patient records'],
  ['patients:write', 'Register and update patients'],
  ['visits:read', 'See clinical visits'],
  ['visits:advance', 'Record and advance visit stages'],
  ['prescriptions:write', 'Prescribe medicines'],
  ['pharmacy:dispense', 'Dispense medicines from stock'],
  ['inventory:read', 'See stock, suppliers and assets'],
  ['inventory:adjust', 'Receive, adjust and transfer stock; manage assets'],
  ['routes:read', 'See mobile-clinic routes and appointment slots'],
  ['routes:manage', 'Plan routes, locations and slots'],
  ['appointments:book', 'Book and cancel appointments'],
  ['claims:read', 'See medical-aid verifications and claims'],
  ['claims:manage', 'Submit and manage medical-aid claims'],
  ['analytics:read', 'See dashboards and reports, export data'],
];

// Seed 002's eight roles; administrator gets every permission.
const ROLES: [string, string, string[]][] = [
  ['administrator', 'Full system access, user management, configuration', PERMISSIONS.map(([code]) => code)],
  ['doctor', 'Patient management, clinical consultation, prescriptions, referrals',
    ['patients:read', 'patients:write', 'visits:read', 'visits:advance', 'prescriptions:write', 'pharmacy:dispense',
     'inventory:read', 'routes:read', 'facilities:read', 'claims:read']],
  ['nurse', 'Patient vitals, nursing assessments, referral viewing',
    ['patients:read', 'patients:write', 'visits:read', 'visits:advance', 'pharmacy:dispense', 'inventory:read',
     'routes:read', 'facilities:read']],
  ['clerk', 'Patient registration, appointment scheduling',
    ['patients:read', 'patients:write', 'visits:read', 'visits:advance', 'appointments:book', 'routes:read',
     'facilities:read', 'claims:read']],
  ['social_worker', 'Patient counseling, psychosocial support, referrals',
    ['patients:read', 'visits:read', 'visits:advance', 'routes:read', 'facilities:read']],
  ['inventory_manager', 'Asset tracking, stock management, supplier management',
    ['inventory:read', 'inventory:adjust', 'facilities:read', 'routes:read']],
  ['finance', 'Financial reports, payment tracking, analytics',
    ['claims:read', 'claims:manage', 'analytics:read', 'inventory:read', 'facilities:read']],
  ['viewer', 'Read-only access to all patient and visit data',
    ['patients:read', 'visits:read', 'routes:read', 'inventory:read', 'facilities:read']],
];

export class IdentityAndAudit1763884800000 implements MigrationInterface {
  name = 'IdentityAndAudit1763884800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE provinces (
      id ${UUID} NOT NULL,
      code VARCHAR(8) NOT NULL,
      name VARCHAR(100) NOT NULL,
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_provinces_code (code),
      UNIQUE KEY uq_provinces_name (name)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE districts (
      id ${UUID} NOT NULL,
      province_id ${UUID} NOT NULL,
      name VARCHAR(120) NOT NULL,
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_districts_province_name (province_id, name),
      CONSTRAINT fk_districts_province FOREIGN KEY (province_id) REFERENCES provinces (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE clinics (
      id ${UUID} NOT NULL,
      code VARCHAR(32) NOT NULL,
      name VARCHAR(160) NOT NULL,
      kind ENUM('fixed','mobile') NOT NULL,
      district_id ${UUID} NOT NULL,
      province_id ${UUID} NOT NULL,
      address VARCHAR(300) NULL,
      latitude DECIMAL(9,6) NULL,
      longitude DECIMAL(9,6) NULL,
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_clinics_code (code),
      KEY ix_clinics_district (district_id),
      KEY ix_clinics_province (province_id),
      CONSTRAINT fk_clinics_district FOREIGN KEY (district_id) REFERENCES districts (id),
      CONSTRAINT fk_clinics_province FOREIGN KEY (province_id) REFERENCES provinces (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE permissions (
      code VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      description VARCHAR(200) NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (code)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE roles (
      id ${UUID} NOT NULL,
      name VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      description VARCHAR(200) NOT NULL,
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_roles_name (name)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE role_permissions (
      role_id ${UUID} NOT NULL,
      permission_code VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (role_id, permission_code),
      KEY ix_role_permissions_permission (permission_code),
      CONSTRAINT fk_role_permissions_role FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE,
      CONSTRAINT fk_role_permissions_permission FOREIGN KEY (permission_code) REFERENCES permissions (code)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE users (
      id ${UUID} NOT NULL,
      email VARCHAR(254) NOT NULL,
      full_name VARCHAR(160) NOT NULL,
      phone VARCHAR(20) NULL,
      password_hash VARCHAR(255) NOT NULL,
      role_id ${UUID} NOT NULL,
      jurisdiction_level ENUM('national','province','district','clinic') NOT NULL,
      province_id ${UUID} NULL,
      district_id ${UUID} NULL,
      clinic_id ${UUID} NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      failed_login_count INT UNSIGNED NOT NULL DEFAULT 0,
      locked_until DATETIME(3) NULL,
      last_login_at DATETIME(3) NULL,
      password_changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_users_email (email),
      KEY ix_users_role (role_id),
      KEY ix_users_province (province_id),
      KEY ix_users_district (district_id),
      KEY ix_users_clinic (clinic_id),
      CONSTRAINT fk_users_role FOREIGN KEY (role_id) REFERENCES roles (id),
      CONSTRAINT fk_users_province FOREIGN KEY (province_id) REFERENCES provinces (id),
      CONSTRAINT fk_users_district FOREIGN KEY (district_id) REFERENCES districts (id),
      CONSTRAINT fk_users_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE auth_sessions (
      id ${UUID} NOT NULL,
      user_id ${UUID} NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      revoked_reason VARCHAR(40) NULL,
      client_ip VARCHAR(45) NULL,
      user_agent VARCHAR(512) NULL,
      ${TS},
      PRIMARY KEY (id),
      KEY ix_auth_sessions_user (user_id, revoked_at),
      CONSTRAINT fk_auth_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    ) ${TABLE}`);

    await q.query(`CREATE TABLE refresh_tokens (
      id ${UUID} NOT NULL,
      session_id ${UUID} NOT NULL,
      token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      replaced_by_id ${UUID} NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_refresh_tokens_hash (token_hash),
      KEY ix_refresh_tokens_session (session_id),
      CONSTRAINT fk_refresh_tokens_session FOREIGN KEY (session_id) REFERENCES auth_sessions (id) ON DELETE CASCADE
    ) ${TABLE}`);

    await q.query(`CREATE TABLE password_reset_tokens (
      id ${UUID} NOT NULL,
      user_id ${UUID} NOT NULL,
      token_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      used_at DATETIME(3) NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (id),
      UNIQUE KEY uq_password_reset_tokens_hash (token_hash),
      KEY ix_password_reset_tokens_user (user_id),
      CONSTRAINT fk_password_reset_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    ) ${TABLE}`);

    // Append-only, hash-chained. seq is assigned by the writer under the chain-head lock.
    await q.query(`CREATE TABLE audit_log (
      seq BIGINT UNSIGNED NOT NULL,
      id ${UUID} NOT NULL,
      occurred_at DATETIME(3) NOT NULL,
      actor_id ${UUID} NULL,
      actor_role VARCHAR(64) NULL,
      action VARCHAR(128) NOT NULL,
      resource_type VARCHAR(64) NULL,
      resource_id VARCHAR(64) NULL,
      method VARCHAR(10) NOT NULL,
      path VARCHAR(512) NOT NULL,
      outcome ENUM('success','failure','denied') NOT NULL,
      status_code SMALLINT UNSIGNED NOT NULL,
      client_ip VARCHAR(45) NULL,
      user_agent VARCHAR(512) NULL,
      request_id VARCHAR(128) NULL,
      prev_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      PRIMARY KEY (seq),
      UNIQUE KEY uq_audit_log_id (id),
      KEY ix_audit_log_actor (actor_id, seq),
      KEY ix_audit_log_resource (resource_type, resource_id, seq),
      KEY ix_audit_log_action (action, seq),
      KEY ix_audit_log_outcome (outcome, seq),
      KEY ix_audit_log_occurred (occurred_at)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE audit_chain_head (
      id TINYINT UNSIGNED NOT NULL,
      last_seq BIGINT UNSIGNED NOT NULL,
      last_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      PRIMARY KEY (id)
    ) ${TABLE}`);
    await q.query(`INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, REPEAT('0', 64))`);

    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: UPDATE is not allowed'`);
    await q.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only: DELETE is not allowed'`);

    for (const [code, name] of PROVINCES) {
      await q.query('INSERT INTO provinces (id, code, name) VALUES (UUID(), ?, ?)', [code, name]);
    }
    for (const [code, description] of PERMISSIONS) {
      await q.query('INSERT INTO permissions (code, description) VALUES (?, ?)', [code, description]);
    }
    for (const [name, description, grants] of ROLES) {
      await q.query('INSERT INTO roles (id, name, description) VALUES (UUID(), ?, ?)', [name, description]);
      await q.query(
        `INSERT INTO role_permissions (role_id, permission_code)
         SELECT r.id, p.code FROM roles r JOIN permissions p ON p.code IN (${grants.map(() => '?').join(',')})
         WHERE r.name = ?`,
        [...grants, name],
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_chain_head',
      'audit_log',
      'password_reset_tokens',
      'refresh_tokens',
      'auth_sessions',
      'users',
      'role_permissions',
      'roles',
      'permissions',
      'clinics',
      'districts',
      'provinces',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
