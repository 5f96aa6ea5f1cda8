import { MigrationInterface, QueryRunner } from 'typeorm';
// A migration may import this data file only because it is frozen: it never changes after landing.
import { ICD10_SEED_ROWS } from '../src/icd10/icd10-seed-data';

const BATCH = 250;

/**
 * The ICD-10 diagnosis code table, seeded with the codes common in South African primary care (a
 * full SA Master Industry Table list is loaded with `npm run icd10:import`). The code is the primary
 * key as written with its dot, so a code prefix search is a range scan of the key; words in the
 * description are searched through the FULLTEXT index.
 */
export class Icd10Codes1764000100000 implements MigrationInterface {
  name = 'Icd10Codes1764000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE icd10_codes (
      code VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      description VARCHAR(255) NOT NULL,
      chapter VARCHAR(5) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      valid_clinical_use TINYINT(1) NOT NULL DEFAULT 1,
      valid_primary TINYINT(1) NOT NULL DEFAULT 1,
      is_asterisk TINYINT(1) NOT NULL DEFAULT 0,
      is_dagger TINYINT(1) NOT NULL DEFAULT 0,
      gender_restriction ENUM('male','female') NULL,
      age_min_years SMALLINT UNSIGNED NULL,
      age_max_years SMALLINT UNSIGNED NULL,
      active TINYINT(1) NOT NULL DEFAULT 1,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
      PRIMARY KEY (code),
      FULLTEXT KEY ix_icd10_codes_description (description)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    for (let i = 0; i < ICD10_SEED_ROWS.length; i += BATCH) {
      const batch = ICD10_SEED_ROWS.slice(i, i + BATCH);
      await q.query(
        `INSERT INTO icd10_codes
           (code, description, chapter, valid_clinical_use, valid_primary, is_asterisk, is_dagger, gender_restriction, age_min_years, age_max_years)
         VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flat(),
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE icd10_codes`);
  }
}
