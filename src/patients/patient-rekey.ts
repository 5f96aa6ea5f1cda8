import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../common/crypto/field-cipher';
import { dataSourceOptions } from '../common/database/data-source-options';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { IDENTITY_NUMBER_PURPOSE, MEMBER_NUMBER_PURPOSE } from './patient-rules';

const BATCH = 500;

/**
 * Re-encrypts every identity and member number that is not under the active key
 * (PHI_ENCRYPTION_ACTIVE_KEY), so an old key can then be removed from PHI_ENCRYPTION_KEYS. Blind
 * indexes do not change (they use PHI_BLIND_INDEX_KEY). Safe to run while the service is up and to
 * run again: each row is updated only if its ciphertext is still the one that was read.
 */
export async function rekeyPatients(ds: DataSource, cipher: FieldCipher): Promise<{ scanned: number; rekeyed: number }> {
  const activeHeader = Buffer.concat([Buffer.from([Buffer.byteLength(cipher.currentKeyId)]), Buffer.from(cipher.currentKeyId, 'utf8')]);
  const stale = (column: string) => `(${column} IS NOT NULL AND LEFT(${column}, ${activeHeader.length}) <> ?)`;
  let after = '';
  let scanned = 0;
  let rekeyed = 0;
  for (;;) {
    const rows = (await ds.query(
      `SELECT id, identity_number_enc, member_number_enc FROM patients
        WHERE id > ? AND (${stale('identity_number_enc')} OR ${stale('member_number_enc')}) ORDER BY id LIMIT ${BATCH}`,
      [after, activeHeader, activeHeader],
    )) as { id: string; identity_number_enc: Buffer | null; member_number_enc: Buffer | null }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      scanned += 1;
      const again = (value: Buffer | null, purpose: string) =>
        value === null || cipher.keyIdOf(value) === cipher.currentKeyId ? value : cipher.encrypt(cipher.decrypt(value, purpose), purpose);
      const identity = again(row.identity_number_enc, IDENTITY_NUMBER_PURPOSE);
      const member = again(row.member_number_enc, MEMBER_NUMBER_PURPOSE);
      // updated_at is kept: the record's content did not change.
      const result = (await ds.query(
        `UPDATE patients SET identity_number_enc = ?, member_number_enc = ?, updated_at = updated_at
          WHERE id = ? AND identity_number_enc <=> ? AND member_number_enc <=> ?`,
        [identity, member, row.id, row.identity_number_enc, row.member_number_enc],
      )) as { affectedRows: number };
      rekeyed += result.affectedRows;
    }
    after = rows[rows.length - 1].id;
  }
  return { scanned, rekeyed };
}

async function main(config: AppConfig): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const { scanned, rekeyed } = await rekeyPatients(ds, new FieldCipher(config.phi));
    process.stdout.write(`Re-encrypted ${rekeyed} of ${scanned} patients not under key ${config.phi.activeKeyId}\n`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
  main(config).catch((error: unknown) => {
    // Never the message of a decryption or SQL error in full: it can name values.
    console.error(`phi:rekey failed: ${error instanceof Error ? error.name : typeof error}`);
    process.exit(1);
  });
}
