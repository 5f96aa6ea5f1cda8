import { MigrationInterface, QueryRunner } from 'typeorm';

const TS = `created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)`;
const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';
const UUID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin';

/**
 * Patients, their contacts, and patient_facilities (the clinics a patient was registered or seen at:
 * the data scope). Names use utf8mb4_unicode_ci, which is case- and accent-insensitive, so a name
 * prefix LIKE on the name indexes finds "José" for "jose"; is_active is in those indexes so a search
 * filters and counts from the index alone. Identity and medical-aid member numbers
 * are stored only as AES-256-GCM ciphertext plus an HMAC blind index for exact search.
 */
export class Patients1764000200000 implements MigrationInterface {
  name = 'Patients1764000200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE patients (
      id ${UUID} NOT NULL,
      first_name VARCHAR(100) NOT NULL,
      middle_names VARCHAR(150) NULL,
      last_name VARCHAR(100) NOT NULL,
      date_of_birth DATE NOT NULL,
      sex ENUM('male','female','intersex','unknown') NOT NULL,
      identity_type ENUM('sa_id','passport','none') NOT NULL,
      identity_number_enc VARBINARY(255) NULL,
      identity_number_bidx BINARY(32) NULL,
      passport_country CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NULL,
      phone_mobile VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      phone_alternate VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      email VARCHAR(254) NULL,
      address_line1 VARCHAR(200) NULL,
      address_line2 VARCHAR(200) NULL,
      town VARCHAR(100) NULL,
      postal_code VARCHAR(10) NULL,
      province_id ${UUID} NULL,
      preferred_language VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
      medical_aid_scheme VARCHAR(100) NULL,
      medical_aid_plan VARCHAR(100) NULL,
      member_number_enc VARBINARY(255) NULL,
      member_number_bidx BINARY(32) NULL,
      dependant_code VARCHAR(4) NULL,
      principal_member_name VARCHAR(160) NULL,
      allergy_status ENUM('unknown','no_known_allergies','has_allergies') NOT NULL DEFAULT 'unknown',
      registered_clinic_id ${UUID} NOT NULL,
      registered_by ${UUID} NOT NULL,
      is_active TINYINT(1) NOT NULL DEFAULT 1,
      deactivated_at DATETIME(3) NULL,
      deactivation_reason VARCHAR(500) NULL,
      version INT UNSIGNED NOT NULL DEFAULT 1,
      ${TS},
      PRIMARY KEY (id),
      UNIQUE KEY uq_patients_identity_bidx (identity_number_bidx),
      KEY ix_patients_member_bidx (member_number_bidx),
      KEY ix_patients_last_first (last_name, first_name, date_of_birth, is_active),
      KEY ix_patients_first_last (first_name, last_name, date_of_birth, is_active),
      KEY ix_patients_date_of_birth (date_of_birth),
      KEY ix_patients_phone_mobile (phone_mobile),
      KEY ix_patients_phone_alternate (phone_alternate),
      KEY ix_patients_province (province_id),
      KEY ix_patients_registered_clinic (registered_clinic_id),
      KEY ix_patients_registered_by (registered_by),
      CONSTRAINT fk_patients_province FOREIGN KEY (province_id) REFERENCES provinces (id),
      CONSTRAINT fk_patients_registered_clinic FOREIGN KEY (registered_clinic_id) REFERENCES clinics (id),
      CONSTRAINT fk_patients_registered_by FOREIGN KEY (registered_by) REFERENCES users (id)
    ) ${TABLE}`);

    await q.query(`CREATE TABLE patient_contacts (
      id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      kind ENUM('emergency','next_of_kin','secondary') NOT NULL,
      full_name VARCHAR(160) NOT NULL,
      relationship VARCHAR(60) NOT NULL,
      phone_primary VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      phone_alternate VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
      email VARCHAR(254) NULL,
      address VARCHAR(300) NULL,
      ${TS},
      PRIMARY KEY (id),
      KEY ix_patient_contacts_patient (patient_id),
      CONSTRAINT fk_patient_contacts_patient FOREIGN KEY (patient_id) REFERENCES patients (id) ON DELETE CASCADE
    ) ${TABLE}`);

    // One row per clinic where the patient was registered or seen. A caller sees a patient iff a row
    // lies inside their jurisdiction; each level is one indexed equality.
    await q.query(`CREATE TABLE patient_facilities (
      patient_id ${UUID} NOT NULL,
      clinic_id ${UUID} NOT NULL,
      province_id ${UUID} NOT NULL,
      district_id ${UUID} NOT NULL,
      first_seen_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (patient_id, clinic_id),
      KEY ix_patient_facilities_clinic (clinic_id, patient_id),
      KEY ix_patient_facilities_district (district_id, patient_id),
      KEY ix_patient_facilities_province (province_id, patient_id),
      CONSTRAINT fk_patient_facilities_patient FOREIGN KEY (patient_id) REFERENCES patients (id) ON DELETE CASCADE,
      CONSTRAINT fk_patient_facilities_clinic FOREIGN KEY (clinic_id) REFERENCES clinics (id),
      CONSTRAINT fk_patient_facilities_district FOREIGN KEY (district_id) REFERENCES districts (id),
      CONSTRAINT fk_patient_facilities_province FOREIGN KEY (province_id) REFERENCES provinces (id)
    ) ${TABLE}`);

    // Search index of the data scope: one row per (clinic, district or province id, patient) that
    // patient_facilities puts in scope, with the columns a name search filters and sorts on, so a
    // scoped name search or list walks one index in order and stops at the page (no per-patient
    // probe, no sort of the whole scope). Derived from patient_facilities + patients, kept in step
    // by the Patients context in the same transactions; scope_id has no FK (it names a clinic, a
    // district or a province; UUIDs do not collide).
    await q.query(`CREATE TABLE patient_search_scopes (
      scope_id ${UUID} NOT NULL,
      patient_id ${UUID} NOT NULL,
      last_name VARCHAR(100) NOT NULL,
      first_name VARCHAR(100) NOT NULL,
      date_of_birth DATE NOT NULL,
      is_active TINYINT(1) NOT NULL,
      PRIMARY KEY (scope_id, patient_id),
      KEY ix_patient_search_scopes_last (scope_id, last_name, first_name, date_of_birth, is_active),
      KEY ix_patient_search_scopes_first (scope_id, first_name, last_name, date_of_birth, is_active),
      KEY ix_patient_search_scopes_patient (patient_id),
      CONSTRAINT fk_patient_search_scopes_patient FOREIGN KEY (patient_id) REFERENCES patients (id) ON DELETE CASCADE
    ) ${TABLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS patient_search_scopes');
    await q.query('DROP TABLE IF EXISTS patient_facilities');
    await q.query('DROP TABLE IF EXISTS patient_contacts');
    await q.query('DROP TABLE IF EXISTS patients');
  }
}
