/**
 * The patients scenario: name prefix search, exact SA ID search and GET /patients/{id}/summary on the
 * generated population, for a national user and a clinic user, each beside the same SQL run directly
 * through mysql2 in the same run (the ratio API/raw is the figure), plus EXPLAIN/ANALYZE of that SQL.
 *
 * The raw side runs exactly what the app runs: bench/capture-sql.ts records the statements the built
 * app issues for one request of each kind (through the whole pipeline), and the raw loop replays the
 * endpoint's own statements (not authentication, not the audit trail) with the next sample's values
 * substituted, wave by wave as the service issues them (statements the service runs in parallel are
 * run in parallel), on a mysql2 pool as large as the app's, with as many concurrent callers as
 * autocannon has connections.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection, createPool, Pool, RowDataPacket } from 'mysql2/promise';
import type { FieldCipher } from '../../src/common/crypto/field-cipher';
import { CAPTURE_RESULT_MARKER, CaptureInput, CapturedQuery, CapturedRequest, deserialize } from '../capture-sql';
import type { PatientModules } from './dist';
import { httpRequest } from './http';
import type { LoadResult, LoadTarget } from './load';
import { warmUp } from './load';
import { asciiFold, rngFor } from './people';
import { peakRssMiB, spawnTracked, stop, Tracked } from './processes';
import { appEnv, BenchSettings, RESULTS_DIR, ROOT } from './settings';
import { ratio } from './stats';

export const STAFF_DOMAIN = 'staff.bench.local';

export interface RunningAppLike {
  tracked: Tracked;
  base: string;
}

export interface ScenarioDeps {
  settings: BenchSettings;
  db: Connection;
  dbPid: number | undefined;
  warnings: string[];
  modules: PatientModules;
  cipher: FieldCipher;
  poolSize: number;
  staffPassword: string;
  startApp: (port: number, name: string) => Promise<RunningAppLike>;
  measure: (targets: LoadTarget[]) => Promise<LoadResult[]>;
}

interface ExplainRow {
  id: number | null;
  select_type: string;
  table: string | null;
  type: string | null;
  possible_keys: string | null;
  key: string | null;
  key_len: string | null;
  ref: string | null;
  rows: number | null;
  r_rows?: number | null;
  filtered?: number | null;
  r_filtered?: number | null;
  Extra: string | null;
}

export interface PairResult {
  name: string;
  user: 'national' | 'clinic';
  kind: 'name' | 'id' | 'summary';
  api: LoadResult;
  raw: LoadResult;
  ratio: { rps: number | null; p50: number | null; p99: number | null };
}

export interface PatientsScenarioResult {
  population: { patients: number; visits: number };
  users: {
    national: { email: string; role: string };
    clinic: { email: string; role: string; clinicCode: string; clinicPatients: number };
  };
  samples: { nationalIds: number; clinicIds: number; nationalSummaries: number; clinicSummaries: number; prefixes: string[] };
  /** What the app ran for one request of each kind (statements by kind, the endpoint's own statements per wave). */
  capture: {
    name: string;
    url: string;
    status: number;
    statements: Record<string, number>;
    waves: { sql: string; params: string }[][];
  }[];
  health: LoadResult;
  pairs: PairResult[];
  scopeChecks: { name: string; ok: boolean; detail: string }[];
  explain: { name: string; statement: number; sql: string; plan: ExplainRow[]; fullScans: string[] }[];
  /** Every search criterion at every scope level, from the repository's own buildSearchSql (ANALYZE: actual rows read, ms). */
  searchPlans: { name: string; statement: 'page' | 'count'; ms: number; accesses: string[]; fullScans: string[]; error?: string }[];
  appPeakRssMiB: number | null;
}

// ---------------------------------------------------------------------------------------------

async function rows<T>(db: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [r] = await db.query<RowDataPacket[]>(sql, params);
  return r as unknown as T[];
}

/** The id-space bounds of a table: ids 100 rows in from each end (so a few odd fixed ids of demo rows do not stretch it). */
async function idBounds(db: Connection, table: string): Promise<[number, number] | null> {
  const first = await rows<{ id: string }>(db, `SELECT id FROM ${table} ORDER BY id ASC LIMIT 1 OFFSET 100`);
  const last = await rows<{ id: string }>(db, `SELECT id FROM ${table} ORDER BY id DESC LIMIT 1 OFFSET 100`);
  if (first.length === 0 || last.length === 0) return null;
  const num = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  return [num(first[0].id), num(last[0].id)];
}

/**
 * k distinct random rows of a big table, uniformly over its primary key space (one index seek each),
 * deterministic for a given table content. Ids are UUIDs; for the generator's time-ordered ids this is
 * uniform over creation time.
 */
async function randomRows<T>(db: Connection, table: string, columns: string, k: number, salt: number, where = '1=1'): Promise<T[]> {
  const bounds = await idBounds(db, table);
  if (!bounds) return [];
  const [lo, hi] = bounds;
  const seen = new Set<string>();
  const out: T[] = [];
  const r = rngFor(salt, 1);
  for (let attempt = 0; attempt < k * 4 && out.length < k; attempt++) {
    const hex = Math.floor(lo + (hi - lo) * r())
      .toString(16)
      .padStart(12, '0');
    const [row] = await rows<T & { id: string }>(db, `SELECT ${columns} FROM ${table} WHERE id >= ? AND ${where} ORDER BY id LIMIT 1`, [`${hex.slice(0, 8)}-${hex.slice(8, 12)}`]);
    if (row && !seen.has(row.id)) {
      seen.add(row.id);
      out.push(row);
    }
  }
  return out;
}

interface IdSample {
  id: string;
  identityNumber: string;
}

async function identitySamples(db: Connection, deps: ScenarioDeps, ids: string[]): Promise<IdSample[]> {
  if (ids.length === 0) return [];
  const found = await rows<{ id: string; identity_number_enc: Buffer }>(
    db,
    `SELECT id, identity_number_enc FROM patients WHERE id IN (?) AND identity_type = 'sa_id' AND is_active = 1`,
    [ids],
  );
  const byId = new Map(found.map((f) => [f.id, f]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => ({ id, identityNumber: deps.cipher.decrypt(byId.get(id)!.identity_number_enc, deps.modules.rules.IDENTITY_NUMBER_PURPOSE) }));
}

function rotate<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

// ---------------------------------------------------------------------------------------------

export async function patientsScenario(deps: ScenarioDeps): Promise<PatientsScenarioResult> {
  const { settings, db, warnings } = deps;
  const sampleSize = 300;
  const log = (m: string) => console.log(`  ${m}`);

  // Exact counts of what the generator wrote (no COUNT(*) over millions of rows), or the server's estimates.
  const population = { patients: 0, visits: 0 };
  try {
    for (const r of await rows<{ row_counts: string }>(db, "SELECT row_counts FROM bench_generator_chunks WHERE step = 'patients'")) {
      const counts = JSON.parse(r.row_counts) as Record<string, number>;
      population.patients += counts.patients ?? 0;
      population.visits += counts.visits ?? 0;
    }
  } catch {
    const [estimate] = await rows<{ patients: number; visits: number }>(
      db,
      `SELECT (SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'patients') AS patients,
              (SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'visits') AS visits`,
    );
    Object.assign(population, { patients: Number(estimate.patients), visits: Number(estimate.visits) });
  }

  // --- users: a national viewer and a clinic nurse (or doctor, clerk) at the busiest clinic
  const [national] = await rows<{ email: string; role: string }>(
    db,
    `SELECT u.email, r.name AS role FROM users u JOIN roles r ON r.id = u.role_id
      WHERE u.jurisdiction_level = 'national' AND u.is_active = 1 AND r.name = 'viewer' AND u.email LIKE ? ORDER BY u.email LIMIT 1`,
    [`%@${STAFF_DOMAIN}`],
  );
  if (!national) throw new Error('No active national viewer among the generated staff');
  const clinicStaff = await rows<{ email: string; role: string; clinic_id: string; code: string }>(
    db,
    `SELECT u.email, r.name AS role, u.clinic_id, c.code FROM users u JOIN roles r ON r.id = u.role_id JOIN clinics c ON c.id = u.clinic_id
      WHERE u.jurisdiction_level = 'clinic' AND u.is_active = 1 AND r.name IN ('nurse', 'doctor', 'clerk') AND u.email LIKE ?
      ORDER BY FIELD(r.name, 'nurse', 'doctor', 'clerk'), u.email`,
    [`%@${STAFF_DOMAIN}`],
  );
  const candidateClinics = [...new Set(clinicStaff.map((s) => s.clinic_id))];
  const sizes = await rows<{ clinic_id: string; n: number }>(
    db,
    'SELECT clinic_id, COUNT(*) AS n FROM patient_facilities WHERE clinic_id IN (?) GROUP BY clinic_id ORDER BY n DESC, clinic_id LIMIT 1',
    [candidateClinics],
  );
  if (sizes.length === 0) throw new Error('No clinic with patients and clinic staff');
  const clinicId = sizes[0].clinic_id;
  const clinicUser = clinicStaff.find((s) => s.clinic_id === clinicId)!;
  log(`users: national ${national.email} (${national.role}); clinic ${clinicUser.email} (${clinicUser.role} at ${clinicUser.code}, ${sizes[0].n} patients)`);

  // --- samples
  const nationalPatientRows = await randomRows<{ id: string }>(db, 'patients', 'id', sampleSize, 11);
  const nationalIds = await identitySamples(db, deps, nationalPatientRows.map((p) => p.id));
  const visitRows = await randomRows<{ id: string; patient_id: string }>(db, 'visits', 'id, patient_id', sampleSize, 12);
  const nationalSummaries = [...new Set(visitRows.map((v) => v.patient_id))];
  const clinicPatientIds = (
    await rows<{ patient_id: string }>(db, 'SELECT patient_id FROM patient_facilities WHERE clinic_id = ? ORDER BY RAND(7) LIMIT ?', [clinicId, sampleSize])
  ).map((r) => r.patient_id);
  const clinicIds = await identitySamples(db, deps, clinicPatientIds);
  const clinicSummaries = clinicPatientIds;
  const prefixRows = await rows<{ p: string; n: number }>(db, 'SELECT LEFT(last_name, 3) AS p, COUNT(*) AS n FROM patients GROUP BY p ORDER BY n DESC, p LIMIT 10');
  // Lower case and without accents: the collation must match 'Müller' for 'mul'.
  const prefixes = [...new Set(prefixRows.map((r) => asciiFold(r.p).slice(0, 3)))].filter((p) => p.length === 3);
  if (nationalIds.length === 0 || clinicIds.length === 0 || nationalSummaries.length === 0 || prefixes.length === 0) {
    throw new Error('Not enough generated patients to sample (run the generator with BENCH_PATIENTS > 0)');
  }
  const clinicSet = new Set(clinicPatientIds);
  const [outsider] = await rows<{ id: string }>(
    db,
    'SELECT p.id FROM patients p WHERE p.id IN (?) AND NOT EXISTS (SELECT 1 FROM patient_facilities pf WHERE pf.patient_id = p.id AND pf.clinic_id = ?) LIMIT 1',
    [nationalIds.map((s) => s.id), clinicId],
  );
  log(
    `samples: ${nationalIds.length} + ${clinicIds.length} SA ID numbers, ${nationalSummaries.length} + ${clinicSummaries.length} patients for the summary, ` +
      `name prefixes ${prefixes.join(', ')}`,
  );

  const url = {
    name: (prefix: string) => `/api/v1/patients?name=${encodeURIComponent(prefix)}`,
    id: (s: IdSample) => `/api/v1/patients?identityNumber=${s.identityNumber}`,
    summary: (patientId: string) => `/api/v1/patients/${patientId}/summary`,
  };
  const users = {
    national: { email: national.email, password: deps.staffPassword },
    clinic: { email: clinicUser.email, password: deps.staffPassword },
  };
  type Kind = 'name' | 'id' | 'summary';
  const plans: { name: string; user: 'national' | 'clinic'; kind: Kind; paths: string[]; keys: unknown[][] }[] = [
    { name: 'name', user: 'national', kind: 'name', paths: prefixes.map(url.name), keys: prefixes.map((p) => [deps.modules.rules.likePrefix(p)]) },
    { name: 'id', user: 'national', kind: 'id', paths: nationalIds.map(url.id), keys: nationalIds.map((s) => [bidx(deps, s.identityNumber)]) },
    { name: 'summary', user: 'national', kind: 'summary', paths: nationalSummaries.map(url.summary), keys: nationalSummaries.map((id) => [id]) },
    { name: 'name', user: 'clinic', kind: 'name', paths: prefixes.map(url.name), keys: prefixes.map((p) => [deps.modules.rules.likePrefix(p)]) },
    { name: 'id', user: 'clinic', kind: 'id', paths: clinicIds.map(url.id), keys: clinicIds.map((s) => [bidx(deps, s.identityNumber)]) },
    { name: 'summary', user: 'clinic', kind: 'summary', paths: clinicSummaries.map(url.summary), keys: clinicSummaries.map((id) => [id]) },
  ];

  // --- what the app runs for each. A name search counts the matches only when the page is full,
  // so its statements depend on the prefix: every prefix is recorded. The other two run the same
  // statements for every patient: the first sample is recorded and the others substituted into it.
  log('capturing the SQL the app runs (bench/capture-sql.ts) ...');
  const recorded = plans.map((plan) => (plan.kind === 'name' ? plan.paths.map((_, k) => k) : [0]));
  const requests = plans.flatMap((plan, i) => recorded[i].map((k) => ({ name: `${plan.kind}/${plan.user}${recorded[i].length > 1 ? ` ${k + 1}` : ''}`, user: plan.user, url: plan.paths[k] })));
  const captured = await captureSql(settings, { users, requests });
  const captureReport: PatientsScenarioResult['capture'] = [];
  let offset = 0;
  const templates = plans.map((plan, i) => {
    const compiled = recorded[i].map((k) => {
      const request = captured[offset++];
      if (request.status !== 200) throw new Error(`${request.url} answered ${request.status} while capturing its SQL`);
      const service = request.queries.filter((q) => q.kind === 'service');
      if (service.length === 0) throw new Error(`${request.url}: no statements of the endpoint recorded`);
      const statements: Record<string, number> = {};
      for (const q of request.queries) statements[q.kind] = (statements[q.kind] ?? 0) + 1;
      const waves = groupWaves(service);
      captureReport.push({
        name: request.name,
        url: request.url,
        status: request.status,
        statements,
        waves: waves.map((w) => w.map((q) => ({ sql: q.sql, params: JSON.stringify(q.params) }))),
      });
      return compileTemplate(request, waves, plan.keys[k]);
    });
    // Sample j uses its own recording when there is one, else the first.
    return (j: number) => compiled[compiled.length > 1 ? j % compiled.length : 0];
  });
  // For the query plans: of each plan's recordings, the one that ran the most statements (a name
  // search whose page was full, so it also counted).
  const planCaptured = (i: number) => {
    const start = recorded.slice(0, i).reduce((s, r) => s + r.length, 0);
    const mine = captured.slice(start, start + recorded[i].length);
    const statements = (c: CapturedRequest) => c.queries.filter((q) => q.kind === 'service').length;
    return mine.reduce((best, c) => (statements(c) > statements(best) ? c : best), mine[0]);
  };

  // --- measure
  const app = await deps.startApp(settings.basePort + 2, 'app-patients');
  const pool: Pool = createPool({
    ...settings.db,
    database: settings.dbName,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectionLimit: deps.poolSize,
  });
  try {
    const tokens = { national: await login(app, users.national), clinic: await login(app, users.clinic) };
    const scopeChecks = await checkScope(app, tokens, { nationalIds, clinicIds, outsider: outsider?.id ?? null, clinicSet, url });
    for (const c of scopeChecks) {
      log(`check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      if (!c.ok) warnings.push(`Patients scenario check failed: ${c.name}: ${c.detail}`);
    }

    const pid = app.tracked.child.pid;
    const health: LoadTarget = { title: 'GET /health', url: `${app.base}/api/v1/health`, appPid: pid };
    await warmUp(health, settings.connections, settings.warmup);
    const [healthResult] = await deps.measure([health]);

    const pairs: PairResult[] = [];
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i];
      const template = templates[i];
      const label = `${plan.kind === 'name' ? 'name prefix search' : plan.kind === 'id' ? 'exact SA ID search' : 'summary'} (${plan.user})`;
      const nextPath = rotate(plan.paths);
      const api: LoadTarget = {
        title: `API ${label}`,
        url: `${app.base}${plan.paths[0]}`,
        headers: { authorization: `Bearer ${tokens[plan.user]}` },
        nextPath,
        appPid: pid,
      };
      const nextSample = rotate(plan.keys.map((keys, j) => ({ keys, statement: template(j) })));
      const first = template(0);
      const raw: LoadTarget = {
        title: `raw SQL ${label}`,
        url: `mysql2 pool of ${deps.poolSize}: ${first.statements} statement(s) in ${first.waves.length} wave(s) (first sample)`,
        run: async () => {
          const { keys, statement } = nextSample();
          for (const wave of statement.waves) await Promise.all(wave.map((q) => pool.query(q.sql, q.bind(keys))));
        },
      };
      await warmUp(api, settings.connections, settings.warmup);
      await warmUp(raw, settings.connections, settings.warmup);
      const [apiResult, rawResult] = await deps.measure([api, raw]);
      if (rawResult.errors > 0) warnings.push(`${raw.title}: ${rawResult.errors} errors (${rawResult.firstError})`);
      pairs.push({
        name: label,
        user: plan.user,
        kind: plan.kind,
        api: apiResult,
        raw: rawResult,
        ratio: { rps: ratio(apiResult.rps, rawResult.rps), p50: ratio(apiResult.latencyMs.p50, rawResult.latencyMs.p50), p99: ratio(apiResult.latencyMs.p99, rawResult.latencyMs.p99) },
      });
    }
    const appPeakRssMiB = peakRssMiB(pid);

    // --- EXPLAIN (estimates) and ANALYZE (actual rows) of every statement the endpoints ran
    const explain: PatientsScenarioResult['explain'] = [];
    for (let i = 0; i < plans.length; i++) {
      const request = planCaptured(i);
      const service = request.queries.filter((q) => q.kind === 'service');
      for (let s = 0; s < service.length; s++) {
        const params = service[s].params.map(deserialize);
        const [plan] = await db.query<RowDataPacket[]>(`ANALYZE ${service[s].sql}`, params);
        const planRows = (plan as unknown as ExplainRow[]).map((r) => ({ ...r }));
        const fullScans = planRows
          .map(describeAccess)
          .filter((a): a is NonNullable<typeof a> => a !== null && a.fullScan)
          .map((a) => a.line);
        explain.push({ name: request.name, statement: s + 1, sql: service[s].sql.replace(/\s+/g, ' '), plan: planRows, fullScans });
      }
    }
    const searchPlans = await explainSearchVariants(db, deps, clinicId, prefixes[0]);
    return {
      population,
      searchPlans,
      users: {
        national: { email: national.email, role: national.role },
        clinic: { email: clinicUser.email, role: clinicUser.role, clinicCode: clinicUser.code, clinicPatients: Number(sizes[0].n) },
      },
      samples: { nationalIds: nationalIds.length, clinicIds: clinicIds.length, nationalSummaries: nationalSummaries.length, clinicSummaries: clinicSummaries.length, prefixes },
      capture: captureReport,
      health: healthResult,
      pairs,
      scopeChecks,
      explain,
      appPeakRssMiB,
    };
  } finally {
    await pool.end();
    await stop(app.tracked);
  }
}

/**
 * A table access of an ANALYZE row as one line, and whether it reads a whole table or index: type
 * ALL or index (or no key) that actually read more than FULL_SCAN_ROWS rows. An `index` walk that
 * stops at the LIMIT (ORDER BY on the index) reads a page's worth and is what the search intends.
 */
const FULL_SCAN_ROWS = 2000;
function describeAccess(row: ExplainRow): { line: string; fullScan: boolean } | null {
  if (!row.table || row.table.startsWith('<')) return row.table === null && row.Extra ? { line: row.Extra, fullScan: false } : null;
  const read = row.r_rows === null || row.r_rows === undefined ? null : Number(row.r_rows);
  const fullScan = (row.type === 'ALL' || row.type === 'index' || row.key === null) && (read === null || read > FULL_SCAN_ROWS);
  return { line: `${row.table} ${row.type}${row.key ? ` ${row.key}` : ''} rows≈${row.rows ?? '?'} read=${read ?? '?'}`, fullScan };
}

/**
 * ANALYZE of the repository's search SQL (dist's buildSearchSql, as the service calls it) for every
 * criterion the API offers, at every scope level, with values of real generated patients: which index
 * each reads, how many rows it actually read, and whether anything reads a whole table or index.
 */
async function explainSearchVariants(db: Connection, deps: ScenarioDeps, clinicId: string, prefix: string): Promise<PatientsScenarioResult['searchPlans']> {
  const [clinic] = await rows<{ id: string; district_id: string; province_id: string }>(db, 'SELECT id, district_id, province_id FROM clinics WHERE id = ?', [clinicId]);
  // A patient of the clinic with a phone, an SA ID and a medical-aid number; and a passport holder.
  const [person] = await rows<{ last_name: string; first_name: string; dob: string; phone_mobile: string; identity_number_bidx: Buffer; member_number_bidx: Buffer }>(
    db,
    `SELECT p.last_name, p.first_name, DATE_FORMAT(p.date_of_birth, '%Y-%m-%d') AS dob, p.phone_mobile, p.identity_number_bidx, p.member_number_bidx
       FROM patient_facilities pf JOIN patients p ON p.id = pf.patient_id
      WHERE pf.clinic_id = ? AND p.identity_type = 'sa_id' AND p.phone_mobile IS NOT NULL AND p.member_number_bidx IS NOT NULL LIMIT 1`,
    [clinicId],
  );
  const [passport] = await rows<{ identity_number_bidx: Buffer }>(db, "SELECT identity_number_bidx FROM patients WHERE identity_type = 'passport' LIMIT 1");
  if (!clinic || !person) return [];
  const scopes = {
    national: { level: 'national' as const, provinceId: null, districtId: null, clinicId: null },
    province: { level: 'province' as const, provinceId: clinic.province_id, districtId: null, clinicId: null },
    district: { level: 'district' as const, provinceId: clinic.province_id, districtId: clinic.district_id, clinicId: null },
    clinic: { level: 'clinic' as const, provinceId: clinic.province_id, districtId: clinic.district_id, clinicId: clinic.id },
  };
  const base = { includeInactive: false, offset: 0, limit: 20, countLimit: 1001 };
  const criteria: Record<string, Partial<Parameters<PatientModules['buildSearchSql']>[1]>> = {
    [`name=${prefix}`]: { name: prefix },
    'name=<first> <last>': { name: `${person.first_name.slice(0, 3)} ${person.last_name.slice(0, 3)}` },
    'identityNumber': { identityBidx: person.identity_number_bidx },
    ...(passport ? { 'passportNumber+passportCountry': { identityBidx: passport.identity_number_bidx } } : {}),
    'medicalAidNumber': { memberBidx: person.member_number_bidx },
    'phone': { phone: person.phone_mobile },
    'dateOfBirth': { dateOfBirth: person.dob },
    'name + dateOfBirth': { name: person.last_name.slice(0, 3), dateOfBirth: person.dob },
    '(no criterion)': {},
  };
  const out: PatientsScenarioResult['searchPlans'] = [];
  for (const [level, scope] of Object.entries(scopes)) {
    for (const [label, c] of Object.entries(criteria)) {
      const built = deps.modules.buildSearchSql(scope, { ...base, ...c });
      for (const [statement, sql, params] of [
        ['page', built.sql, built.params],
        ['count', built.countSql, built.countParams],
      ] as const) {
        const name = `${label} (${level})`;
        const t = performance.now();
        try {
          const [plan] = await db.query<RowDataPacket[]>(`SET STATEMENT max_statement_time = 60 FOR ANALYZE ${sql}`, params as unknown[]);
          const accesses = (plan as unknown as ExplainRow[]).map(describeAccess).filter((a): a is NonNullable<typeof a> => a !== null);
          out.push({ name, statement, ms: Math.round(performance.now() - t), accesses: accesses.map((a) => a.line), fullScans: accesses.filter((a) => a.fullScan).map((a) => a.line) });
        } catch (error) {
          out.push({ name, statement, ms: Math.round(performance.now() - t), accesses: [], fullScans: [], error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
  return out;
}

function bidx(deps: ScenarioDeps, identityNumber: string): Buffer {
  return deps.cipher.blindIndex(deps.modules.rules.identityIndexInput('sa_id', identityNumber));
}

async function login(app: RunningAppLike, user: { email: string; password: string }): Promise<string> {
  const res = await httpRequest('POST', `${app.base}/api/v1/auth/login`, { body: user });
  const token = (res.body as { accessToken?: unknown } | null)?.accessToken;
  if (res.status !== 200 || typeof token !== 'string') throw new Error(`Login of ${user.email} failed (${res.status}): ${res.text.slice(0, 300)}`);
  return token;
}

/** The data scope and the blind index, checked through the API before anything is measured. */
async function checkScope(
  app: RunningAppLike,
  tokens: { national: string; clinic: string },
  s: {
    nationalIds: IdSample[];
    clinicIds: IdSample[];
    outsider: string | null;
    clinicSet: Set<string>;
    url: { id: (s: IdSample) => string; summary: (id: string) => string; name: (p: string) => string };
  },
): Promise<PatientsScenarioResult['scopeChecks']> {
  const get = (path: string, token: string) => httpRequest('GET', `${app.base}${path}`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 60_000 });
  const checks: PatientsScenarioResult['scopeChecks'] = [];
  const found = async (name: string, token: string, sample: IdSample, expect: boolean) => {
    const res = await get(s.url.id(sample), token);
    const data = ((res.body as { data?: { id: string; identityNumber: string | null }[] }) ?? {}).data ?? [];
    const hit = data.length === 1 && data[0].id === sample.id;
    const masked = hit ? data[0].identityNumber === `${'*'.repeat(9)}${sample.identityNumber.slice(-4)}` : true;
    checks.push({
      name,
      ok: res.status === 200 && hit === expect && masked,
      detail: `${res.status}, ${data.length} result(s)${hit ? `, identityNumber shown as ${data[0].identityNumber}` : ''}`,
    });
  };
  await found('national user finds a patient by exact SA ID (blind index)', tokens.national, s.nationalIds[0], true);
  await found('clinic user finds a patient of the clinic by exact SA ID', tokens.clinic, s.clinicIds[0], true);
  const outsider = s.nationalIds.find((x) => x.id === s.outsider);
  if (outsider) {
    await found('clinic user does not find a patient of other clinics by SA ID', tokens.clinic, outsider, false);
    const res = await get(s.url.summary(outsider.id), tokens.clinic);
    checks.push({ name: "clinic user gets 404 for another clinic's patient's summary", ok: res.status === 404, detail: String(res.status) });
  }
  const summary = await get(s.url.summary(s.clinicIds[0].id), tokens.clinic);
  checks.push({ name: 'clinic user reads the summary of a patient of the clinic', ok: summary.status === 200, detail: `${summary.status}, ${summary.text.length} bytes` });
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Captured SQL -> raw statements

interface CompiledStatement {
  sql: string;
  bind: (keys: unknown[]) => unknown[];
}

function groupWaves(service: CapturedQuery[]): CapturedQuery[][] {
  const waves: CapturedQuery[][] = [];
  for (const q of service) (waves[q.wave ?? 0] ??= []).push(q);
  return waves.filter(Boolean);
}

const sameValue = (a: unknown, b: unknown) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);

/**
 * The request's statements with every parameter that equals one of the sample's keys (its patient
 * id, blind index or LIKE pattern) replaced by the next sample's; fails when a key appears nowhere.
 */
function compileTemplate(request: CapturedRequest, waves: CapturedQuery[][], sampleKeys: unknown[]): { waves: CompiledStatement[][]; statements: number } {
  let substituted = 0;
  const compiled = waves.map((wave) =>
    wave.map((q) => {
      const params = q.params.map(deserialize);
      const slots = params.map((p) => sampleKeys.findIndex((k) => sameValue(p, k)));
      substituted += slots.filter((x) => x >= 0).length;
      return { sql: q.sql, bind: (keys: unknown[]) => params.map((p, i) => (slots[i] >= 0 ? keys[slots[i]] : p)) };
    }),
  );
  if (substituted === 0) throw new Error(`${request.url}: the sample's values appear in none of the recorded statements' parameters`);
  return { waves: compiled, statements: compiled.reduce((s, w) => s + w.length, 0) };
}

async function captureSql(
  settings: BenchSettings,
  request: { users: Record<string, { email: string; password: string }>; requests: { name: string; user: string; url: string }[] },
): Promise<CapturedRequest[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const input: CaptureInput = { ...request, outFile: join(RESULTS_DIR, 'captured-sql.json') };
  const child = spawnTracked('capture-sql', process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'capture-sql.ts'), JSON.stringify(input)], {
    cwd: ROOT,
    env: { ...appEnv(settings, {}), TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const outcome = await child.exited;
  if (outcome.code !== 0) throw new Error(`bench/capture-sql.ts failed (exit ${outcome.code}):\n${child.output().slice(-4000)}`);
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith(CAPTURE_RESULT_MARKER));
  if (!line) throw new Error(`bench/capture-sql.ts printed no result:\n${child.output().slice(-4000)}`);
  return JSON.parse(readFileSync(input.outFile, 'utf8')) as CapturedRequest[];
}
