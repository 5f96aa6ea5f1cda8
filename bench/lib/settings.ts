import { join, resolve } from 'node:path';

/** Repository root (bench/lib/ -> ../..). */
export const ROOT = resolve(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** Fixed so tokens are stable across the app restarts of one run; never used outside the bench database. */
export const BENCH_JWT_SECRET = 'bench-only-jwt-secret-not-for-production-use-0123456789abcdef';
export const ADMIN_EMAIL = 'admin@clinic.local';
/** The development default from src/cli/seed.ts (DEV_ADMIN_PASSWORD). */
export const ADMIN_PASSWORD = 'harbour-violet-tractor-27';

/** The generator's last stdout line starts with this, followed by its JSON report. */
export const GENERATOR_RESULT_MARKER = 'BENCH_GENERATOR_RESULT ';

/** Data generation always runs first (it is a quick no-op when the data is there); these follow it. */
export const SCENARIOS = ['coldstart', 'read', 'audit', 'patients', 'dispensing', 'stock-alerts'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchSettings {
  /** Seconds per measured autocannon run. */
  duration: number;
  /** Seconds of unmeasured load per target before measuring (JIT, pools, buffer pool). */
  warmup: number;
  /** Each target's measured time is split into this many slices, alternated with its baseline's. */
  slices: number;
  connections: number;
  coldStarts: number;
  users: number;
  auditRows: number;
  auditBatch: number;
  /** Generated patients and visits (bench/generate-patients.ts). */
  patients: number;
  visits: number;
  /** Visits (with their patients, stage records, diagnoses, history) per generator transaction. */
  patientChunkVisits: number;
  /** Share of patients whose visits record vital signs at assessment (0-1). */
  vitalsShare: number;
  /** Database connections the patient generator writes chunks on in parallel. */
  generatorConnections: number;
  /** autocannon connections of each side of the dispensing scenario. */
  dispensingConnections: number;
  /** Prescriptions the dispensing scenario makes for each side (each request dispenses a new one). */
  dispensingPrescriptions: number;
  dbName: string;
  db: { host: string; port: number; user: string; password: string };
  basePort: number;
  reset: boolean;
  build: 'auto' | 'always' | 'never';
  scenarios: Set<Scenario>;
}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function fraction(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`${name} must be a number from 0 to 1 (got ${JSON.stringify(raw)})`);
  return value;
}

export function loadSettings(): BenchSettings {
  const dbName = process.env.BENCH_DB_NAME ?? 'clinic_bench';
  // The bench drops and fills this database; never let it point at a real one.
  if (!/^clinic_bench[A-Za-z0-9_]*$/.test(dbName)) {
    throw new Error(`BENCH_DB_NAME must start with clinic_bench (got ${JSON.stringify(dbName)})`);
  }
  const build = process.env.BENCH_BUILD ?? 'auto';
  if (build !== 'auto' && build !== 'always' && build !== 'never') {
    throw new Error('BENCH_BUILD must be auto, always or never');
  }
  const wanted = (process.env.BENCH_SCENARIOS ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of wanted) {
    if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`BENCH_SCENARIOS: unknown scenario ${s} (known: ${SCENARIOS.join(', ')})`);
  }
  return {
    duration: int('BENCH_DURATION', 10, 1, 600),
    warmup: int('BENCH_WARMUP', 2, 0, 60),
    slices: int('BENCH_SLICES', 5, 1, 100),
    connections: int('BENCH_CONNECTIONS', 50, 1, 1000),
    coldStarts: int('BENCH_COLD_STARTS', 3, 1, 21),
    users: int('BENCH_USERS', 5000, 0, 1_000_000),
    auditRows: int('BENCH_AUDIT_ROWS', 1_000_000, 0, 50_000_000),
    auditBatch: int('BENCH_AUDIT_BATCH', 5000, 100, 20_000),
    patients: int('BENCH_PATIENTS', 1_000_000, 0, 20_000_000),
    visits: int('BENCH_VISITS', 2_000_000, 0, 50_000_000),
    patientChunkVisits: int('BENCH_PATIENT_CHUNK', 10_000, 100, 200_000),
    vitalsShare: fraction('BENCH_VITALS_SHARE', 0.3),
    generatorConnections: int('BENCH_GENERATOR_CONNECTIONS', 2, 1, 8),
    dispensingConnections: int('BENCH_DISPENSING_CONNECTIONS', 20, 1, 1000),
    dispensingPrescriptions: int('BENCH_DISPENSING_PRESCRIPTIONS', 10_000, 100, 200_000),
    dbName,
    db: {
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: int('DB_PORT', 3306, 1, 65535),
      user: process.env.DB_USER ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
    },
    basePort: int('BENCH_PORT', 3400, 1024, 65000),
    reset: process.env.BENCH_RESET === '1' || process.env.BENCH_RESET === 'true',
    build,
    scenarios: new Set(wanted as Scenario[]),
  };
}

/**
 * The environment of every app child: a clean one (nothing inherited but PATH and HOME), so a
 * developer's .env-style exports (SMTP_HOST, DB_NAME, ...) cannot leak into the measurement.
 */
export function appEnv(settings: BenchSettings, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    JWT_SECRET: BENCH_JWT_SECRET,
    DB_HOST: settings.db.host,
    DB_PORT: String(settings.db.port),
    DB_USER: settings.db.user,
    DB_PASSWORD: settings.db.password,
    DB_NAME: settings.dbName,
    // Login is throttled per client address (default 5/min); the bench logs in once per app start,
    // but a few starts a minute would trip the default. 1000 is the maximum the config accepts.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // The longest the config allows, so a long BENCH_DURATION cannot outlive the token.
    JWT_ACCESS_TTL_SECONDS: '3600',
    // Parsed by the config but not enforced yet; maxed so the bench does not measure 429s once it is.
    API_RATE_LIMIT_PER_MINUTE: '100000',
    ...extra,
  };
}
