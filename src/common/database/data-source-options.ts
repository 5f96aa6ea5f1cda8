import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config';

const root = join(__dirname, '..', '..', '..');

/**
 * One definition of the connection for the app, the TypeORM CLI (ormconfig.ts), the seed and the tests.
 * The schema comes only from migrations: synchronize is never on.
 */
export function dataSourceOptions(config: AppConfig, database = config.db.name): DataSourceOptions {
  return {
    // Both use mysql2. The flavour matters to TypeORM's schema diff (MariaDB reports a nullable
    // column's default as the string 'NULL'), so migration:generate needs the right one.
    type: config.db.type,
    host: config.db.host,
    port: config.db.port,
    username: config.db.user,
    password: config.db.password,
    database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: config.db.poolSize,
    synchronize: false,
    migrationsRun: false,
    entities: [join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    // TypeORM would log failed queries with their parameters (patient data); errors are logged by ErrorResponder instead.
    logging: false,
  };
}

/** The paragraph printed when the database cannot be reached at start. */
export function unreachableDatabaseMessage(config: AppConfig, cause: unknown): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return (
    `Cannot connect to the database ${config.db.name} on ${config.db.host}:${config.db.port} as ${config.db.user} ` +
    `(${reason}). Start MySQL 8 or MariaDB 10.11+, or point the service at a running one by setting ` +
    `DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_NAME; create the database and its schema with ` +
    `"npm run migration:run".`
  );
}

/**
 * Opens and closes one connection to the configured database; throws the driver's error if it cannot.
 * Returns the session time zone's offset from UTC in minutes: timestamps written with NOW(3) (stage
 * times, waits) are read back as UTC (`timezone: 'Z'`), so the server must run in UTC.
 */
export async function checkDatabaseReachable(config: AppConfig): Promise<{ utcOffsetMinutes: number }> {
  const connection = await createConnection({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.name,
    connectTimeout: 5000,
  });
  try {
    const [rows] = await connection.query('SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()) AS utc_offset');
    return { utcOffsetMinutes: Number((rows as { utc_offset: number }[])[0].utc_offset) };
  } finally {
    await connection.end();
  }
}
