import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../common/database/data-source-options';
import type { AppConfig } from '../config/app-config';

/** Creates the database if it is missing (utf8mb4), so a fresh machine needs no manual SQL. */
export async function ensureDatabase(config: AppConfig, name = config.db.name): Promise<void> {
  const connection = await createConnection({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
  });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Applies every pending committed migration, each in its own transaction. */
export async function migrate(config: AppConfig, name = config.db.name): Promise<string[]> {
  await ensureDatabase(config, name);
  const dataSource = new DataSource(dataSourceOptions(config, name));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
