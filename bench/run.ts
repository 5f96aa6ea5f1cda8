/**
 * npm run bench: cold start, read path, audited writes and audit verification of the built app
 * (dist/), the patient endpoints on a million patients (name search, exact ID search, summary,
 * each beside the same SQL run directly), and dispensing on one drug vs on different drugs, each
 * reported against a baseline measured in the same run. See bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import type { ChainedAuditEntry } from '../src/common/audit/audit-chain';
import { STAFF_PASSWORD, type GeneratorReport } from './generate';
import { STOCK_RESULT_MARKER, type StockReport } from './generate-stock';
import { dispensingScenario, DispensingScenarioResult } from './lib/dispensing-scenario';
import { loadAuditChain, loadPatientModules, loadProjectModules } from './lib/dist';
import { patientsScenario, PatientsScenarioResult } from './lib/patient-scenarios';
import { stockAlertsScenario, StockAlertsScenarioResult } from './lib/stock-alerts-scenario';
import { httpRequest } from './lib/http';
import { LoadResult, LoadTarget, runInterleaved, warmUp } from './lib/load';
import {
  assertPortFree,
  databasePidFromFile,
  installCleanup,
  peakRssMiB,
  spawnTracked,
  stop,
  stopAll,
  Tracked,
  waitForOk,
} from './lib/processes';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  appEnv,
  BenchSettings,
  DIST,
  GENERATOR_RESULT_MARKER,
  loadSettings,
  RESULTS_DIR,
  ROOT,
} from './lib/settings';
import { median, ratio, round } from './lib/stats';

const HEALTH = '/api/v1/health';
const ME = '/api/v1/auth/me';
const VERIFY_CHUNK = 2000; // as AuditService.verify

interface Results {
  date: string;
  command: string;
  git: { commit: string | null; dirty: boolean | null };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    database: string | null;
    /** 1-minute load average when the bench started and ended: other work on the machine skews absolute figures. */
    loadAverage: { start: number; end: number | null };
  };
  settings: Omit<BenchSettings, 'scenarios' | 'db'> & { scenarios: string[]; db: string };
  build: { ran: boolean; reason: string; ms: number | null; exitCode: number | null };
  generator?: GeneratorReport & { wallMs: number };
  stockGenerator?: StockReport & { wallMs: number };
  coldStart?: {
    runs: number;
    appMs: number[];
    baselineMs: number[];
    appMedianMs: number;
    baselineMedianMs: number;
    ratio: number | null;
    appPeakRssMiB: number[];
  };
  read?: { health: LoadResult; me: LoadResult; ratio: { rps: number | null; p50: number | null; p99: number | null }; appPeakRssMiB: number | null };
  audit?: {
    unaudited: LoadResult & { auditRowsWritten: number };
    audited: LoadResult & { auditRowsWritten: number; auditRowsPerSecond: number };
    ratio: { rps: number | null; p50: number | null; p99: number | null };
    verify: {
      api: { ok: boolean; checkedRows: number; ms: number; status: number; firstBroken?: unknown };
      direct: { ok: boolean; checkedRows: number; ms: number; firstBroken?: unknown };
      ratio: number | null;
    };
    appPeakRssMiB: { unaudited: number | null; audited: number | null };
  };
  patients?: PatientsScenarioResult;
  dispensing?: DispensingScenarioResult;
  stockAlerts?: StockAlertsScenarioResult;
  warnings: string[];
  /** Set when the bench failed; the figures before the failure are kept. */
  error?: string;
  totalMs: number;
}

async function main(): Promise<void> {
  installCleanup();
  const started = performance.now();
  const settings = loadSettings();
  const { db: _db, scenarios, ...rest } = settings;
  const results: Results = {
    date: new Date().toISOString(),
    command: commandLine(),
    git: gitState(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      database: null,
      loadAverage: { start: round(loadavg()[0], 2), end: null },
    },
    settings: { ...rest, scenarios: [...scenarios], db: `${settings.db.user}@${settings.db.host}:${settings.db.port}/${settings.dbName}` },
    build: { ran: false, reason: '', ms: null, exitCode: null },
    warnings: [],
    totalMs: 0,
  };

  try {
    await runAll(settings, results);
  } catch (error) {
    // Keep what was measured before the failure, marked as failed.
    results.error = error instanceof Error ? error.message : String(error);
    results.totalMs = round(performance.now() - started, 0);
    writeResults(results);
    throw error;
  }

  results.totalMs = round(performance.now() - started, 0);
  results.machine.loadAverage.end = round(loadavg()[0], 2);
  section('Results');
  console.log(formatTable(results));
  if (results.patients) console.log(`\n${formatPlans(results.patients)}`);
  if (results.warnings.length > 0) {
    console.log('\nWarnings:');
    for (const w of results.warnings) console.log(`  - ${w}`);
  }
  const file = writeResults(results);
  console.log(`\nWrote ${file} (total ${round(results.totalMs / 1000, 0)} s)`);
}

function writeResults(results: Results): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'latest.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

async function runAll(settings: BenchSettings, results: Results): Promise<void> {
  const { scenarios } = settings;
  // Fail before the (possibly long) data generation if a port the apps need is taken.
  for (let port = settings.basePort; port <= settings.basePort + 4; port++) await assertPortFree(port);

  section('Build');
  ensureBuild(settings, results);

  section('Data generator');
  results.generator = await runGeneratorScript<GeneratorReport>('generate.ts', GENERATOR_RESULT_MARKER);
  if (scenarios.has('dispensing') || scenarios.has('stock-alerts')) {
    section('Stock generator');
    results.stockGenerator = await runGeneratorScript<StockReport>('generate-stock.ts', STOCK_RESULT_MARKER);
  }

  const db = await createConnection({ ...settings.db, database: settings.dbName, timezone: 'Z' });
  try {
    const [[server]] = await db.query<RowDataPacket[]>('SELECT VERSION() AS v, @@pid_file AS pidFile');
    results.machine.database = String(server.v);
    const dbPid = databasePidFromFile(String(server.pidFile));
    if (dbPid === undefined) results.warnings.push(`Could not read the database server's pid from ${server.pidFile}: no database CPU figures`);

    if (scenarios.has('coldstart')) {
      section(`Cold start (${settings.coldStarts} starts each)`);
      results.coldStart = await coldStart(settings);
    }
    if (scenarios.has('read')) {
      section('Read path: GET /auth/me vs GET /health');
      results.read = await readScenario(settings, dbPid, db, results.warnings);
    }
    if (scenarios.has('audit')) {
      section('Audited mutation: PATCH /auth/me with AUDIT_ENABLED=true vs false');
      results.audit = await auditScenario(settings, dbPid, db, results.warnings);
    }
    if (scenarios.has('patients')) {
      section('Patients: name prefix search, exact SA ID search, summary; each vs its raw SQL on mysql2');
      const modules = loadPatientModules();
      const config = loadProjectModules().loadConfig(appEnv(settings, {}));
      results.patients = await patientsScenario({
        settings,
        db,
        dbPid,
        warnings: results.warnings,
        modules,
        cipher: new modules.FieldCipher(config.phi),
        poolSize: config.db.poolSize,
        staffPassword: STAFF_PASSWORD,
        startApp: (port, name) => startApp(settings, port, name),
        measure: (targets) => measure(targets, settings, dbPid, db, results.warnings),
      });
    }
    if (scenarios.has('dispensing')) {
      section(`Dispensing: ${settings.dispensingConnections} clients on one drug vs each on a drug of its own, at one stock location`);
      const dispensing = { ...settings, connections: settings.dispensingConnections };
      results.dispensing = await dispensingScenario({
        settings,
        db,
        warnings: results.warnings,
        startApp: (port, name) => startApp(settings, port, name),
        login,
        measure: (targets) => measure(targets, dispensing, dbPid, db, results.warnings),
      });
    }
    if (scenarios.has('stock-alerts')) {
      section('Stock alert job: first night, an ordinary night and a no-op run, vs a full read of stock_on_hand');
      results.stockAlerts = await stockAlertsScenario(settings, db, results.warnings);
    }
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Build

/** Rebuilds when dist/ is missing or older than any source file the build reads. */
function ensureBuild(settings: BenchSettings, results: Results): void {
  const mainJs = join(DIST, 'src', 'main.js');
  let reason: string | null = null;
  if (settings.build === 'always') reason = 'BENCH_BUILD=always';
  else if (!existsSync(mainJs)) reason = 'dist/src/main.js is missing';
  else {
    const built = statSync(mainJs).mtimeMs;
    const newer = newestSource();
    if (newer && newer.mtimeMs > built) reason = `${newer.file} is newer than dist`;
  }
  if (reason === null || settings.build === 'never') {
    results.build = { ran: false, reason: reason ? `stale (${reason}) but BENCH_BUILD=never` : 'dist is up to date', ms: null, exitCode: null };
    if (reason && !existsSync(mainJs)) throw new Error('dist/src/main.js is missing and BENCH_BUILD=never');
    if (reason) results.warnings.push(`Benchmarking a stale build: ${reason}`);
    console.log(results.build.reason);
    return;
  }
  console.log(`npm run build (${reason})`);
  const t = performance.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  results.build = { ran: true, reason, ms: round(performance.now() - t, 0), exitCode: build.status };
  if (build.status !== 0) {
    if (!existsSync(mainJs)) throw new Error(`npm run build failed (exit ${build.status}) and emitted no dist/src/main.js`);
    // tsc still emits on type errors; someone may be mid-edit in src/. Measure what was emitted, but say so.
    results.warnings.push(`npm run build exited ${build.status} (type errors?); the emitted JavaScript was benchmarked anyway`);
  }
}

function newestSource(): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const consider = (file: string) => {
    const m = statSync(file).mtimeMs;
    if (!newest || m > newest.mtimeMs) newest = { file: file.slice(ROOT.length + 1), mtimeMs: m };
  };
  const walk = (dir: string, depth: number) => {
    if (depth > 20 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) consider(path);
    }
  };
  walk(join(ROOT, 'src'), 0);
  walk(join(ROOT, 'migrations'), 0);
  for (const f of ['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
    if (existsSync(join(ROOT, f))) consider(join(ROOT, f));
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------
// Data generator (a child process, so its wall time and peak RSS are its own)

/** The generator reads the same BENCH_* and DB_* variables from the inherited environment. */
/** Runs a generator script to completion and returns the JSON report it prints after `marker`. */
async function runGeneratorScript<T>(script: string, marker: string): Promise<T & { wallMs: number }> {
  const t = performance.now();
  const child = spawnTracked(script, process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', script)], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  child.child.stderr?.pipe(process.stderr);
  // Bounded by the generator itself; 2 h is a backstop for a hung database.
  const outcome = await Promise.race([child.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2 * 3600_000).unref())]);
  if (outcome === 'timeout') {
    await stop(child);
    throw new Error(`${script} ran for more than 2 hours`);
  }
  if (outcome.code !== 0) throw new Error(`${script} failed (exit ${outcome.code}):\n${child.output().slice(-4000)}`);
  const line = child
    .output()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(marker));
  if (!line) throw new Error(`${script} printed no result:\n${child.output().slice(-4000)}`);
  const report = JSON.parse(line.slice(marker.length)) as T;
  return { ...report, wallMs: round(performance.now() - t, 0) };
}

// ---------------------------------------------------------------------------------------------
// Apps

interface RunningApp {
  tracked: Tracked;
  base: string;
  readyMs: number;
}

async function startApp(settings: BenchSettings, port: number, name: string, extraEnv: Record<string, string> = {}): Promise<RunningApp> {
  await assertPortFree(port);
  const t = performance.now();
  const tracked = spawnTracked(name, process.execPath, [join(DIST, 'src', 'main.js')], {
    cwd: ROOT,
    env: appEnv(settings, { PORT: String(port), ...extraEnv }),
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const readyMs = await waitForOk(`${base}${HEALTH}`, tracked, t);
    return { tracked, base, readyMs };
  } catch (error) {
    await stop(tracked);
    throw error;
  }
}

async function login(app: Pick<RunningApp, 'base'>): Promise<string> {
  const res = await httpRequest('POST', `${app.base}/api/v1/auth/login`, { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  const token = (res.body as { accessToken?: unknown } | null)?.accessToken;
  if (res.status !== 200 || typeof token !== 'string') {
    throw new Error(`Admin login failed (${res.status}): ${res.text.slice(0, 500)}`);
  }
  return token;
}

// ---------------------------------------------------------------------------------------------
// 1. Cold start

/** A bare node:http server: what spawning node and answering one request costs on this machine. */
const BASELINE_SERVER = "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

async function coldStart(settings: BenchSettings): Promise<NonNullable<Results['coldStart']>> {
  const appMs: number[] = [];
  const baselineMs: number[] = [];
  const rss: number[] = [];
  // Interleaved, so drift in machine load hits both sides alike.
  for (let i = 0; i < settings.coldStarts; i++) {
    const port = settings.basePort;
    await assertPortFree(port);
    const t = performance.now();
    const bare = spawnTracked('baseline-server', process.execPath, ['-e', BASELINE_SERVER], { cwd: ROOT, env: { PATH: process.env.PATH, PORT: String(port) } });
    try {
      baselineMs.push(round(await waitForOk(`http://127.0.0.1:${port}/`, bare, t), 1));
    } finally {
      await stop(bare);
    }

    const app = await startApp(settings, settings.basePort + 1, `app-coldstart-${i + 1}`);
    appMs.push(round(app.readyMs, 1));
    rss.push(peakRssMiB(app.tracked.child.pid) ?? Number.NaN);
    await stop(app.tracked);
    console.log(`  start ${i + 1}: app ${round(app.readyMs, 0)} ms, bare node ${round(baselineMs[i], 0)} ms`);
  }
  const appMedianMs = round(median(appMs), 1);
  const baselineMedianMs = round(median(baselineMs), 1);
  return { runs: settings.coldStarts, appMs, baselineMs, appMedianMs, baselineMedianMs, ratio: ratio(appMedianMs, baselineMedianMs), appPeakRssMiB: rss.map((r) => round(r, 1)) };
}

// ---------------------------------------------------------------------------------------------
// 2. Read path

async function readScenario(
  settings: BenchSettings,
  dbPid: number | undefined,
  db: Connection,
  warnings: string[],
): Promise<NonNullable<Results['read']>> {
  const app = await startApp(settings, settings.basePort + 2, 'app-read');
  try {
    const token = await login(app);
    const probe = await httpRequest('GET', `${app.base}${ME}`, { headers: { authorization: `Bearer ${token}` } });
    if (probe.status !== 200 || (probe.body as { email?: string }).email !== ADMIN_EMAIL) {
      throw new Error(`GET ${ME} answered ${probe.status}: ${probe.text.slice(0, 300)}`);
    }
    const pid = app.tracked.child.pid;
    const health: LoadTarget = { title: `GET ${HEALTH}`, url: `${app.base}${HEALTH}`, appPid: pid };
    const me: LoadTarget = { title: `GET ${ME}`, url: `${app.base}${ME}`, headers: { authorization: `Bearer ${token}` }, appPid: pid };
    await warmUp(health, settings.connections, settings.warmup);
    await warmUp(me, settings.connections, settings.warmup);
    const [healthResult, meResult] = await measure([health, me], settings, dbPid, db, warnings);
    return {
      health: healthResult,
      me: meResult,
      ratio: loadRatio(meResult, healthResult),
      appPeakRssMiB: peakRssMiB(pid),
    };
  } finally {
    await stop(app.tracked);
  }
}

async function measure(
  targets: LoadTarget[],
  settings: BenchSettings,
  dbPid: number | undefined,
  db: Connection,
  warnings: string[],
): Promise<LoadResult[]> {
  console.log(
    `  ${targets.map((t) => t.title).join(' vs ')}: ${settings.connections} connections, ${settings.duration} s each ` +
      `in ${settings.slices} alternating slices`,
  );
  const results = await runInterleaved(targets, {
    connections: settings.connections,
    durationS: settings.duration,
    slices: settings.slices,
    dbPid,
    counters: () => dbCounters(db),
    log: (line) => console.log(line),
  });
  for (const r of results) {
    console.log(
      `  ${r.title}: ${r.rps} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms ` +
        `(CPU % of a core: app ${r.cpuPercent.app ?? '?'}, db ${r.cpuPercent.database ?? '?'}, autocannon ${r.cpuPercent.loadGenerator}, ` +
        `everything else ${r.cpuPercent.others ?? '?'})`,
    );
    if (r.non2xx > 0 || r.errors > 0) {
      warnings.push(`${r.title}: ${r.non2xx} non-2xx responses and ${r.errors} errors (${JSON.stringify(r.statusCodes)}); its figures are suspect`);
    }
  }
  return results;
}

/** Throughput ratio subject/baseline, and latency ratios subject/baseline. */
function loadRatio(subject: LoadResult, baseline: LoadResult) {
  return {
    rps: ratio(subject.rps, baseline.rps),
    p50: ratio(subject.latencyMs.p50, baseline.latencyMs.p50),
    p99: ratio(subject.latencyMs.p99, baseline.latencyMs.p99),
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Audited mutation, and verification of the chain

// Row lock waits (and their total ms) show the dispensing scenario's contention on on-hand rows.
const DB_COUNTERS = ['Questions', 'Com_commit', 'Com_update', 'Com_insert', 'Innodb_data_fsyncs', 'Innodb_row_lock_waits', 'Innodb_row_lock_time'];

async function dbCounters(db: Connection): Promise<Record<string, number>> {
  const [rows] = await db.query<RowDataPacket[]>(`SHOW GLOBAL STATUS WHERE Variable_name IN (${DB_COUNTERS.map(() => '?').join(',')})`, DB_COUNTERS);
  return Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
}

async function chainHead(db: Connection): Promise<{ seq: number; hash: string }> {
  const [[row]] = await db.query<RowDataPacket[]>('SELECT last_seq AS seq, last_hash AS hash FROM audit_chain_head WHERE id = 1');
  return { seq: Number(row.seq), hash: String(row.hash) };
}

/**
 * Both apps run side by side (an idle one costs nothing) and are measured in alternating slices.
 * Each sends its own User-Agent, so afterwards the audit rows of each are counted exactly.
 */
async function auditScenario(
  settings: BenchSettings,
  dbPid: number | undefined,
  db: Connection,
  warnings: string[],
): Promise<NonNullable<Results['audit']>> {
  const body = { fullName: 'Bench User' };
  const apps: RunningApp[] = [];
  try {
    const variants = [false, true].map((audited) => ({ audited, agent: `mobile-clinic-bench/audit-${audited ? 'on' : 'off'}` }));
    const targets: LoadTarget[] = [];
    const tokens: string[] = [];
    for (const v of variants) {
      const app = await startApp(settings, settings.basePort + (v.audited ? 4 : 3), v.audited ? 'app-audited' : 'app-unaudited', {
        AUDIT_ENABLED: v.audited ? 'true' : 'false',
      });
      apps.push(app);
      const token = await login(app);
      tokens.push(token);
      const target: LoadTarget = {
        title: `PATCH ${ME} (audit ${v.audited ? 'on' : 'off'})`,
        url: `${app.base}${ME}`,
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'user-agent': v.agent },
        body,
        appPid: app.tracked.child.pid,
      };
      const probe = await httpRequest('PATCH', target.url, { headers: target.headers, body });
      if (probe.status !== 200) throw new Error(`PATCH ${ME} answered ${probe.status}: ${probe.text.slice(0, 300)}`);
      targets.push(target);
    }
    for (const t of targets) await warmUp(t, settings.connections, settings.warmup);
    const start = await chainHead(db);
    const [off, on] = await measure(targets, settings, dbPid, db, warnings);
    const [written] = await db.query<RowDataPacket[]>(
      'SELECT user_agent AS agent, COUNT(*) AS n FROM audit_log WHERE seq > ? GROUP BY user_agent',
      [start.seq],
    );
    const rowsFor = (agent: string) => Number(written.find((w) => w.agent === agent)?.n ?? 0);
    const offRows = rowsFor(variants[0].agent);
    const onRows = rowsFor(variants[1].agent);
    if (offRows !== 0) warnings.push(`AUDIT_ENABLED=false still wrote ${offRows} audit rows`);
    // Requests in flight when a slice (or the warm-up) stops are audited but not counted by autocannon:
    // allow one per connection per slice, plus the warm-up's.
    if (onRows < on.ok2xx || onRows > on.ok2xx + settings.connections * (settings.slices + 1)) {
      warnings.push(`Audited run: ${onRows} audit rows for ${on.ok2xx} successful PATCHes (expected one each)`);
    }
    const rss = apps.map((a) => peakRssMiB(a.tracked.child.pid));

    process.stdout.write('  GET /api/v1/audit/verify ... ');
    const res = await httpRequest('GET', `${apps[1].base}/api/v1/audit/verify`, {
      headers: { authorization: `Bearer ${tokens[1]}` },
      timeoutMs: 30 * 60_000,
    });
    const verdict = (res.body ?? {}) as { ok?: boolean; checkedRows?: number; firstBroken?: unknown };
    const api = { ok: verdict.ok === true, checkedRows: Number(verdict.checkedRows ?? 0), ms: round(res.ms, 0), status: res.status, firstBroken: verdict.firstBroken };
    console.log(`${res.status} ok=${api.ok} checkedRows=${api.checkedRows} in ${api.ms} ms`);
    if (res.status !== 200 || !api.ok) warnings.push(`Audit verification FAILED: ${res.status} ${res.text.slice(0, 300)}`);
    for (const app of apps.splice(0)) await stop(app.tracked);

    process.stdout.write('  direct verify (mysql2 + verifySegment, no app) ... ');
    const direct = await verifyDirect(db);
    console.log(`ok=${direct.ok} checkedRows=${direct.checkedRows} in ${direct.ms} ms`);
    if (!direct.ok) warnings.push(`Direct audit verification FAILED: ${JSON.stringify(direct.firstBroken)}`);

    return {
      unaudited: { ...off, auditRowsWritten: offRows },
      audited: { ...on, auditRowsWritten: onRows, auditRowsPerSecond: round(onRows / on.durationS, 0) },
      ratio: loadRatio(on, off),
      verify: { api, direct, ratio: ratio(api.ms, direct.ms) },
      appPeakRssMiB: { unaudited: rss[0], audited: rss[1] },
    };
  } finally {
    for (const app of apps) await stop(app.tracked);
  }
}

/**
 * The same walk as AuditService.verify (same chunk size and query shape, same verifySegment), done
 * with raw mysql2 rows: the difference to the API is the app's share (TypeORM hydration, HTTP).
 */
async function verifyDirect(db: Connection): Promise<NonNullable<Results['audit']>['verify']['direct']> {
  const chain = loadAuditChain();
  const t = performance.now();
  const stored = await chainHead(db);
  let head = { seq: 0, hash: chain.GENESIS_HASH };
  const maxChunks = Math.ceil(stored.seq / VERIFY_CHUNK) + 10;
  for (let i = 0; i < maxChunks; i++) {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT seq, id, occurred_at AS occurredAt, actor_id AS actorId, actor_role AS actorRole, action,
              resource_type AS resourceType, resource_id AS resourceId, method, path, outcome,
              status_code AS statusCode, client_ip AS clientIp, user_agent AS userAgent, request_id AS requestId,
              prev_hash AS prevHash, hash
         FROM audit_log WHERE seq > ? ORDER BY seq ASC LIMIT ${VERIFY_CHUNK}`,
      [head.seq],
    );
    if (rows.length === 0) break;
    const segment = rows.map((r) => ({ ...r, seq: Number(r.seq) }) as unknown as ChainedAuditEntry);
    const result = chain.verifySegment(head, segment);
    if ('broken' in result) return { ok: false, checkedRows: head.seq, ms: round(performance.now() - t, 0), firstBroken: result.broken };
    head = result.head;
  }
  const ok = head.seq === stored.seq && head.hash === stored.hash;
  return { ok, checkedRows: head.seq, ms: round(performance.now() - t, 0), ...(ok ? {} : { firstBroken: { reason: 'head_mismatch', seq: stored.seq } }) };
}

// ---------------------------------------------------------------------------------------------
// Output

function formatTable(r: Results): string {
  const rows: [string, string, string, string][] = [['Figure', 'Measured', 'Baseline (same run)', 'Ratio']];
  const x = (v: number | null | undefined) => (v == null ? 'n/a' : `${v.toFixed(2)}x`);
  const n = (v: number | null | undefined, unit = '') => (v == null ? 'n/a' : `${v.toLocaleString('en-US')}${unit}`);

  if (r.coldStart) {
    rows.push([
      `Cold start to first 200 /health (median of ${r.coldStart.runs})`,
      n(r.coldStart.appMedianMs, ' ms'),
      `bare node http: ${n(r.coldStart.baselineMedianMs, ' ms')}`,
      x(r.coldStart.ratio),
    ]);
  }
  if (r.read) {
    const { me, health } = r.read;
    rows.push([`GET /auth/me req/s (${me.connections} conn, ${me.durationS} s)`, n(me.rps), `GET /health: ${n(health.rps)}`, x(r.read.ratio.rps)]);
    rows.push(['GET /auth/me latency p50', n(me.latencyMs.p50, ' ms'), `GET /health: ${n(health.latencyMs.p50, ' ms')}`, x(r.read.ratio.p50)]);
    rows.push(['GET /auth/me latency p99', n(me.latencyMs.p99, ' ms'), `GET /health: ${n(health.latencyMs.p99, ' ms')}`, x(r.read.ratio.p99)]);
  }
  if (r.audit) {
    const { audited: on, unaudited: off } = r.audit;
    rows.push([`PATCH /auth/me req/s, audit on (${on.connections} conn, ${on.durationS} s)`, n(on.rps), `audit off: ${n(off.rps)}`, x(r.audit.ratio.rps)]);
    rows.push(['PATCH /auth/me latency p50, audit on', n(on.latencyMs.p50, ' ms'), `audit off: ${n(off.latencyMs.p50, ' ms')}`, x(r.audit.ratio.p50)]);
    rows.push(['PATCH /auth/me latency p99, audit on', n(on.latencyMs.p99, ' ms'), `audit off: ${n(off.latencyMs.p99, ' ms')}`, x(r.audit.ratio.p99)]);
    rows.push(['Audit rows written per second', n(on.auditRowsPerSecond), `audit off: ${n(off.auditRowsWritten)} rows`, '']);
    const v = r.audit.verify;
    rows.push([
      `GET /audit/verify (ok=${v.api.ok}, ${n(v.api.checkedRows)} rows)`,
      n(v.api.ms, ' ms'),
      `direct mysql2 walk (ok=${v.direct.ok}): ${n(v.direct.ms, ' ms')}`,
      x(v.ratio),
    ]);
  }
  if (r.patients) {
    const p = r.patients;
    rows.push([`GET /health req/s (patients app, ${p.health.connections} conn)`, n(p.health.rps), `p50 ${n(p.health.latencyMs.p50, ' ms')}`, `p99 ${n(p.health.latencyMs.p99, ' ms')}`]);
    for (const pair of p.pairs) {
      rows.push([`${pair.name} req/s`, n(pair.api.rps), `raw SQL: ${n(pair.raw.rps)}`, x(pair.ratio.rps)]);
      rows.push([`${pair.name} p50`, n(pair.api.latencyMs.p50, ' ms'), `raw SQL: ${n(pair.raw.latencyMs.p50, ' ms')}`, x(pair.ratio.p50)]);
      rows.push([`${pair.name} p99`, n(pair.api.latencyMs.p99, ' ms'), `raw SQL: ${n(pair.raw.latencyMs.p99, ' ms')}`, x(pair.ratio.p99)]);
    }
  }
  if (r.dispensing) {
    const { same, different, ratio: q } = r.dispensing;
    const title = 'POST /prescriptions/{id}/dispensings';
    rows.push([`${title} req/s, same drug (${same.load.connections} conn, ${same.load.durationS} s)`, n(same.load.rps), `different drugs: ${n(different.load.rps)}`, x(q.rps)]);
    rows.push([`${title} p50, same drug`, n(same.load.latencyMs.p50, ' ms'), `different drugs: ${n(different.load.latencyMs.p50, ' ms')}`, x(q.p50)]);
    rows.push([`${title} p99, same drug`, n(same.load.latencyMs.p99, ' ms'), `different drugs: ${n(different.load.latencyMs.p99, ' ms')}`, x(q.p99)]);
  }
  if (r.stockAlerts) {
    const a = r.stockAlerts;
    const job = (label: string, j: StockAlertsScenarioResult['first']) =>
      rows.push([`Stock alert job, ${label}: wall / peak RSS`, n(round(j.wallMs / 1000, 1), ' s'), `peak RSS ${n(j.peakRssMiB, ' MiB')}; ${n(j.mailsReceived)} e-mails`, '']);
    job('first night', a.first);
    job('ordinary night', a.nightly);
    job('no-op (period already ran)', a.noop);
    rows.push(['Stock alert job, first night vs full read of stock_on_hand', n(round(a.first.wallMs / 1000, 1), ' s'), `scan: ${n(a.scanMs, ' ms')}`, x(a.ratios.firstOverScan)]);
    rows.push(['Stock alert job, ordinary night vs full read of stock_on_hand', n(round(a.nightly.wallMs / 1000, 1), ' s'), `scan: ${n(a.scanMs, ' ms')}`, x(a.ratios.nightlyOverScan)]);
  }
  if (r.stockGenerator) {
    const g = r.stockGenerator;
    rows.push([
      `Stock generator: ${n(g.rows.stock_batches)} batches, ${n(g.rows.stock_movements)} movements` + (g.skipped ? ' (data already there)' : ''),
      n(round(g.wallMs / 1000, 1), ' s wall'),
      `peak RSS ${n(g.peakRssMiB, ' MiB')}`,
      '',
    ]);
  }
  if (r.generator) {
    const g = r.generator;
    const pg = g.patients;
    const patientRows = pg ? Object.values(pg.inserted).reduce((a, b) => a + b, 0) : 0;
    const nothing = g.users.skipped && g.audit.skipped && (!pg || pg.skipped);
    rows.push([
      `Generator: ${n(g.users.inserted)} users + ${n(g.audit.inserted)} audit rows` +
        (pg ? ` + ${n(pg.inserted.patients ?? 0)} patients, ${n(pg.inserted.visits ?? 0)} visits (${n(patientRows)} rows)` : '') +
        (nothing ? ' (data already there)' : ''),
      n(round(g.wallMs / 1000, 1), ' s wall'),
      `peak RSS ${n(g.peakRssMiB, ' MiB')}`,
      pg?.rowsPerSecond ? `${n(pg.rowsPerSecond)} rows/s` : g.audit.rowsPerSecond ? `${n(g.audit.rowsPerSecond)} rows/s` : '',
    ]);
  }
  const runs = [
    r.read?.health,
    r.read?.me,
    r.audit?.unaudited,
    r.audit?.audited,
    r.patients?.health,
    ...(r.patients?.pairs.flatMap((pair) => [pair.api, pair.raw]) ?? []),
    r.dispensing?.same.load,
    r.dispensing?.different.load,
  ].filter((x): x is LoadResult => x !== undefined);
  const others = runs.map((x) => x.cpuPercent.others).filter((x): x is number => x !== null);
  const population = r.patients
    ? `\nPatients scenario: ${r.patients.population.patients.toLocaleString('en-US')} generated patients, ${r.patients.population.visits.toLocaleString('en-US')} visits; ` +
      `clinic user at ${r.patients.users.clinic.clinicCode} (${r.patients.users.clinic.clinicPatients.toLocaleString('en-US')} patients in scope); ` +
      `name prefixes ${r.patients.samples.prefixes.join(', ')}`
    : '';
  const d = r.dispensing;
  const dispensing = d
    ? `\nDispensing scenario: at ${d.location.code} (${d.location.clinicCode}), ${d.quantityPerPrescription} units per prescription; ` +
      `same drug ${d.same.drugs[0]}, ${d.different.drugs.length} different drugs; ${n(d.same.dispensed)} + ${n(d.different.dispensed)} prescriptions dispensed; ` +
      `row lock waits per request ${lockWaits(d.same.load)} vs ${lockWaits(d.different.load)}; ` +
      `checks ${d.checks.every((c) => c.ok) ? 'all ok' : 'FAILED (see warnings)'}`
    : '';
  const footer =
    population +
    dispensing +
    `\nMachine: ${r.machine.cpus} cores, load average ${r.machine.loadAverage.start} at start, ${r.machine.loadAverage.end ?? '?'} at end` +
    (others.length ? `; CPU used by other processes during the load runs: ${others.join(', ')} (% of one core)` : '');
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  return out.join('\n') + footer;
}

/** Server-wide row lock waits per request, and the ms waited per request. */
function lockWaits(load: LoadResult): string {
  const c = load.dbCountersPerRequest;
  return c ? `${c.Innodb_row_lock_waits} (${c.Innodb_row_lock_time} ms)` : 'n/a';
}

/** One line per table access of every statement the patient endpoints ran (ANALYZE: estimated and actual rows). */
function formatPlans(p: PatientsScenarioResult): string {
  const lines = ['Query plans (ANALYZE of the statements each endpoint ran, first sample):'];
  for (const e of p.explain) {
    const accesses = e.plan
      .filter((row) => row.table && !row.table.startsWith('<'))
      .map((row) => `${row.table} ${row.type}${row.key ? ` ${row.key}` : ''} rows≈${row.rows ?? '?'} read=${row.r_rows ?? '?'}`);
    lines.push(`  ${e.name} #${e.statement}: ${accesses.join('; ')}${e.fullScans.length ? `  <-- FULL SCAN: ${e.fullScans.join('; ')}` : ''}`);
  }
  lines.push('Search SQL for every criterion and scope level (buildSearchSql, ANALYZE):');
  for (const v of p.searchPlans) {
    lines.push(
      `  ${v.name} ${v.statement}: ${v.error ? `ERROR ${v.error}` : v.accesses.join('; ')} (${v.ms} ms)${v.fullScans.length ? `  <-- FULL SCAN: ${v.fullScans.join('; ')}` : ''}`,
    );
  }
  return lines.join('\n');
}

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

function commandLine(): string {
  const knobs = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  return [...knobs, 'npm run bench'].join(' ');
}

function gitState(): Results['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

main()
  .catch(async (error: unknown) => {
    console.error(`\nBench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
  });
