import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../common/database/data-source-options';
import { AppConfig, loadConfig } from '../config/app-config';
import { ARGON2_OPTIONS } from '../identity/password-hasher';
import { checkPassword } from '../identity/password-policy';
import { seedDemoPatients } from '../patients/patients.demo';
import { seedDemoHistory } from '../patients/history/history.demo';
import { seedDemoVisits } from '../clinical-workflow/visits.demo';
import { seedAssetsDemo, seedInventoryDemo } from '../inventory';
import { seedPharmacyDemo } from '../pharmacy';

/** Development-only credentials, printed in the README; refused when NODE_ENV=production. */
export const DEV_ADMIN_PASSWORD = 'harbour-violet-tractor-27';
export const DEMO_PASSWORD = 'demo-clinic-staff-2026';
export const DEMO_ROLES = ['administrator', 'doctor', 'nurse', 'clerk', 'social_worker', 'inventory_manager', 'finance', 'viewer'];

/**
 * Idempotent: the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD (never overwritten once it
 * exists), and with `demo` a demo district, two clinics and one user per role.
 */
export async function seed(config: AppConfig, options: { demo: boolean }, dataSource?: DataSource): Promise<void> {
  const ds = dataSource ?? (await new DataSource(dataSourceOptions(config)).initialize());
  try {
    const adminPassword = config.admin.password ?? (config.env === 'production' ? undefined : DEV_ADMIN_PASSWORD);
    if (!adminPassword) throw new Error('ADMIN_PASSWORD must be set to seed the first administrator');
    const problems = checkPassword(adminPassword, config.admin.email);
    if (problems.length > 0) throw new Error(`ADMIN_PASSWORD: ${problems.map((p) => p.message).join('; ')}`);
    await upsertUser(ds, { email: config.admin.email, fullName: 'System Administrator', role: 'administrator', password: adminPassword, scope: { level: 'national' } });

    if (!options.demo) return;
    if (config.env === 'production') throw new Error('Refusing to load demo data with NODE_ENV=production');
    const gauteng = await one<{ id: string }>(ds, 'SELECT id FROM provinces WHERE code = ?', ['GP']);
    await ds.query('INSERT IGNORE INTO districts (id, province_id, name) VALUES (?, ?, ?)', [randomUUID(), gauteng.id, 'City of Tshwane']);
    const district = await one<{ id: string }>(ds, 'SELECT id FROM districts WHERE province_id = ? AND name = ?', [gauteng.id, 'City of Tshwane']);
    const clinics: [string, string, 'fixed' | 'mobile', string][] = [
      ['GP-TSH-001', 'Pretoria Central Police Clinic', 'fixed', '1 Pretorius Street, Pretoria'],
      ['GP-TSH-M01', 'Tshwane Mobile Clinic 1', 'mobile', 'Based at Pretoria Central'],
    ];
    for (const [code, name, kind, address] of clinics) {
      await ds.query(
        'INSERT IGNORE INTO clinics (id, code, name, kind, district_id, province_id, address) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [randomUUID(), code, name, kind, district.id, gauteng.id, address],
      );
    }
    const clinic = await one<{ id: string }>(ds, 'SELECT id FROM clinics WHERE code = ?', ['GP-TSH-001']);
    for (const role of DEMO_ROLES) {
      await upsertUser(ds, {
        email: `${role.replace('_', '.')}@demo.clinic.local`,
        fullName: `Demo ${role.replace('_', ' ')}`,
        role,
        password: DEMO_PASSWORD,
        scope: role === 'administrator' || role === 'finance' ? { level: 'province', provinceId: gauteng.id } : { level: 'clinic', clinicId: clinic.id, districtId: district.id, provinceId: gauteng.id },
      });
    }
    await seedDemoPatients(ds, config);
    await seedDemoHistory(ds);
    await seedDemoVisits(ds);
    await seedInventoryDemo(ds);
    await seedAssetsDemo(ds);
    await seedPharmacyDemo(ds);
  } finally {
    if (!dataSource) await ds.destroy();
  }
}

async function one<T>(ds: DataSource, sql: string, params: unknown[]): Promise<T> {
  const rows = (await ds.query(sql, params)) as T[];
  if (!rows[0]) throw new Error(`Seed lookup found nothing: ${sql}`);
  return rows[0];
}

async function upsertUser(
  ds: DataSource,
  user: {
    email: string;
    fullName: string;
    role: string;
    password: string;
    scope: { level: string; provinceId?: string; districtId?: string; clinicId?: string };
  },
): Promise<void> {
  const existing = (await ds.query('SELECT id FROM users WHERE email = ?', [user.email])) as unknown[];
  if (existing.length > 0) return;
  const role = await one<{ id: string }>(ds, 'SELECT id FROM roles WHERE name = ?', [user.role]);
  await ds.query(
    `INSERT IGNORE INTO users (id, email, full_name, password_hash, role_id, jurisdiction_level, province_id, district_id, clinic_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      user.email,
      user.fullName,
      await argon2.hash(user.password, ARGON2_OPTIONS),
      role.id,
      user.scope.level,
      user.scope.provinceId ?? null,
      user.scope.districtId ?? null,
      user.scope.clinicId ?? null,
    ],
  );
}

if (require.main === module) {
  seed(loadConfig(), { demo: process.argv.includes('--demo') })
    .then(() => console.log('Seed complete'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
