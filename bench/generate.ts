/**
 * Fills the bench database at realistic scale: the schema (the project's migrations), the seed
 * (admin + demo data), BENCH_USERS staff users spread over provinces, districts and clinics, an
 * audit trail of BENCH_AUDIT_ROWS rows forming a valid hash chain, and BENCH_PATIENTS patients with
 * BENCH_VISITS visits and their history (generate-patients.ts).
 *
 * Idempotent and resumable: every step checks what is already there. Users have deterministic
 * e-mails and go in with INSERT IGNORE; audit rows are appended from the current chain head, each
 * batch in one transaction together with the head update, so an interrupted run resumes where it
 * stopped and a re-run at the same scale does nothing.
 *
 * Run on its own:  npx ts-node --transpile-only bench/generate.ts   (needs dist/: npm run build)
 * npm run bench spawns it and reads the last stdout line, a JSON report prefixed with GENERATOR_RESULT_MARKER.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as argon2 from 'argon2';
import { Connection, createConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { AuditEntry, AuditOutcome } from '../src/common/audit/audit-chain';
import { generatePatients, PatientsReport } from './generate-patients';
import { loadPatientModules, loadProjectModules, ProjectModules } from './lib/dist';
import { mulberry32 } from './lib/people';
import { appEnv, BenchSettings, GENERATOR_RESULT_MARKER, loadSettings } from './lib/settings';
import { round } from './lib/stats';

export const STAFF_EMAIL_DOMAIN = 'staff.bench.local';
/** Every generated user shares one argon2id hash of this password. */
export const STAFF_PASSWORD = 'bench-staff-quartz-lantern-42';

const DISTRICTS_PER_PROVINCE = 6;
const CLINICS_PER_DISTRICT = 5; // 3 fixed, 2 mobile
const USER_BATCH = 1000;

export interface GeneratorReport {
  database: string;
  migrationsApplied: string[];
  schemaAndSeedMs: number;
  users: {
    target: number;
    existingBefore: number;
    inserted: number;
    skipped: boolean;
    ms: number;
    districts: number;
    clinics: number;
  };
  audit: {
    target: number;
    existingBefore: number;
    inserted: number;
    skipped: boolean;
    batchSize: number;
    batches: number;
    ms: number;
    rowsPerSecond: number | null;
    /** Where the audit phase's time went: making entries, hashing (chainEntries), building parameters, the database. */
    splitMs: { entries: number; chain: number; params: number; database: number };
  };
  /** Patients, visits and their history (bench/generate-patients.ts). */
  patients: PatientsReport;
  totalMs: number;
  /** process.resourceUsage().maxRSS: the generator process's peak resident set. */
  peakRssMiB: number;
}

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-random numbers for users (a resumed run makes the same people).

function pickWeighted<T>(items: readonly (readonly [T, number])[], r: number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

const FIRST_NAMES = [
  'Thandi', 'Sipho', 'Lerato', 'Thabo', 'Nomsa', 'Johan', 'Ayesha', 'Pieter', 'Zanele', 'Mandla', 'Naledi', 'Kagiso',
  'Precious', 'Bongani', 'Lindiwe', 'Ruan', 'Fatima', 'Themba', 'Palesa', 'Sibusiso', 'Karabo', 'Anele', 'Busisiwe',
  'Mpho', 'Riana', 'Dineo', 'Tshepo', 'Nokuthula', 'Andile', 'Refilwe',
];
const LAST_NAMES = [
  'Nkosi', 'Dlamini', 'Mokoena', 'van der Merwe', 'Naidoo', 'Botha', 'Khumalo', 'Mahlangu', 'Ndlovu', 'Pillay',
  'Mthembu', 'Zulu', 'Sithole', 'Molefe', 'Pretorius', 'Govender', 'Ngcobo', 'Maseko', 'Venter', 'Mabaso', 'Radebe',
  'Hendricks', 'Baloyi', 'Shabalala', 'Cele', 'Tshabalala', 'Jacobs', 'Mkhize', 'Nel', 'Modise',
];
const ROLE_MIX = [
  ['nurse', 35], ['clerk', 20], ['doctor', 14], ['social_worker', 8], ['inventory_manager', 7], ['viewer', 8], ['finance', 4], ['administrator', 4],
] as const;

interface Place {
  provinceId: string | null;
  districtId: string | null;
  clinicId: string | null;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const settings = loadSettings();
  const project = loadProjectModules();
  const config = project.loadConfig(appEnv(settings, {}));

  if (settings.reset) {
    log(`BENCH_RESET: dropping database ${settings.dbName}`);
    const server = await createConnection({ ...settings.db });
    try {
      await server.query(`DROP DATABASE IF EXISTS \`${settings.dbName}\``);
    } finally {
      await server.end();
    }
  }

  const schemaStarted = performance.now();
  const migrationsApplied = await project.migrate(config, settings.dbName);
  await project.seed(config, { demo: true });
  const schemaAndSeedMs = round(performance.now() - schemaStarted, 0);
  log(`schema + seed: ${schemaAndSeedMs} ms (${migrationsApplied.length ? `applied ${migrationsApplied.join(', ')}` : 'no pending migrations'})`);

  const db = await createConnection({
    ...settings.db,
    database: settings.dbName,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z', // as the app: DATETIME holds UTC, so the hashed toISOString() round-trips
  });
  try {
    const users = await generateUsers(db, settings, project);
    const audit = await generateAudit(db, settings, project);
    const patientModules = loadPatientModules();
    // The app's own cipher with the keys it uses for this environment (the dev keys when PHI_* is unset).
    const cipher = new patientModules.FieldCipher(config.phi);
    const patients = await generatePatients(db, settings, patientModules, cipher, log);
    const report: GeneratorReport = {
      database: settings.dbName,
      migrationsApplied,
      schemaAndSeedMs,
      users,
      audit,
      patients,
      totalMs: round(performance.now() - started, 0),
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    };
    process.stdout.write(`${GENERATOR_RESULT_MARKER}${JSON.stringify(report)}\n`);
  } finally {
    await db.end();
  }
}

function log(message: string): void {
  process.stderr.write(`[generate] ${message}\n`);
}

async function rows<T>(db: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await db.query<RowDataPacket[]>(sql, params);
  return result as unknown as T[];
}

// ---------------------------------------------------------------------------------------------
// Users, with the districts and clinics they work in.

async function generateUsers(db: Connection, settings: BenchSettings, project: ProjectModules): Promise<GeneratorReport['users']> {
  const started = performance.now();
  const [{ n: existingBefore }] = await rows<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM users WHERE email LIKE ?', [`%@${STAFF_EMAIL_DOMAIN}`]);
  const base = { target: settings.users, existingBefore: Number(existingBefore) };
  if (base.existingBefore >= settings.users) {
    const [{ d, c }] = await rows<{ d: number; c: number }>(db, 'SELECT (SELECT COUNT(*) FROM districts) AS d, (SELECT COUNT(*) FROM clinics) AS c');
    log(`users: ${base.existingBefore} already there, skipping`);
    return { ...base, inserted: 0, skipped: true, ms: round(performance.now() - started, 0), districts: Number(d), clinics: Number(c) };
  }

  // Districts and clinics (INSERT IGNORE on their unique keys: safe to repeat).
  const provinces = await rows<{ id: string; code: string; name: string }>(db, 'SELECT id, code, name FROM provinces ORDER BY code');
  const districtRows = provinces.flatMap((p) =>
    Array.from({ length: DISTRICTS_PER_PROVINCE }, (_, i) => [randomUUID(), p.id, `${p.name} Health District ${i + 1}`]),
  );
  await db.query('INSERT IGNORE INTO districts (id, province_id, name) VALUES ?', [districtRows]);
  const districts = await rows<{ id: string; province_id: string; name: string }>(db, 'SELECT id, province_id, name FROM districts ORDER BY name');
  const provinceCode = new Map(provinces.map((p) => [p.id, p.code]));
  const clinicRows = districts.flatMap((d, di) =>
    Array.from({ length: CLINICS_PER_DISTRICT }, (_, ci) => {
      const mobile = ci >= 3;
      const code = `BN-${provinceCode.get(d.province_id)}-${String(di + 1).padStart(3, '0')}-${mobile ? 'M' : 'F'}${ci + 1}`;
      return [randomUUID(), code, `${d.name} ${mobile ? 'Mobile Clinic' : 'Clinic'} ${ci + 1}`, mobile ? 'mobile' : 'fixed', d.id, d.province_id, `${ci + 1} Main Road`];
    }),
  );
  await db.query('INSERT IGNORE INTO clinics (id, code, name, kind, district_id, province_id, address) VALUES ?', [clinicRows]);
  const clinics = await rows<{ id: string; district_id: string; province_id: string }>(db, 'SELECT id, district_id, province_id FROM clinics ORDER BY code');
  const roles = new Map((await rows<{ id: string; name: string }>(db, 'SELECT id, name FROM roles')).map((r) => [r.name, r.id]));
  for (const [role] of ROLE_MIX) if (!roles.has(role)) throw new Error(`Role ${role} is missing: did the migrations change?`);

  const passwordHash = await argon2.hash(STAFF_PASSWORD, project.ARGON2_OPTIONS);
  const now = Date.now();
  let inserted = 0;
  for (let from = 0; from < settings.users; from += USER_BATCH) {
    const batch: unknown[][] = [];
    for (let i = from; i < Math.min(settings.users, from + USER_BATCH); i++) {
      const rnd = mulberry32(i + 1);
      const first = FIRST_NAMES[Math.floor(rnd() * FIRST_NAMES.length)];
      const last = LAST_NAMES[Math.floor(rnd() * LAST_NAMES.length)];
      const role = pickWeighted(ROLE_MIX, rnd());
      const clinic = clinics[Math.floor(rnd() * clinics.length)];
      const district = districts[Math.floor(rnd() * districts.length)];
      const r = rnd();
      let level: 'national' | 'province' | 'district' | 'clinic';
      let place: Place;
      if ((role === 'administrator' && r < 0.15) || (role === 'viewer' && r < 0.05)) {
        level = 'national';
        place = { provinceId: null, districtId: null, clinicId: null };
      } else if (role === 'finance' || (role === 'administrator' && r < 0.5)) {
        level = 'province';
        place = { provinceId: clinic.province_id, districtId: null, clinicId: null };
      } else if (role === 'administrator' || (role === 'inventory_manager' && r < 0.5) || (role === 'viewer' && r < 0.3)) {
        level = 'district';
        place = { provinceId: district.province_id, districtId: district.id, clinicId: null };
      } else {
        level = 'clinic';
        place = { provinceId: clinic.province_id, districtId: clinic.district_id, clinicId: clinic.id };
      }
      const email = `${first}.${last}.${i + 1}@${STAFF_EMAIL_DOMAIN}`.toLowerCase().replace(/ /g, '');
      const phone = rnd() < 0.7 ? `+2782${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}` : null;
      const active = rnd() < 0.97 ? 1 : 0;
      const lastLogin = rnd() < 0.8 ? new Date(now - Math.floor(rnd() * 90 * 86_400_000)) : null;
      batch.push([
        randomUUID(), email, `${first} ${last}`, phone, passwordHash, roles.get(role), level,
        place.provinceId, place.districtId, place.clinicId, active, lastLogin,
      ]);
    }
    const [result] = await db.query<ResultSetHeader>(
      `INSERT IGNORE INTO users (id, email, full_name, phone, password_hash, role_id, jurisdiction_level,
         province_id, district_id, clinic_id, is_active, last_login_at) VALUES ?`,
      [batch],
    );
    inserted += result.affectedRows;
  }
  const ms = round(performance.now() - started, 0);
  log(`users: inserted ${inserted} (${districts.length} districts, ${clinics.length} clinics) in ${ms} ms`);
  return { ...base, inserted, skipped: false, ms, districts: districts.length, clinics: clinics.length };
}

// ---------------------------------------------------------------------------------------------
// The audit trail: what the app itself writes (handler names, routes, outcomes), in a plausible mix.

interface EventKind {
  action: string;
  resourceType: string | null;
  method: string;
  /** `:id` is replaced by a user id. */
  path: string;
  statusCode: number;
  outcome: AuditOutcome;
  /** Public routes (login, refresh) have no authenticated actor. */
  anonymous: boolean;
  weight: number;
}

const EVENTS: EventKind[] = [
  { action: 'login', resourceType: 'session', method: 'POST', path: '/api/v1/auth/login', statusCode: 200, outcome: 'success', anonymous: true, weight: 22 },
  { action: 'login', resourceType: 'session', method: 'POST', path: '/api/v1/auth/login', statusCode: 401, outcome: 'denied', anonymous: true, weight: 3 },
  { action: 'refreshTokens', resourceType: 'session', method: 'POST', path: '/api/v1/auth/refresh', statusCode: 200, outcome: 'success', anonymous: true, weight: 25 },
  { action: 'logout', resourceType: 'session', method: 'POST', path: '/api/v1/auth/logout', statusCode: 204, outcome: 'success', anonymous: false, weight: 8 },
  { action: 'updateOwnProfile', resourceType: 'session', method: 'PATCH', path: '/api/v1/auth/me', statusCode: 200, outcome: 'success', anonymous: false, weight: 3 },
  { action: 'changePassword', resourceType: 'session', method: 'POST', path: '/api/v1/auth/password/change', statusCode: 204, outcome: 'success', anonymous: false, weight: 1 },
  { action: 'getUser', resourceType: 'user', method: 'GET', path: '/api/v1/users/:id', statusCode: 200, outcome: 'success', anonymous: false, weight: 20 },
  { action: 'getUser', resourceType: 'user', method: 'GET', path: '/api/v1/users/:id', statusCode: 404, outcome: 'failure', anonymous: false, weight: 1 },
  { action: 'updateUser', resourceType: 'user', method: 'PATCH', path: '/api/v1/users/:id', statusCode: 200, outcome: 'success', anonymous: false, weight: 8 },
  { action: 'createUser', resourceType: 'user', method: 'POST', path: '/api/v1/users', statusCode: 201, outcome: 'success', anonymous: false, weight: 3 },
  { action: 'createUser', resourceType: 'user', method: 'POST', path: '/api/v1/users', statusCode: 409, outcome: 'failure', anonymous: false, weight: 1 },
  { action: 'updateUser', resourceType: 'user', method: 'PATCH', path: '/api/v1/users/:id', statusCode: 403, outcome: 'denied', anonymous: false, weight: 2 },
  { action: 'deactivateUser', resourceType: 'user', method: 'POST', path: '/api/v1/users/:id/deactivate', statusCode: 200, outcome: 'success', anonymous: false, weight: 1 },
  { action: 'createClinic', resourceType: null, method: 'POST', path: '/api/v1/clinics', statusCode: 201, outcome: 'success', anonymous: false, weight: 1 },
  { action: 'setRolePermissions', resourceType: null, method: 'PUT', path: '/api/v1/roles/:id/permissions', statusCode: 200, outcome: 'success', anonymous: false, weight: 1 },
];
const EVENT_MIX = EVENTS.map((e) => [e, e.weight] as const);
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'MobileClinicTablet/2.4.1 (Android 13; Samsung Galaxy Tab A8)',
  null,
];

const AUDIT_COLUMNS =
  'seq, id, occurred_at, actor_id, actor_role, action, resource_type, resource_id, method, path, outcome, status_code, client_ip, user_agent, request_id, prev_hash, hash';

async function generateAudit(db: Connection, settings: BenchSettings, project: ProjectModules): Promise<GeneratorReport['audit']> {
  const started = performance.now();
  const [head] = await rows<{ seq: number | string; hash: string }>(db, 'SELECT last_seq AS seq, last_hash AS hash FROM audit_chain_head WHERE id = 1');
  if (!head) throw new Error('audit_chain_head has no row 1: are the migrations applied?');
  const existingBefore = Number(head.seq);
  const split = { entries: 0, chain: 0, params: 0, database: 0 };
  const base = { target: settings.auditRows, existingBefore, batchSize: settings.auditBatch };
  if (existingBefore >= settings.auditRows) {
    log(`audit: chain already has ${existingBefore} rows, skipping`);
    return { ...base, inserted: 0, skipped: true, batches: 0, ms: round(performance.now() - started, 0), rowsPerSecond: null, splitMs: split };
  }

  const actors = await rows<{ id: string; role: string }>(db, 'SELECT u.id, r.name AS role FROM users u JOIN roles r ON r.id = u.role_id');
  if (actors.length === 0) throw new Error('No users to act in the audit trail');
  const toWrite = settings.auditRows - existingBefore;
  const batches = Math.ceil(toWrite / settings.auditBatch);
  // Spread over the past year, oldest first, so occurred_at rises with seq as in real life.
  const spanStart = Date.now() - 365 * 86_400_000;
  const step = (364 * 86_400_000) / toWrite;
  let chainHead = { seq: existingBefore, hash: head.hash };
  let lastReport = performance.now();
  log(`audit: appending ${toWrite} rows after seq ${existingBefore} in ${batches} transactions of up to ${settings.auditBatch}`);

  for (let b = 0; b < batches; b++) {
    const first = b * settings.auditBatch;
    const count = Math.min(settings.auditBatch, toWrite - first);

    let t = performance.now();
    const entries: AuditEntry[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const event = pickWeighted(EVENT_MIX, Math.random());
      const actor = actors[Math.floor(Math.random() * actors.length)];
      const target = actors[Math.floor(Math.random() * actors.length)];
      const created = event.action.startsWith('create') && event.outcome === 'success';
      entries[k] = {
        id: randomUUID(),
        occurredAt: new Date(Math.floor(spanStart + (first + k) * step + Math.random() * step)),
        actorId: event.anonymous ? null : actor.id,
        actorRole: event.anonymous ? null : actor.role,
        action: event.action,
        resourceType: event.resourceType,
        resourceId: event.path.includes(':id') ? target.id : created ? randomUUID() : null,
        method: event.method,
        path: event.path.replace(':id', target.id),
        outcome: event.outcome,
        statusCode: event.statusCode,
        clientIp: `10.${Math.floor(Math.random() * 64)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`,
        userAgent: USER_AGENTS[Math.floor(Math.random() * USER_AGENTS.length)],
        requestId: randomUUID(),
      };
    }
    split.entries += performance.now() - t;

    t = performance.now();
    const chained = project.chainEntries(chainHead, entries);
    split.chain += performance.now() - t;

    t = performance.now();
    const values = chained.map((r) => [
      r.seq, r.id, r.occurredAt, r.actorId, r.actorRole, r.action, r.resourceType, r.resourceId, r.method, r.path,
      r.outcome, r.statusCode, r.clientIp, r.userAgent, r.requestId, r.prevHash, r.hash,
    ]);
    split.params += performance.now() - t;

    t = performance.now();
    const last = chained[chained.length - 1];
    await db.beginTransaction();
    try {
      const [locked] = await rows<{ seq: number | string; hash: string }>(db, 'SELECT last_seq AS seq, last_hash AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE');
      if (Number(locked.seq) !== chainHead.seq || locked.hash !== chainHead.hash) {
        throw new Error(`The chain head moved to seq ${locked.seq} while generating (is an app writing to ${settings.dbName}?)`);
      }
      // query(), not execute(): the rows are escaped client-side into one statement (execute() caps at 65,535 placeholders).
      await db.query(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ?`, [values]);
      await db.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [last.seq, last.hash]);
      await db.commit();
    } catch (error) {
      await db.rollback().catch(() => undefined);
      throw error;
    }
    split.database += performance.now() - t;
    chainHead = { seq: last.seq, hash: last.hash };

    if (performance.now() - lastReport > 10_000 || b === batches - 1) {
      lastReport = performance.now();
      const done = first + count;
      const elapsedS = (performance.now() - started) / 1000;
      const rate = done / elapsedS;
      const mem = process.memoryUsage();
      const mib = (bytes: number) => Math.round(bytes / 1048576);
      log(
        `audit: ${done}/${toWrite} rows (${Math.round(rate)} rows/s, ETA ${Math.round((toWrite - done) / rate)} s, ` +
          `RSS ${mib(mem.rss)} MiB, heap ${mib(mem.heapUsed)}/${mib(mem.heapTotal)} MiB, external ${mib(mem.external)} MiB)`,
      );
    }
  }
  const ms = round(performance.now() - started, 0);
  return {
    ...base,
    inserted: toWrite,
    skipped: false,
    batches,
    ms,
    rowsPerSecond: round(toWrite / (ms / 1000), 0),
    splitMs: { entries: round(split.entries, 0), chain: round(split.chain, 0), params: round(split.params, 0), database: round(split.database, 0) },
  };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
