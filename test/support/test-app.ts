import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { migrate } from '../../src/cli/database';
import { DEMO_PASSWORD, DEV_ADMIN_PASSWORD, seed } from '../../src/cli/seed';
import { AppConfig, loadConfig } from '../../src/config/app-config';

export const ADMIN_EMAIL = 'admin@clinic.local';
export { DEMO_PASSWORD, DEV_ADMIN_PASSWORD };

/** Demo users seeded for every test app, one per role (see src/cli/seed.ts). */
export const demoEmail = (role: string) => `${role.replace('_', '.')}@demo.clinic.local`;

let addressCounter = 0;
/** A distinct client address per call (sent as X-Forwarded-For), so rate limits don't couple tests. */
export function clientAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  login: (email: string, password?: string) => Promise<{ accessToken: string; refreshToken: string; userId: string }>;
  tokenFor: (role: string) => Promise<string>;
  close: () => Promise<void>;
}

/** A fresh database with its own name, migrated by the committed migrations and seeded with the demo data. */
export async function createTestDatabase(env: Record<string, string> = {}): Promise<{ config: AppConfig; drop: () => Promise<void> }> {
  // The creation time in the name lets global setup drop only stale databases.
  const name = `clinic_test_${Math.floor(Date.now() / 1000)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DB_NAME: name,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    TRUST_PROXY: '1',
    // Tests run jobs on demand; a nightly timer firing inside a test run would race them.
    JOBS_SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  await migrate(config);
  await seed(config, { demo: true });
  const drop = async () => {
    const admin = new DataSource({ type: 'mysql', host: config.db.host, port: config.db.port, username: config.db.user, password: config.db.password });
    await admin.initialize();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.destroy();
  };
  return { config, drop };
}

/** Starts the real application in-process on its own fresh database. One per test file; dropped on close. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { config, drop } = await createTestDatabase(env);
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(DataSource);

  const http = () => request(app.getHttpServer());
  const login = async (email: string, password = email === ADMIN_EMAIL ? DEV_ADMIN_PASSWORD : DEMO_PASSWORD) => {
    const res = await http().post('/api/v1/auth/login').set('X-Forwarded-For', clientAddress()).send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string, userId: res.body.user.id as string };
  };
  const tokens = new Map<string, string>();
  const tokenFor = async (role: string) => {
    if (!tokens.has(role)) tokens.set(role, (await login(role === 'admin' ? ADMIN_EMAIL : demoEmail(role))).accessToken);
    return tokens.get(role)!;
  };
  const close = async () => {
    await app.close();
    await drop();
  };
  return { app, config, db, http, login, tokenFor, close };
}
