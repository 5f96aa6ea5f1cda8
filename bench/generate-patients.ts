/**
 * The Patients and Clinical Workflow part of the bench data: BENCH_PATIENTS patients and exactly
 * BENCH_VISITS visits over the bench clinics, with what the app's own writes would leave behind:
 * patient_facilities rows (the data scope) for the registering clinic and every clinic visited,
 * visits with one stage record per completed stage, ICD-10 diagnoses, vital signs taken at
 * assessment, and allergies, chronic conditions and current medications for part of the patients.
 *
 * Identity and medical-aid member numbers are encrypted with the project's own FieldCipher and
 * blind index (loaded from dist/, with the keys the app uses when PHI_* is unset), so the app finds
 * the generated patients by exact number.
 *
 * Deterministic: a plan of the whole population (registration times, home clinics, visit counts and
 * times, dates of birth and ID sequence numbers) is computed in memory from seeded PRNGs, then the
 * rows are written chunk by chunk in time order. Each chunk (BENCH_PATIENT_CHUNK visits, the patients
 * registered in the same period and all their rows) is one transaction that also records the chunk
 * in bench_generator_chunks, so an interrupted run resumes at the first missing chunk and a re-run
 * does nothing. Foreign keys and unique keys stay on throughout; nothing is disabled.
 */
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import type { FieldCipher } from '../src/common/crypto/field-cipher';
import type { PatientModules } from './lib/dist';
import {
  ACUTE_DIAGNOSES,
  ALLERGIES,
  asciiFold,
  CHRONIC,
  femaleNamePicker,
  landline,
  LANGUAGES,
  lastNamePicker,
  maleNamePicker,
  mobilePhone,
  REFILL_COMPLAINTS,
  rngFor,
  SCHEMES,
  schemePicker,
  scrambleMemberNumber,
  STREETS,
  TOWNS,
  WeightedPicker,
} from './lib/people';
import { RowBuffer, runStatements, SqlValue, sqlDateTime } from './lib/sql-rows';
import type { BenchSettings } from './lib/settings';
import { round } from './lib/stats';

const STEP = 'patients';
/** Bump when the shape of the generated data changes: a database made by another version is refused. */
const GENERATOR_VERSION = 2;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Clinics see patients 07:00-16:00 SAST = 05:00-14:00 UTC. */
const OPEN_UTC = 5 * HOUR;
const OPEN_MS = 9 * HOUR;
/** Registrations and visits spread over the last three years. */
const SPAN_DAYS = 3 * 365;

// PRNG stream salts: one independent stream per kind of entity.
const SALT_PLAN = 0x5eed01;
const SALT_VISIT_TIMES = 0x5eed02;
const SALT_PERSON = 0x5eed03;
const SALT_HISTORY = 0x5eed04;
const SALT_VISIT = 0x5eed05;
const SALT_CLINIC = 0x5eed06;

export interface PatientsReport {
  target: { patients: number; visits: number; visitsPerChunk: number; vitalsShare: number; connections: number };
  skipped: boolean;
  /** The instant the plan is anchored at (the newest visit is just before it). */
  anchor: string | null;
  chunks: { total: number; doneBefore: number; written: number };
  /** Rows inserted by this run, per table. */
  inserted: Record<string, number>;
  /** Time the database took for each table's INSERTs in this run. */
  tableMs: Record<string, number>;
  /** Rows the generator has written over all runs, per table (from bench_generator_chunks). */
  totals: Record<string, number>;
  ms: number;
  /** plan: the in-memory plan; build: making rows and SQL text (crypto included); crypto: encrypt + blind index; database: executing. */
  splitMs: { plan: number; build: number; crypto: number; database: number; verify: number };
  rowsPerSecond: number | null;
  verified: { sampled: number; ok: boolean } | null;
}

interface Clinic {
  id: string;
  code: string;
  districtId: string;
  provinceId: string;
  provinceCode: string;
  kind: string;
}

interface Staff {
  /** clinic index -> role -> user ids */
  atClinic: Map<number, Map<string, string[]>>;
  byRole: Map<string, string[]>;
  all: string[];
  /** pickStaff's candidate lists, by clinic and roles */
  cache: Map<string, string[]>;
}

interface Plan {
  n: number;
  v: number;
  anchor: number;
  /** Working-time axis: x in [0, xEnd) maps onto opening hours of consecutive days from day0. */
  day0: number;
  xEnd: number;
  lastDay: number;
  endOfLastDay: number;
  regTime: Float64Array;
  homeClinic: Uint16Array;
  /** 0 never visits, 1 occasional, 2 chronic */
  visitorClass: Uint8Array;
  dobDay: Int32Array;
  /** 0 female, 1 male */
  sex: Uint8Array;
  idSeq: Uint16Array;
  firstVisit: Uint32Array;
  visitTime: Float64Array;
  visitClinic: Uint16Array;
  visitPatient: Uint32Array;
  order: Uint32Array;
  chunkCount: number;
  visitsPerChunk: number;
  /** patients of chunk c: [patientStart[c], patientStart[c + 1]) */
  patientStart: Uint32Array;
}

// ---------------------------------------------------------------------------------------------

export async function generatePatients(db: Connection, settings: BenchSettings, modules: PatientModules, cipher: FieldCipher, log: (m: string) => void): Promise<PatientsReport> {
  const started = performance.now();
  const split = { plan: 0, build: 0, crypto: 0, database: 0, verify: 0 };
  const target = { patients: settings.patients, visits: settings.visits, visitsPerChunk: settings.patientChunkVisits, vitalsShare: settings.vitalsShare, connections: settings.generatorConnections };
  const report: PatientsReport = {
    target,
    skipped: false,
    anchor: null,
    chunks: { total: 0, doneBefore: 0, written: 0 },
    inserted: {},
    tableMs: {},
    totals: {},
    ms: 0,
    splitMs: split,
    rowsPerSecond: null,
    verified: null,
  };

  await db.query(`CREATE TABLE IF NOT EXISTS bench_generator_runs (
      step VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
      params TEXT NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB`);
  await db.query(`CREATE TABLE IF NOT EXISTS bench_generator_chunks (
      step VARCHAR(32) CHARACTER SET ascii NOT NULL,
      chunk INT UNSIGNED NOT NULL,
      row_counts TEXT NOT NULL,
      ms INT UNSIGNED NOT NULL,
      done_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
      PRIMARY KEY (step, chunk)
    ) ENGINE=InnoDB`);

  // The plan's parameters are fixed at the first run; a resumed run must use the same.
  const wanted = { version: GENERATOR_VERSION, patients: settings.patients, visits: settings.visits, visitsPerChunk: settings.patientChunkVisits, vitalsShare: settings.vitalsShare };
  const [runRows] = await db.query<RowDataPacket[]>('SELECT params FROM bench_generator_runs WHERE step = ?', [STEP]);
  let anchor: number;
  if (runRows.length > 0) {
    const stored = JSON.parse(String(runRows[0].params)) as typeof wanted & { anchor: number };
    for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
      if (stored[key] !== wanted[key]) {
        throw new Error(
          `${settings.dbName} holds patients generated with ${JSON.stringify({ ...stored, anchor: undefined })}, not ${JSON.stringify(wanted)}: ` +
            'run with the same BENCH_PATIENTS, BENCH_VISITS, BENCH_PATIENT_CHUNK and BENCH_VITALS_SHARE, or with BENCH_RESET=1',
        );
      }
    }
    anchor = stored.anchor;
  } else {
    // BENCH_ANCHOR (an ISO instant) reproduces a dataset exactly; by default the plan ends now.
    const fixed = process.env.BENCH_ANCHOR ? Date.parse(process.env.BENCH_ANCHOR) : Number.NaN;
    if (process.env.BENCH_ANCHOR && !Number.isFinite(fixed)) throw new Error('BENCH_ANCHOR must be an ISO date-time');
    anchor = Math.floor((Number.isFinite(fixed) ? fixed : Date.now()) / MINUTE) * MINUTE;
    await db.query('INSERT INTO bench_generator_runs (step, params) VALUES (?, ?)', [STEP, JSON.stringify({ ...wanted, anchor })]);
  }
  report.anchor = new Date(anchor).toISOString();
  const chunkCount = Math.max(1, Math.ceil(settings.visits / settings.patientChunkVisits));
  report.chunks.total = chunkCount;

  const done = new Set<number>();
  const [doneRows] = await db.query<RowDataPacket[]>('SELECT chunk, row_counts FROM bench_generator_chunks WHERE step = ?', [STEP]);
  for (const r of doneRows) done.add(Number(r.chunk));
  report.chunks.doneBefore = done.size;
  if (done.size >= chunkCount) {
    report.skipped = true;
    report.totals = sumCounts(doneRows.map((r) => String(r.row_counts)));
    report.ms = round(performance.now() - started, 0);
    log(`patients: all ${chunkCount} chunks already there (${report.totals.patients ?? 0} patients, ${report.totals.visits ?? 0} visits), skipping`);
    return report;
  }

  // Reference data: clinics (by code), staff (by e-mail), ICD-10 descriptions.
  const clinics = (
    await db.query<RowDataPacket[]>(
      `SELECT c.id, c.code, c.district_id AS districtId, c.province_id AS provinceId, p.code AS provinceCode, c.kind
         FROM clinics c JOIN provinces p ON p.id = c.province_id ORDER BY c.code`,
    )
  )[0] as unknown as Clinic[];
  if (clinics.length === 0) throw new Error('No clinics: the users step creates them');
  const staff = await loadStaff(db, clinics);
  const codes = [...new Set([...CHRONIC.map((c) => c[0]), ...ACUTE_DIAGNOSES.map((d) => d[0])])];
  const [codeRows] = await db.query<RowDataPacket[]>('SELECT code, description FROM icd10_codes WHERE code IN (?) AND valid_primary = 1 AND valid_clinical_use = 1', [codes]);
  const icd10 = new Map(codeRows.map((r) => [String(r.code), String(r.description)]));
  const missing = codes.filter((c) => !icd10.has(c));
  if (missing.length > 0) throw new Error(`ICD-10 codes missing from icd10_codes (or not valid as primary): ${missing.join(', ')}`);

  let t = performance.now();
  const plan = makePlan(settings, clinics, anchor);
  split.plan = round(performance.now() - t, 0);
  log(
    `patients: plan of ${plan.n} patients and ${plan.v} visits in ${plan.chunkCount} chunks made in ${split.plan} ms ` +
      `(${done.size} chunks already written; anchor ${report.anchor})`,
  );

  const [scopeTable] = await db.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'patient_search_scopes'",
  );
  const searchScopes = Number(scopeTable[0].n) > 0;
  const context: BuildContext = { searchScopes, plan, clinics, staff, icd10, cipher, modules, vitalsShare: settings.vitalsShare, cryptoMs: 0 };
  let lastReport = performance.now();
  let rowsWritten = 0;
  const runStarted = performance.now();
  const pending = Array.from({ length: plan.chunkCount }, (_, c) => c).filter((c) => !done.has(c));

  /**
   * One chunk in one transaction. Visits of a chunk may belong to patients the chunk before is still
   * inserting on the other connection: their foreign-key checks wait for that commit (lock waits, in
   * order), so two connections keep two statements in flight without ever seeing a missing parent.
   */
  const writeChunk = async (conn: Connection, c: number): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const chunkStarted = performance.now();
      let t0 = performance.now();
      const tables = buildChunk(context, c);
      split.build += performance.now() - t0;
      const counts: Record<string, number> = {};
      const tableMs: Record<string, number> = {};
      t0 = performance.now();
      await conn.query('START TRANSACTION');
      try {
        for (const table of tables) {
          const statements = table.take();
          if (statements.length === 0) continue;
          const tableStarted = performance.now();
          const affected = await runStatements(conn, statements);
          tableMs[table.table] = performance.now() - tableStarted;
          if (affected !== table.count) throw new Error(`${table.table}: the server inserted ${affected} of ${table.count} rows`);
          counts[table.table] = table.count;
        }
        await conn.query('INSERT INTO bench_generator_chunks (step, chunk, row_counts, ms) VALUES (?, ?, ?, ?)', [
          STEP,
          c,
          JSON.stringify(counts),
          Math.round(performance.now() - chunkStarted),
        ]);
        await conn.query('COMMIT');
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        const code = (error as { errno?: number }).errno;
        // Deadlock or lock wait timeout between the two connections: the chunk is rebuilt identically and retried.
        if ((code === 1213 || code === 1205) && attempt < 4) {
          log(`patients: chunk ${c + 1} hit ${code === 1213 ? 'a deadlock' : 'a lock wait timeout'}; retrying (attempt ${attempt + 1})`);
          continue;
        }
        throw error;
      }
      split.database += performance.now() - t0;
      for (const [k, n] of Object.entries(counts)) {
        report.inserted[k] = (report.inserted[k] ?? 0) + n;
        report.tableMs[k] = round((report.tableMs[k] ?? 0) + tableMs[k], 0);
        rowsWritten += n;
      }
      report.chunks.written += 1;
      if (performance.now() - lastReport > 10_000 || report.chunks.written === pending.length) {
        lastReport = performance.now();
        const elapsed = (performance.now() - runStarted) / 1000;
        const left = pending.length - report.chunks.written;
        const mem = process.memoryUsage();
        log(
          `patients: ${done.size + report.chunks.written}/${plan.chunkCount} chunks: ${report.inserted.patients ?? 0} patients, ${report.inserted.visits ?? 0} visits, ` +
            `${rowsWritten} rows (${Math.round(rowsWritten / elapsed)} rows/s, ETA ${Math.round((elapsed / report.chunks.written) * left)} s; ` +
            `build ${round(split.build / 1000, 1)} s incl. crypto ${round(context.cryptoMs / 1000, 1)} s, database ${round(split.database / 1000, 1)} s over ${connections.length} connections; ` +
            `RSS ${Math.round(mem.rss / 1048576)} MiB, heap ${Math.round(mem.heapUsed / 1048576)} MiB)`,
        );
      }
      return;
    }
  };

  const connections: Connection[] = [db];
  try {
    for (let k = 1; k < settings.generatorConnections; k++) connections.push(await openLike(db));
    for (const conn of connections) await conn.query('SET SESSION innodb_lock_wait_timeout = 600');
    let next = 0;
    await Promise.all(
      connections.map(async (conn) => {
        while (next < pending.length) await writeChunk(conn, pending[next++]);
      }),
    );
  } finally {
    for (const conn of connections.slice(1)) await conn.end().catch(() => undefined);
    await db.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
  }
  split.crypto = round(context.cryptoMs, 0);
  split.build = round(split.build, 0);
  split.database = round(split.database, 0);

  // Spot check through the project's own code: stored ciphertexts open to the planned numbers, and
  // the blind index of the planned number finds the same patient.
  t = performance.now();
  report.verified = await verifySample(db, context, 200);
  split.verify = round(performance.now() - t, 0);
  if (!report.verified.ok) throw new Error('Generated identity numbers do not round-trip through FieldCipher / the blind index');

  const [allRows] = await db.query<RowDataPacket[]>('SELECT row_counts FROM bench_generator_chunks WHERE step = ?', [STEP]);
  report.totals = sumCounts(allRows.map((r) => String(r.row_counts)));
  report.ms = round(performance.now() - started, 0);
  const runMs = performance.now() - runStarted;
  report.rowsPerSecond = rowsWritten > 0 ? round(rowsWritten / (runMs / 1000), 0) : null;
  return report;
}

/** Another connection to the same server and database, with the same session settings. */
async function openLike(db: Connection): Promise<Connection> {
  const { host, port, user, password, database } = db.config;
  return createConnection({ host, port, user, password, database, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
}

function sumCounts(jsons: string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const j of jsons) for (const [k, n] of Object.entries(JSON.parse(j) as Record<string, number>)) totals[k] = (totals[k] ?? 0) + n;
  return totals;
}

async function loadStaff(db: Connection, clinics: Clinic[]): Promise<Staff> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT u.id, r.name AS role, u.clinic_id AS clinicId FROM users u JOIN roles r ON r.id = u.role_id WHERE u.is_active = 1 ORDER BY u.email`,
  );
  const clinicIndex = new Map(clinics.map((c, i) => [c.id, i]));
  const staff: Staff = { atClinic: new Map(), byRole: new Map(), all: [], cache: new Map() };
  for (const r of rows) {
    const id = String(r.id);
    const role = String(r.role);
    staff.all.push(id);
    if (!staff.byRole.has(role)) staff.byRole.set(role, []);
    staff.byRole.get(role)!.push(id);
    const ci = r.clinicId === null ? undefined : clinicIndex.get(String(r.clinicId));
    if (ci === undefined) continue;
    if (!staff.atClinic.has(ci)) staff.atClinic.set(ci, new Map());
    const m = staff.atClinic.get(ci)!;
    if (!m.has(role)) m.set(role, []);
    m.get(role)!.push(id);
  }
  if (staff.all.length === 0) throw new Error('No active users to register patients');
  return staff;
}

/** A staff member of one of the roles at the clinic; else anyone with the role; else anyone. */
function pickStaff(staff: Staff, clinic: number, roles: readonly string[], r: number): string {
  const key = `${clinic}:${roles.join()}`;
  let candidates = staff.cache.get(key);
  if (candidates === undefined) {
    const here = staff.atClinic.get(clinic);
    candidates = here ? roles.flatMap((role) => here.get(role) ?? []) : [];
    if (candidates.length === 0) candidates = roles.flatMap((role) => staff.byRole.get(role) ?? []);
    if (candidates.length === 0) candidates = staff.all;
    staff.cache.set(key, candidates);
  }
  return candidates[Math.floor(r * candidates.length)];
}

// ---------------------------------------------------------------------------------------------
// The plan

/** Age at registration, in years: clinic populations are young, with many small children and elderly. */
const AGE_BANDS = new WeightedPicker(
  [[0, 5], [5, 15], [15, 25], [25, 35], [35, 45], [45, 55], [55, 65], [65, 75], [75, 92]] as const,
  [11, 13, 15, 17, 14, 11, 9, 6, 4],
);

function makePlan(settings: BenchSettings, clinics: Clinic[], anchor: number): Plan {
  const n = settings.patients;
  const v = settings.visits;
  if (v > 0 && n === 0) throw new Error('BENCH_VISITS needs patients (BENCH_PATIENTS > 0)');

  // The working-time axis ends at the anchor (or at the close of the last opening day before it).
  let lastDay = Math.floor(anchor / DAY);
  let endOfLastDay = anchor - lastDay * DAY - OPEN_UTC;
  if (endOfLastDay <= 0) {
    lastDay -= 1;
    endOfLastDay = OPEN_MS;
  }
  endOfLastDay = Math.min(endOfLastDay, OPEN_MS);
  const day0 = lastDay - SPAN_DAYS;
  const xEnd = SPAN_DAYS * OPEN_MS + endOfLastDay;
  const at = (x: number) => (day0 + Math.floor(x / OPEN_MS)) * DAY + OPEN_UTC + (x % OPEN_MS);

  // Busy and quiet clinics: fixed clinics see more patients than mobile ones.
  const clinicPicker = new WeightedPicker(
    clinics.map((_, i) => i),
    clinics.map((c, i) => {
      const r = rngFor(SALT_CLINIC, i);
      return (c.kind === 'mobile' ? 1 : 3) * (0.3 + 2.7 * r() * r());
    }),
  );
  const byDistrict = new Map<string, number[]>();
  clinics.forEach((c, i) => {
    if (!byDistrict.has(c.districtId)) byDistrict.set(c.districtId, []);
    byDistrict.get(c.districtId)!.push(i);
  });

  const regTime = new Float64Array(n);
  const homeClinic = new Uint16Array(n);
  const visitorClass = new Uint8Array(n);
  const dobDay = new Int32Array(n);
  const sex = new Uint8Array(n);
  const idSeq = new Uint16Array(n);
  const weight = new Float64Array(n);
  const cap = new Uint32Array(n);
  const sequence = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = rngFor(SALT_PLAN, i);
    const x = (xEnd * (i + r())) / n;
    regTime[i] = at(x);
    homeClinic[i] = clinicPicker.pick(r());
    const u = r();
    visitorClass[i] = u < 0.25 ? 0 : u < 0.8 ? 1 : 2;
    const [lo, hi] = AGE_BANDS.pick(r());
    const regDay = Math.floor(regTime[i] / DAY);
    dobDay[i] = regDay - Math.floor((lo + (hi - lo) * r()) * 365.2425);
    sex[i] = r() < 0.55 ? 0 : 1;
    const key = dobDay[i] * 2 + sex[i];
    const s = sequence.get(key) ?? 0;
    if (s >= 5000) throw new Error('More than 5,000 patients share a birth date and sex: the SA ID sequence would overflow');
    sequence.set(key, s + 1);
    idSeq[i] = s;
    const spanYears = (anchor - regTime[i]) / (365 * DAY);
    const rate = visitorClass[i] === 0 ? 0 : visitorClass[i] === 1 ? Math.exp((r() - 0.5) * 1.6) : 10 + 4 * r();
    weight[i] = visitorClass[i] === 0 ? 0 : 1 + rate * spanYears;
    cap[i] = lastDay - regDay + 1; // one visit a day at most
  }

  // Exactly v visits, shared in proportion to the weights (floor of the running share).
  const visitCount = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i];
  let running = 0;
  let assigned = 0;
  let overflow = 0;
  for (let i = 0; i < n; i++) {
    running += weight[i];
    const upTo = i === n - 1 ? v : total > 0 ? Math.floor((v * running) / total) : 0;
    let k = Math.max(0, upTo - assigned);
    assigned += k;
    if (k > cap[i]) {
      overflow += k - cap[i];
      k = cap[i];
    }
    visitCount[i] = k;
  }
  // Whatever the one-a-day cap cut goes to the earliest patients, who have three years of days.
  for (let i = 0; overflow > 0 && i < n; i++) {
    const room = cap[i] - visitCount[i];
    const add = Math.min(room, overflow);
    visitCount[i] += add;
    overflow -= add;
  }
  if (overflow > 0) throw new Error(`Cannot place ${v} visits at one per patient per day`);

  const firstVisit = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstVisit[i + 1] = firstVisit[i] + visitCount[i];
  const visitTime = new Float64Array(v);
  const visitClinic = new Uint16Array(v);
  const visitPatient = new Uint32Array(v);
  for (let i = 0; i < n; i++) {
    const k = visitCount[i];
    if (k === 0) continue;
    const r = rngFor(SALT_VISIT_TIMES, i);
    const g0 = firstVisit[i];
    const regDay = Math.floor(regTime[i] / DAY);
    // The first visit is the one the patient was registered at, a few minutes later.
    const first = regTime[i] + Math.min((2 + 13 * r()) * MINUTE, Math.max(1000, (anchor - regTime[i]) / 2));
    visitTime[g0] = first;
    visitClinic[g0] = homeClinic[i];
    visitPatient[g0] = i;
    if (k > 1) {
      // k - 1 distinct later days, uniformly spread: sorted uniforms, then one day apart at least.
      const free = lastDay - regDay - (k - 1) + 1;
      const u = Array.from({ length: k - 1 }, () => r()).sort((a, b) => a - b);
      const district = byDistrict.get(clinics[homeClinic[i]].districtId)!;
      for (let j = 1; j < k; j++) {
        const day = regDay + 1 + Math.floor(u[j - 1] * free) + (j - 1);
        const tod = day === lastDay ? r() * endOfLastDay : r() * OPEN_MS;
        const g = g0 + j;
        visitTime[g] = day * DAY + OPEN_UTC + tod;
        const where = r();
        visitClinic[g] = where < 0.8 ? homeClinic[i] : where < 0.95 ? district[Math.floor(r() * district.length)] : clinicPicker.pick(r());
        visitPatient[g] = i;
      }
    }
  }

  const order = new Uint32Array(v);
  for (let g = 0; g < v; g++) order[g] = g;
  order.sort((a, b) => visitTime[a] - visitTime[b] || a - b);

  const chunkCount = Math.max(1, Math.ceil(v / settings.patientChunkVisits));
  const patientStart = new Uint32Array(chunkCount + 1);
  let p = 0;
  for (let c = 0; c < chunkCount; c++) {
    patientStart[c] = p;
    if (c === chunkCount - 1) break;
    const end = visitTime[order[Math.min((c + 1) * settings.patientChunkVisits, v) - 1]];
    // Registered before the chunk's last visit (a patient's first visit is after their registration).
    while (p < n && regTime[p] <= end) p++;
  }
  patientStart[chunkCount] = n;
  return { n, v, anchor, day0, xEnd, lastDay, endOfLastDay, visitsPerChunk: settings.patientChunkVisits, regTime, homeClinic, visitorClass, dobDay, sex, idSeq, firstVisit, visitTime, visitClinic, visitPatient, order, chunkCount, patientStart };
}

// ---------------------------------------------------------------------------------------------
// Rows

interface BuildContext {
  /** patient_search_scopes exists (the Patients context's scoped search index) and is filled too. */
  searchScopes: boolean;
  plan: Plan;
  clinics: Clinic[];
  staff: Staff;
  icd10: Map<string, string>;
  cipher: FieldCipher;
  modules: PatientModules;
  vitalsShare: number;
  cryptoMs: number;
}

const hex = (value: number, width: number) => Math.floor(value).toString(16).padStart(width, '0');

/**
 * A UUID whose first 48 bits are the creation time in milliseconds (the UUIDv7 layout, with the
 * version nibble 4 the app's own randomUUID() ids have): rows are inserted in about key order, so
 * the bulk load appends to the primary keys instead of splitting pages all over them.
 */
function timeId(ms: number, r: () => number): string {
  const time = hex(ms, 12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-4${hex(r() * 0x1000, 3)}-${(8 + Math.floor(r() * 4)).toString(16)}${hex(r() * 0x1000, 3)}-${hex(r() * 0x1000000, 6)}${hex(r() * 0x1000000, 6)}`;
}

const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)];

export interface PersonCore {
  hasAid: boolean;
  principal: boolean;
  firstName: string;
  lastName: string;
  scheme: number;
  plan: string;
}

/** The first draws of a person's stream: enough to name a principal member from a dependant's row. */
function personCore(plan: Plan, i: number, r: () => number): PersonCore {
  const hasAid = r() < 0.6;
  const principal = r() < 0.65;
  const lastName = lastNamePicker.pick(r());
  const firstName = (plan.sex[i] === 0 ? femaleNamePicker : maleNamePicker).pick(r());
  const scheme = schemePicker.index(r());
  const schemePlan = pick(SCHEMES[scheme].plans, r());
  return { hasAid, principal, firstName, lastName, scheme, plan: schemePlan };
}

/**
 * What the name search indexes of a patient: the name (a dependant has the principal member's family
 * name) and whether the record is active (its own stream, so a visit in a later chunk can recompute it).
 */
function searchFields(plan: Plan, i: number, r = rngFor(SALT_PERSON, i)): { core: PersonCore; principal: { index: number; core: PersonCore } | null; lastName: string; active: boolean } {
  const core = personCore(plan, i, r);
  const principal = core.hasAid && !core.principal ? principalOf(plan, i) : null;
  const active = rngFor(SALT_PERSON ^ 0x5ac7, i)() >= 0.007;
  return { core, principal, lastName: principal ? principal.core.lastName : core.lastName, active };
}

/** The nearest earlier principal member with medical aid (a dependant's family), or null. */
function principalOf(plan: Plan, i: number): { index: number; core: PersonCore } | null {
  for (let j = i - 1; j >= Math.max(0, i - 200); j--) {
    const core = personCore(plan, j, rngFor(SALT_PERSON, j));
    if (core.hasAid && core.principal) return { index: j, core };
  }
  return null;
}

export interface PlannedIdentity {
  type: 'sa_id' | 'passport' | 'none';
  number: string | null;
  country: string | null;
}

const PASSPORT_COUNTRIES = new WeightedPicker(['ZW', 'MZ', 'MW', 'LS', 'CD', 'NG'], [45, 25, 10, 10, 5, 5]);

/** The identity document: an SA ID built from the planned birth date, sex and sequence, or a passport. */
function identityOf(ctx: BuildContext, i: number, typeDraw: number, citizenDraw: number): PlannedIdentity {
  const { plan } = ctx;
  if (typeDraw < 0.93) {
    const dob = isoDate(plan.dobDay[i]);
    const sequence = (plan.sex[i] === 0 ? 0 : 5000) + plan.idSeq[i];
    // Citizenship 0 (citizen) or 1 (permanent resident); the next digit is 9 (the seeded demo patients use 8).
    const prefix = `${dob.slice(2, 4)}${dob.slice(5, 7)}${dob.slice(8, 10)}${String(sequence).padStart(4, '0')}${citizenDraw < 0.96 ? '0' : '1'}9`;
    return { type: 'sa_id', number: prefix + ctx.modules.saId.luhnCheckDigit(prefix), country: null };
  }
  if (typeDraw < 0.98) {
    const country = PASSPORT_COUNTRIES.pick((typeDraw - 0.93) / 0.05);
    // Unique per patient: a bijection of the index (demo passports have six digits, these seven).
    const digits = String((i * 7_919 + 1_234_567) % 10_000_000).padStart(7, '0');
    return { type: 'passport', number: `${country === 'ZW' ? 'FN' : country === 'MZ' ? 'AB' : 'P'}${digits}`, country };
  }
  return { type: 'none', number: null, country: null };
}

function buildChunk(ctx: BuildContext, c: number): RowBuffer[] {
  const { plan } = ctx;
  const patients = new RowBuffer('patients', [
    'id', 'first_name', 'middle_names', 'last_name', 'date_of_birth', 'sex', 'identity_type', 'identity_number_enc', 'identity_number_bidx',
    'passport_country', 'phone_mobile', 'phone_alternate', 'email', 'address_line1', 'address_line2', 'town', 'postal_code', 'province_id',
    'preferred_language', 'medical_aid_scheme', 'medical_aid_plan', 'member_number_enc', 'member_number_bidx', 'dependant_code',
    'principal_member_name', 'allergy_status', 'registered_clinic_id', 'registered_by', 'is_active', 'deactivated_at', 'deactivation_reason',
    'version', 'created_at', 'updated_at',
  ]);
  const facilities = new RowBuffer('patient_facilities', ['patient_id', 'clinic_id', 'province_id', 'district_id', 'first_seen_at']);
  const allergies = new RowBuffer('patient_allergies', [
    'id', 'patient_id', 'substance', 'category', 'drug_class', 'reaction', 'severity', 'status', 'onset_date', 'recorded_by', 'recorded_at', 'updated_at',
  ]);
  const conditions = new RowBuffer('patient_conditions', [
    'id', 'patient_id', 'icd10_code', 'description', 'kind', 'status', 'onset_date', 'resolved_date', 'recorded_by', 'recorded_at', 'updated_at',
  ]);
  const medications = new RowBuffer('patient_medications', [
    'id', 'patient_id', 'name', 'strength', 'dose', 'frequency', 'route', 'start_date', 'end_date', 'status', 'prescriber', 'recorded_by', 'recorded_at', 'updated_at',
  ]);
  const visits = new RowBuffer('visits', [
    'id', 'patient_id', 'clinic_id', 'district_id', 'province_id', 'open_clinic_id', 'stage', 'status', 'chief_complaint', 'triage_priority',
    'triage_rank', 'arrived_at', 'stage_entered_at', 'counseling_decision', 'counseling_decision_reason', 'counseling_decided_by',
    'counseling_decided_at', 'outcome', 'disposition', 'follow_up_date', 'closed_at', 'cancellation_reason', 'cancelled_by', 'cancelled_at',
    'version', 'created_by', 'created_at', 'updated_at',
  ]);
  const stages = new RowBuffer('visit_stage_records', ['id', 'visit_id', 'stage', 'entered_at', 'completed_at', 'completed_by', 'wait_seconds', 'skipped', 'skip_reason', 'created_at']);
  const diagnoses = new RowBuffer('visit_diagnoses', ['id', 'visit_id', 'patient_id', 'icd10_code', 'description', 'is_primary', 'recorded_by', 'created_at']);
  const vitals = new RowBuffer('vital_signs', [
    'id', 'patient_id', 'visit_id', 'systolic_mmhg', 'diastolic_mmhg', 'pulse_bpm', 'temperature_c', 'respiratory_rate', 'oxygen_saturation',
    'glucose_mmol_l', 'weight_kg', 'height_cm', 'bmi', 'recorded_by', 'recorded_at', 'updated_at',
  ]);

  // The Patients context's search index of the data scopes (one row per clinic, district and province
  // a patient is in scope of), written in the same transaction as patient_facilities, as the app does.
  const scopes = ctx.searchScopes
    ? new RowBuffer('patient_search_scopes', ['scope_id', 'patient_id', 'last_name', 'first_name', 'date_of_birth', 'is_active'])
    : null;
  for (let i = plan.patientStart[c]; i < plan.patientStart[c + 1]; i++) buildPatient(ctx, i, patients, facilities, allergies, conditions, medications, scopes);
  const end = Math.min(plan.v, (c + 1) * plan.visitsPerChunk);
  for (let k = c * plan.visitsPerChunk; k < end; k++) buildVisit(ctx, plan.order[k], visits, stages, diagnoses, vitals, facilities, scopes);
  // Parents before children (foreign keys).
  return [patients, facilities, ...(scopes ? [scopes] : []), allergies, conditions, medications, visits, stages, diagnoses, vitals];
}

function buildPatient(
  ctx: BuildContext,
  i: number,
  patients: RowBuffer,
  facilities: RowBuffer,
  allergies: RowBuffer,
  conditions: RowBuffer,
  medications: RowBuffer,
  scopes: RowBuffer | null,
): void {
  const { plan, clinics, staff, cipher, modules } = ctx;
  const r = rngFor(SALT_PERSON, i);
  const { core, principal, lastName, active } = searchFields(plan, i, r);
  const clinic = clinics[plan.homeClinic[i]];
  const reg = plan.regTime[i];
  const ageYears = (Math.floor(reg / DAY) - plan.dobDay[i]) / 365.2425;
  const female = plan.sex[i] === 0;

  // Dependants share their principal member's family name, scheme, plan and member number.
  let aid: { scheme: string; plan: string; number: string; dependant: string; principalName: string } | null = null;
  const dependantDraw = r();
  if (core.hasAid) {
    if (principal) {
      aid = {
        scheme: SCHEMES[principal.core.scheme].name,
        plan: principal.core.plan,
        number: SCHEMES[principal.core.scheme].number(scrambleMemberNumber(principal.index)),
        dependant: String(1 + Math.floor(dependantDraw * 4)).padStart(2, '0'),
        principalName: `${principal.core.firstName} ${principal.core.lastName}`,
      };
    } else {
      aid = {
        scheme: SCHEMES[core.scheme].name,
        plan: core.plan,
        number: SCHEMES[core.scheme].number(scrambleMemberNumber(i)),
        dependant: '00',
        principalName: `${core.firstName} ${lastName}`,
      };
    }
  }
  const middle = r() < 0.35 ? (female ? femaleNamePicker : maleNamePicker).pick(r()) : null;
  const identity = identityOf(ctx, i, r(), r());
  const phone = ageYears >= 12 || r() < 0.3 ? (r() < 0.9 ? mobilePhone(r) : null) : null;
  const alternate = r() < 0.12 ? landline(r) : null;
  const email = ageYears >= 16 && r() < 0.2 ? `${asciiFold(core.firstName)}.${asciiFold(lastName)}${Math.floor(r() * 100)}@${pick(['gmail.com', 'yahoo.com', 'outlook.com', 'webmail.co.za', 'icloud.com'], r())}` : null;
  const towns = TOWNS[clinic.provinceCode] ?? ['Pretoria'];
  const hasAddress = r() < 0.9;
  const language = r() < 0.95 ? languagePicker(clinic.provinceCode).pick(r()) : null;

  // History: allergy status and allergies, chronic conditions with their medicines.
  const h = rngFor(SALT_HISTORY, i);
  const allergyDraw = h();
  const allergyStatus = allergyDraw < 0.1 ? 'has_allergies' : allergyDraw < 0.5 ? 'no_known_allergies' : 'unknown';
  const nurse = () => pickStaff(staff, plan.homeClinic[i], ['nurse'], h());
  const doctor = () => pickStaff(staff, plan.homeClinic[i], ['doctor'], h());

  const t = performance.now();
  const idEnc = identity.number === null ? null : cipher.encrypt(identity.number, modules.rules.IDENTITY_NUMBER_PURPOSE);
  const idBidx =
    identity.number === null || identity.type === 'none' ? null : cipher.blindIndex(modules.rules.identityIndexInput(identity.type, identity.number, identity.country));
  const memberEnc = aid ? cipher.encrypt(aid.number, modules.rules.MEMBER_NUMBER_PURPOSE) : null;
  const memberBidx = aid ? cipher.blindIndex(modules.rules.memberIndexInput(aid.number)) : null;
  ctx.cryptoMs += performance.now() - t;

  const id = patientId(plan, i);
  const deactivatedAt = active ? null : Math.min(plan.anchor - MINUTE, reg + (plan.anchor - reg) * h());
  patients.add([
    id, core.firstName, middle, lastName, isoDate(plan.dobDay[i]), female ? 'female' : 'male', identity.type, idEnc, idBidx,
    identity.country, phone, alternate, email,
    hasAddress ? `${1 + Math.floor(r() * 400)} ${pick(STREETS, r())} Street` : null, null, hasAddress ? pick(towns, r()) : null,
    hasAddress ? String(1000 + Math.floor(r() * 8999)) : null, clinic.provinceId, language,
    aid?.scheme ?? null, aid?.plan ?? null, memberEnc, memberBidx, aid?.dependant ?? null, aid?.principalName ?? null, allergyStatus,
    clinic.id, pickStaff(staff, plan.homeClinic[i], ['clerk', 'nurse'], r()), active ? 1 : 0,
    deactivatedAt === null ? null : sqlDateTime(deactivatedAt), active ? null : pick(['Duplicate record', 'Patient deceased', 'Moved out of the area'], r()),
    active ? 1 : 2, sqlDateTime(reg), sqlDateTime(deactivatedAt ?? reg),
  ]);
  facilities.add([id, clinic.id, clinic.provinceId, clinic.districtId, sqlDateTime(reg)]);
  if (scopes) for (const scope of [clinic.id, clinic.districtId, clinic.provinceId]) scopes.add([scope, id, lastName, core.firstName, isoDate(plan.dobDay[i]), active ? 1 : 0]);

  const recorded = reg + (5 + 20 * h()) * MINUTE;
  const onsetDay = (yearsBack: number) => Math.max(plan.dobDay[i], Math.floor(reg / DAY) - Math.floor(yearsBack * 365 * h()));
  if (allergyStatus === 'has_allergies') {
    const count = 1 + Math.floor(h() * h() * 3);
    const seen = new Set<string>();
    for (let a = 0; a < count; a++) {
      const [substance, category, drugClass, reaction] = ALLERGY_PICKER.pick(h());
      if (seen.has(substance)) continue;
      seen.add(substance);
      const s = h();
      const status = s < 0.9 ? 'active' : s < 0.95 ? 'resolved' : 'inactive';
      allergies.add([
        timeId(recorded, h), id, substance, category, drugClass, reaction, SEVERITIES.pick(h()), status,
        h() < 0.4 ? isoDate(onsetDay(10)) : null, nurse(), sqlDateTime(recorded), sqlDateTime(recorded),
      ]);
    }
  }

  const chronic = plan.visitorClass[i] === 2 || (ageYears >= 30 && h() < 0.06);
  if (chronic) {
    const count = 1 + Math.floor(h() * h() * 3);
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const [code, , medicines] = CHRONIC_PICKER.pick(h());
      if (seen.has(code)) continue;
      seen.add(code);
      conditions.add([
        timeId(recorded, h), id, code, ctx.icd10.get(code)!, 'chronic', 'active', isoDate(onsetDay(8)), null, doctor(), sqlDateTime(recorded), sqlDateTime(recorded),
      ]);
      const prescriber = `Dr ${lastNamePicker.pick(h())}`;
      for (const [name, strength, dose, frequency] of medicines) {
        if (h() < 0.35 && medicines.length > 1) continue;
        const stopped = h() < 0.15;
        medications.add([
          timeId(recorded, h), id, name, strength, dose, frequency, name.includes('inhaler') ? 'inhaled' : 'oral', isoDate(Math.floor(reg / DAY)),
          stopped ? isoDate(Math.floor(reg / DAY) + 30 + Math.floor(h() * 300)) : null, stopped ? 'past' : 'current', prescriber, doctor(),
          sqlDateTime(recorded), sqlDateTime(recorded),
        ]);
      }
    }
  }
  if (h() < 0.05) {
    const [code] = ACUTE_PICKER.pick(h());
    const onset = onsetDay(5);
    conditions.add([
      timeId(recorded, h), id, code, ctx.icd10.get(code)!, 'past', 'resolved', isoDate(onset), isoDate(Math.min(onset + 14, Math.floor(reg / DAY))), doctor(),
      sqlDateTime(recorded), sqlDateTime(recorded),
    ]);
  }
}

const languagePickers = new Map<string, WeightedPicker<string>>();
function languagePicker(provinceCode: string): WeightedPicker<string> {
  let picker = languagePickers.get(provinceCode);
  if (!picker) {
    const languages = LANGUAGES[provinceCode] ?? [['english', 1]];
    picker = new WeightedPicker(
      languages.map((l) => l[0]),
      languages.map((l) => l[1]),
    );
    languagePickers.set(provinceCode, picker);
  }
  return picker;
}

const ALLERGY_PICKER = new WeightedPicker(ALLERGIES, ALLERGIES.map((a) => a[4]));
const CHRONIC_PICKER = new WeightedPicker(CHRONIC, CHRONIC.map((c) => c[1]));
const ACUTE_PICKER = new WeightedPicker(ACUTE_DIAGNOSES, ACUTE_DIAGNOSES.map((d) => d[1]));
const SEVERITIES = new WeightedPicker(['mild', 'moderate', 'severe', 'life_threatening'], [35, 40, 20, 5]);
const TRIAGE = new WeightedPicker(['red', 'orange', 'yellow', 'green'] as const, [2, 10, 28, 60]);
const CLOSURES = new WeightedPicker(
  [
    ['improved', 'discharged_home'],
    ['resolved', 'discharged_home'],
    ['unchanged', 'follow_up_scheduled'],
    ['improved', 'follow_up_scheduled'],
    ['unchanged', 'referred'],
    ['deteriorated', 'referred'],
    ['deteriorated', 'transferred'],
    ['unchanged', 'left_against_advice'],
  ] as const,
  [52, 14, 10, 12, 6, 2, 1, 1],
);

/** The patient's id: its registration time first (see timeId), the rest from its own stream. */
export function patientId(plan: Plan, i: number): string {
  return timeId(plan.regTime[i], rngFor(SALT_PERSON ^ 0xabc, i));
}

function visitId(plan: Plan, g: number): string {
  return timeId(plan.visitTime[g], rngFor(SALT_VISIT ^ 0xabc, g));
}

function buildVisit(
  ctx: BuildContext,
  g: number,
  visits: RowBuffer,
  stages: RowBuffer,
  diagnoses: RowBuffer,
  vitals: RowBuffer,
  facilities: RowBuffer,
  scopes: RowBuffer | null,
): void {
  const { plan, clinics, staff } = ctx;
  const i = plan.visitPatient[g];
  const last = g === plan.firstVisit[i + 1] - 1;
  const clinicIndex = plan.visitClinic[g];
  const clinic = clinics[clinicIndex];
  const arrived = plan.visitTime[g];
  const r = rngFor(SALT_VISIT, g);
  const id = visitId(plan, g);
  const patient = patientId(plan, i);
  const ageYears = (Math.floor(arrived / DAY) - plan.dobDay[i]) / 365.2425;

  // First visit at a clinic other than the home clinic: the patient is now in that clinic's scope
  // (and in its district's and province's, unless an earlier clinic already put them there).
  if (clinicIndex !== plan.homeClinic[i]) {
    let seen = false;
    const earlier = [clinics[plan.homeClinic[i]]];
    for (let e = plan.firstVisit[i]; e < g && !seen; e++) {
      seen = plan.visitClinic[e] === clinicIndex;
      earlier.push(clinics[plan.visitClinic[e]]);
    }
    if (!seen) {
      facilities.add([patient, clinic.id, clinic.provinceId, clinic.districtId, sqlDateTime(arrived)]);
      if (scopes) {
        const { core, lastName, active } = searchFields(plan, i);
        const row = (scope: string) => scopes.add([scope, patient, lastName, core.firstName, isoDate(plan.dobDay[i]), active ? 1 : 0]);
        row(clinic.id);
        if (!earlier.some((e) => e.districtId === clinic.districtId)) row(clinic.districtId);
        if (!earlier.some((e) => e.provinceId === clinic.provinceId)) row(clinic.provinceId);
      }
    }
  }

  const clerk = pickStaff(staff, clinicIndex, ['clerk'], r());
  const nurse = pickStaff(staff, clinicIndex, ['nurse'], r());
  const doctor = pickStaff(staff, clinicIndex, ['doctor'], r());
  const socialWorker = pickStaff(staff, clinicIndex, ['social_worker'], r());

  // The stage clock: registration on arrival, then a wait and the work for each stage.
  const assessed = arrived + (5 + 100 * r() * r()) * MINUTE;
  const consulted = assessed + (10 + 150 * r() * r()) * MINUTE;
  const counselingRequired = r() < (plan.visitorClass[i] === 2 ? 0.45 : 0.25);
  const counseled = counselingRequired ? consulted + (10 + 50 * r()) * MINUTE : consulted;
  const closed = counseled + (2 + 25 * r()) * MINUTE;
  const triage = TRIAGE.pick(r());
  const chronicVisit = plan.visitorClass[i] === 2 && r() < 0.7;
  const [acuteCode, , complaint] = ACUTE_PICKER.pick(r());
  const chronicCode = CHRONIC_PICKER.pick(r())[0];

  // Status: a patient's newest visit that would close after the anchor is still in progress (only
  // newest visits can be: a patient's visits are days apart); 2 % of the others were cancelled.
  const inProgress = last && closed > plan.anchor;
  const cancelDraw = r();
  const cancelled = !inProgress && cancelDraw < 0.02;
  // How many stages after registration completed: 4 for a completed visit.
  let completedStages: number;
  if (inProgress) {
    const now = plan.anchor;
    completedStages = now < assessed ? 0 : now < consulted ? 1 : counselingRequired && now < counseled ? 2 : 3;
  } else if (cancelled) {
    completedStages = Math.floor((cancelDraw / 0.02) * 3); // 0..2: cancelled while waiting for assessment, consultation or counseling/closure
  } else {
    completedStages = 4;
  }
  const times = [arrived, assessed, consulted, counseled, closed];
  const waitingStage = (['assessment', 'consultation', 'counseling', 'closure', 'closure'] as const)[completedStages];
  const stageNow = completedStages === 2 && !counselingRequired ? 'closure' : waitingStage;

  stages.add([timeId(arrived, r), id, 'registration', sqlDateTime(arrived), sqlDateTime(arrived), clerk, 0, 0, null, sqlDateTime(arrived)]);
  if (completedStages >= 1) {
    stages.add([timeId(assessed, r), id, 'assessment', sqlDateTime(arrived), sqlDateTime(assessed), nurse, Math.round((assessed - arrived) / 1000), 0, null, sqlDateTime(assessed)]);
    if (vitalsFor(plan, i, ctx.vitalsShare)) vitals.add(vitalSigns(id, patient, ageYears, plan.sex[i] === 0, assessed, nurse, r));
  }
  if (completedStages >= 2) {
    stages.add([timeId(consulted, r), id, 'consultation', sqlDateTime(assessed), sqlDateTime(consulted), doctor, Math.round((consulted - assessed) / 1000), 0, null, sqlDateTime(consulted)]);
    const primary = chronicVisit ? chronicCode : acuteCode;
    diagnoses.add([timeId(consulted, r), id, patient, primary, ctx.icd10.get(primary)!, 1, doctor, sqlDateTime(consulted)]);
    if (r() < 0.2) {
      const secondary = chronicVisit ? acuteCode : chronicCode;
      if (secondary !== primary) diagnoses.add([timeId(consulted, r), id, patient, secondary, ctx.icd10.get(secondary)!, 0, doctor, sqlDateTime(consulted)]);
    }
    if (!counselingRequired) {
      stages.add([timeId(consulted, r), id, 'counseling', sqlDateTime(consulted), sqlDateTime(consulted), doctor, 0, 1, 'No psychosocial needs identified', sqlDateTime(consulted)]);
    }
  }
  if (completedStages >= 3 && counselingRequired) {
    stages.add([timeId(counseled, r), id, 'counseling', sqlDateTime(consulted), sqlDateTime(counseled), socialWorker, Math.round((counseled - consulted) / 1000), 0, null, sqlDateTime(counseled)]);
  }
  const closer = pick([clerk, nurse, doctor], r());
  if (completedStages >= 4) {
    stages.add([timeId(closed, r), id, 'closure', sqlDateTime(counseled), sqlDateTime(closed), closer, Math.round((closed - counseled) / 1000), 0, null, sqlDateTime(closed)]);
  }

  const decided = completedStages >= 2;
  const [outcome, disposition] = CLOSURES.pick(r());
  const stageEntered = times[Math.min(completedStages, 3)] as number;
  const cancelledAt = cancelled ? Math.min(plan.anchor - MINUTE, stageEntered + (5 + 60 * r()) * MINUTE) : null;
  const updated = completedStages >= 4 ? closed : (cancelledAt ?? stageEntered);
  const versionBumps = Math.min(completedStages, 4) + (cancelled ? 1 : 0);
  visits.add([
    id, patient, clinic.id, clinic.districtId, clinic.provinceId, inProgress ? clinic.id : null,
    completedStages >= 4 ? 'closure' : stageNow, completedStages >= 4 ? 'completed' : cancelled ? 'cancelled' : 'in_progress',
    chronicVisit ? pick(REFILL_COMPLAINTS, r()) : complaint,
    completedStages >= 1 ? triage : null, completedStages >= 1 ? TRIAGE.items.indexOf(triage) + 1 : null,
    sqlDateTime(arrived), sqlDateTime(completedStages >= 4 ? counseled : stageEntered),
    decided ? (counselingRequired ? 'required' : 'skipped') : null, decided && !counselingRequired ? 'No psychosocial needs identified' : null,
    decided ? doctor : null, decided ? sqlDateTime(consulted) : null,
    completedStages >= 4 ? outcome : null, completedStages >= 4 ? disposition : null,
    completedStages >= 4 && disposition === 'follow_up_scheduled' ? isoDate(Math.floor(closed / DAY) + 14 + Math.floor(r() * 76)) : null,
    completedStages >= 4 ? sqlDateTime(closed) : null,
    cancelled ? pick(['Patient left before being seen', 'Patient asked to come back another day', 'Registered in error'], r()) : null,
    cancelled ? pick([clerk, nurse], r()) : null, cancelledAt === null ? null : sqlDateTime(cancelledAt),
    1 + versionBumps, clerk, sqlDateTime(arrived), sqlDateTime(updated),
  ]);
}

/** Whether this patient's assessments record vital signs (a stable share of patients). */
function vitalsFor(plan: Plan, i: number, share: number): boolean {
  if (share >= 1) return true;
  if (share <= 0) return false;
  return rngFor(SALT_HISTORY ^ 0x77, i)() < share;
}

function vitalSigns(visit: string, patient: string, age: number, female: boolean, at: number, nurse: string, r: () => number): SqlValue[] {
  const adult = age >= 15;
  const height = adult ? (female ? 150 : 160) + 20 * r() : Math.max(50, 75 + age * 6 + 8 * (r() - 0.5));
  const bmiTarget = adult ? 19 + 14 * r() * r() + 4 * r() : 14 + 6 * r();
  const weight = Math.round(bmiTarget * (height / 100) ** 2 * 100) / 100;
  const bmi = Math.round((weight / (height / 100) ** 2) * 10) / 10;
  const systolic = adult ? Math.round(105 + 50 * r() * r() + age * 0.3) : null;
  const recorded = sqlDateTime(at - (1 + 3 * r()) * MINUTE);
  return [
    timeId(at, r), patient, visit, systolic, systolic === null ? null : Math.round(systolic * (0.6 + 0.08 * r())), Math.round(60 + 40 * r()),
    Math.round((36.1 + 1.6 * r() * r()) * 10) / 10, Math.round(12 + 10 * r()), Math.round(94 + 6 * r()),
    r() < 0.25 ? Math.round((4 + 6 * r() * r()) * 10) / 10 : null, weight, Math.round(height * 10) / 10, bmi, nurse, recorded, recorded,
  ];
}

// ---------------------------------------------------------------------------------------------
// Verification and the scenarios' sample

/** The planned identity number of patient i (null without one); for the bench scenarios and the spot check. */
export function plannedIdentity(ctx: { plan: Plan; modules: PatientModules }, i: number): PlannedIdentity {
  const r = rngFor(SALT_PERSON, i);
  personCore(ctx.plan, i, r);
  r(); // the dependant code draw
  if (r() < 0.35) r(); // middle name
  return identityOf(ctx as BuildContext, i, r(), r());
}

async function verifySample(db: Connection, ctx: BuildContext, size: number): Promise<{ sampled: number; ok: boolean }> {
  const { plan, cipher, modules } = ctx;
  if (plan.n === 0) return { sampled: 0, ok: true };
  let sampled = 0;
  for (let k = 0; k < size; k++) {
    const i = Math.floor((k * plan.n) / size);
    const expected = plannedIdentity(ctx, i);
    const id = patientId(plan, i);
    const [rows] = await db.query<RowDataPacket[]>('SELECT identity_type, identity_number_enc, DATE_FORMAT(date_of_birth, "%Y-%m-%d") AS dob FROM patients WHERE id = ?', [id]);
    if (rows.length === 0) continue; // not written yet (an interrupted run)
    sampled += 1;
    const row = rows[0];
    if (row.identity_type !== expected.type) return { sampled, ok: false };
    if (expected.number === null) continue;
    if (cipher.decrypt(row.identity_number_enc as Buffer, modules.rules.IDENTITY_NUMBER_PURPOSE) !== expected.number) return { sampled, ok: false };
    const bidx = cipher.blindIndex(modules.rules.identityIndexInput(expected.type as 'sa_id' | 'passport', expected.number, expected.country));
    const [found] = await db.query<RowDataPacket[]>('SELECT id FROM patients WHERE identity_number_bidx = ?', [bidx]);
    if (found.length !== 1 || found[0].id !== id) return { sampled, ok: false };
    if (expected.type === 'sa_id' && modules.saId.checkSaId(expected.number, String(row.dob)).problems.length > 0) return { sampled, ok: false };
  }
  return { sampled, ok: true };
}
