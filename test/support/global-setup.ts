import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../../src/config/app-config';

/** Test databases left behind by a killed run are dropped once they are this old. */
const STALE_AFTER_SECONDS = 3 * 3600;

/**
 * Fails fast with a clear message when no database server is reachable, and clears test databases
 * left behind by runs that were killed (only old ones: another run on this machine may be using
 * the fresh ones). Each test file then makes and migrates its own database.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  let connection;
  try {
    connection = await createConnection({ host: config.db.host, port: config.db.port, user: config.db.user, password: config.db.password });
  } catch (error) {
    throw new Error(
      `e2e tests need MySQL 8 or MariaDB 10.11+ at ${config.db.host}:${config.db.port} (DB_HOST/DB_PORT/DB_USER/DB_PASSWORD): ${(error as Error).message}`,
    );
  }
  try {
    const rows = (await connection.query(
      "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'clinic\\_test\\_%'",
    )) as unknown as [{ name: string }[]];
    const now = Math.floor(Date.now() / 1000);
    for (const { name } of rows[0]) {
      const created = Number(/^clinic_test_(\d+)_/.exec(name)?.[1]);
      if (Number.isFinite(created) && now - created > STALE_AFTER_SECONDS) await connection.query(`DROP DATABASE \`${name}\``);
    }
  } finally {
    await connection.end();
  }
}
