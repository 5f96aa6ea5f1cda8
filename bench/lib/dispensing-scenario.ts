/**
 * The dispensing scenario: POST /api/v1/prescriptions/{id}/dispensings at one stock location, with
 * BENCH_DISPENSING_CONNECTIONS clients all dispensing the SAME drug, beside as many clients each
 * dispensing a drug of its OWN, measured in alternating slices. A dispensing locks the drug's usable
 * on-hand rows at the location (SELECT ... FOR UPDATE) until it commits, so on one drug the clients
 * queue behind each other; on different drugs they do not share a row. The ratio same/different is
 * what that lock contention costs.
 *
 * A prescription is dispensed once, so every request takes a prescription of its own. They are
 * written by SQL before measuring, with what dispensing reads and nothing more (no current-medication
 * rows, no patient facility, which prescribing through the API would also write): one item of
 * DISPENSE_QUANTITY units of a schedule S0-S4 drug (S5 and S6 need pharmacy:dispense-controlled and
 * the register), for a patient of its own with no active drug allergy and no active therapy, so the
 * safety checks that dispensing runs again find nothing. Stock short of what all of them need is
 * received through the API first (POST /inventory/stock: ledger and on-hand together).
 */
import { randomUUID } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { loadClinicToday } from './dist';
import { httpRequest } from './http';
import { type LoadResult, type LoadTarget, warmUp } from './load';
import type { RunningAppLike } from './patient-scenarios';
import { peakRssMiB, stop } from './processes';
import type { BenchSettings } from './settings';
import { RowBuffer, runStatements } from './sql-rows';
import { ratio } from './stats';

const API = '/api/v1';
const dispensePath = (prescriptionId: string) => `${API}/prescriptions/${prescriptionId}/dispensings`;
/** Units per prescription: two, so that now and then a pick spans two batches. */
const DISPENSE_QUANTITY = 2;
/** What pharmacy:dispense alone may hand out. */
const UNCONTROLLED = ['S0', 'S1', 'S2', 'S3', 'S4'];
/** Starts the notes of the scenario's prescriptions: a later run removes the ones left undispensed. */
const NOTE_PREFIX = 'bench dispensing scenario';

export interface DispensingDeps {
  settings: BenchSettings;
  db: Connection;
  warnings: string[];
  startApp: (port: number, name: string) => Promise<RunningAppLike>;
  /** A token of a national user with pharmacy:dispense, inventory:adjust and inventory:read. */
  login: (app: RunningAppLike) => Promise<string>;
  /** Measures the targets with BENCH_DISPENSING_CONNECTIONS connections. */
  measure: (targets: LoadTarget[]) => Promise<LoadResult[]>;
}

export interface DispensingSideResult {
  drugs: string[];
  prescriptions: number;
  /** Prescriptions requests were sent for (probe and warm-up included). */
  handedOut: number;
  /** Of this run's prescriptions, those dispensed in full afterwards. */
  dispensed: number;
  /** Units on this run's dispensing lines, and how far on-hand of the side's drugs fell. */
  unitsDispensed: number;
  onHandDecrease: number;
  load: LoadResult;
}

export interface DispensingScenarioResult {
  location: { code: string; clinicCode: string };
  quantityPerPrescription: number;
  /** Stock received through the API before measuring, so that no request runs short. */
  received: { drug: string; units: number }[];
  same: DispensingSideResult;
  different: DispensingSideResult;
  /** Same drug ÷ different drugs. */
  ratio: { rps: number | null; p50: number | null; p99: number | null };
  checks: { name: string; ok: boolean; detail: string }[];
  appPeakRssMiB: number | null;
}

interface Location {
  id: string;
  code: string;
  clinicId: string;
  clinicCode: string;
}

interface Drug {
  id: string;
  code: string;
  generic_name: string;
  strength: string;
  route: string;
  inventory_item_id: string;
  /** The cost of its latest batch, for the top-up receipt. */
  unit_cost: string;
}

/** One drug's prescriptions, each handed out once; past the last it repeats the last (a 409) and counts the overrun. */
interface PrescriptionQueue {
  size: number;
  path: () => string;
  handedOut: () => number;
  overrun: () => number;
}

interface Side {
  name: 'same drug' | 'different drugs';
  note: string;
  drugs: Drug[];
  queues: PrescriptionQueue[];
  prescriptions: number;
}

async function rows<T>(db: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [r] = await db.query<RowDataPacket[]>(sql, params);
  return r as unknown as T[];
}

export async function dispensingScenario(deps: DispensingDeps): Promise<DispensingScenarioResult> {
  const today = loadClinicToday()();
  const { location, sides } = await prepare(deps, today);
  const app = await deps.startApp(deps.settings.basePort + 2, 'app-dispensing');
  try {
    const token = await deps.login(app);
    const received = await stockUp(app, token, deps.db, location.id, sides, today);
    for (const r of received) console.log(`  received ${r.units} units of ${r.drug} (POST /inventory/stock)`);
    const before = await Promise.all(sides.map((side) => onHand(deps.db, location.id, side.drugs, today)));
    const loads = await measureSides(deps, app, token, location.id, sides);
    const [same, different] = await Promise.all(sides.map((side, i) => sideResult(deps.db, side, location.id, before[i], loads[i])));
    const checks = [...sideChecks(sides[0], same), ...sideChecks(sides[1], different), await ledgerCheck(app, token, location.id)];
    for (const c of checks) {
      console.log(`  check ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
      if (!c.ok) deps.warnings.push(`Dispensing check failed: ${c.name}: ${c.detail}`);
    }
    return {
      location: { code: location.code, clinicCode: location.clinicCode },
      quantityPerPrescription: DISPENSE_QUANTITY,
      received,
      same,
      different,
      ratio: {
        rps: ratio(same.load.rps, different.load.rps),
        p50: ratio(same.load.latencyMs.p50, different.load.latencyMs.p50),
        p99: ratio(same.load.latencyMs.p99, different.load.latencyMs.p99),
      },
      checks,
      appPeakRssMiB: peakRssMiB(app.tracked.child.pid),
    };
  } finally {
    await stop(app.tracked);
  }
}

/**
 * The location, its drugs (the most stocked one for the same-drug side, the next ones for the
 * other), and both sides' prescriptions, each for a patient of its own.
 */
async function prepare(deps: DispensingDeps, today: string): Promise<{ location: Location; sides: [Side, Side] }> {
  const { settings, db } = deps;
  const clients = settings.dispensingConnections;
  const location = await pickLocation(db, today, clients + 1);
  const [sameDrug, ...otherDrugs] = await stockedDrugs(db, location.id, today, clients + 1);
  const removed = await removeUnusedPrescriptions(db);
  const patients = await freePatients(db, today, 2 * settings.dispensingPrescriptions);
  const perSide = Math.floor(patients.length / 2);
  if (perSide < clients) throw new Error(`Dispensing: ${patients.length} patients without drug allergies or active therapy, fewer than one prescription per client on each side`);
  if (perSide < settings.dispensingPrescriptions) {
    deps.warnings.push(`Dispensing: only ${patients.length} patients without drug allergies or active therapy, so ${perSide} prescriptions per side`);
  }
  const runNote = `${NOTE_PREFIX} ${new Date().toISOString()}`;
  const context = { clinicId: location.clinicId, prescribedBy: await prescriber(db, location.clinicId), today };
  const t = performance.now();
  const same = await makeSide(db, 'same drug', `${runNote} same`, [sameDrug], patients.slice(0, perSide), context);
  const different = await makeSide(db, 'different drugs', `${runNote} different`, otherDrugs, patients.slice(perSide, 2 * perSide), context);
  console.log(
    `  location ${location.code} at ${location.clinicCode}; same drug ${sameDrug.code}; different drugs ${otherDrugs.map((d) => d.code).join(', ')}; ` +
      `${perSide} prescriptions of ${DISPENSE_QUANTITY} units per side written in ${Math.round(performance.now() - t)} ms` +
      (removed > 0 ? ` (${removed} left undispensed by earlier runs removed)` : ''),
  );
  return { location, sides: [same, different] };
}

// ---------------------------------------------------------------------------------------------
// What to dispense, where, and for whom

/** The active location with usable stock of the most uncontrolled catalogue drugs (at least `drugs`). */
async function pickLocation(db: Connection, today: string, drugs: number): Promise<Location> {
  const [best] = await rows<Location & { drugs: number }>(
    db,
    `SELECT l.id, l.code, l.clinic_id AS clinicId, c.code AS clinicCode, COUNT(DISTINCT d.id) AS drugs
       FROM stock_on_hand oh
       JOIN drugs d ON d.inventory_item_id = oh.item_id
       JOIN inventory_items i ON i.id = d.inventory_item_id
       JOIN stock_locations l ON l.id = oh.location_id
       JOIN clinics c ON c.id = l.clinic_id
      WHERE oh.quantity > 0 AND oh.expiry_date > ? AND d.is_active = 1 AND i.is_active = 1 AND d.schedule IN (?) AND l.is_active = 1
      GROUP BY l.id, l.code, l.clinic_id, c.code
      ORDER BY drugs DESC, l.code
      LIMIT 1`,
    [today, UNCONTROLLED],
  );
  if (!best || Number(best.drugs) < drugs) {
    throw new Error(
      `Dispensing needs a stock location with usable stock of ${drugs} drugs of schedule S0-S4 (the best-stocked has ${best?.drugs ?? 0}): ` +
        'make the stock data first with npm run bench:generate-stock (same BENCH_DB_NAME)',
    );
  }
  return best;
}

/** The location's `count` uncontrolled drugs with the most usable stock, most first. */
function stockedDrugs(db: Connection, locationId: string, today: string, count: number): Promise<Drug[]> {
  return rows<Drug>(
    db,
    `SELECT d.id, d.code, d.generic_name, d.strength, d.route, d.inventory_item_id,
            (SELECT b.unit_cost FROM stock_batches b WHERE b.item_id = d.inventory_item_id ORDER BY b.created_at DESC, b.id LIMIT 1) AS unit_cost
       FROM drugs d
       JOIN inventory_items i ON i.id = d.inventory_item_id
       JOIN stock_on_hand oh ON oh.item_id = d.inventory_item_id AND oh.location_id = ? AND oh.expiry_date > ? AND oh.quantity > 0
      WHERE d.is_active = 1 AND i.is_active = 1 AND d.schedule IN (?)
      GROUP BY d.id
      ORDER BY SUM(oh.quantity) DESC, d.code
      LIMIT ?`,
    [locationId, today, UNCONTROLLED, count],
  );
}

/**
 * Earlier runs' prescriptions that were never dispensed: their patients count as in active therapy
 * until the course ends, and nothing refers to them (an undispensed prescription has no dispensing).
 */
async function removeUnusedPrescriptions(db: Connection): Promise<number> {
  const unused = `p.notes LIKE '${NOTE_PREFIX} %' AND p.status = 'active'`;
  await db.query(`DELETE i FROM prescription_items i JOIN prescriptions p ON p.id = i.prescription_id WHERE ${unused}`);
  const [result] = await db.query(`DELETE p FROM prescriptions p WHERE ${unused}`);
  return (result as { affectedRows: number }).affectedRows;
}

/**
 * Active patients whom dispensing's safety checks will not stop: no active allergy (the checks read every category), and no
 * prescription item whose course has not ended (the app's activeTherapy query) to duplicate.
 */
async function freePatients(db: Connection, today: string, count: number): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    `SELECT p.id FROM patients p
      WHERE p.is_active = 1
        AND NOT EXISTS (SELECT 1 FROM patient_allergies a WHERE a.patient_id = p.id AND a.status = 'active')
        AND NOT EXISTS (SELECT 1 FROM prescription_items i JOIN prescriptions rx ON rx.id = i.prescription_id
                         WHERE i.patient_id = p.id AND i.course_end_date >= ? AND rx.status <> 'cancelled')
      ORDER BY p.id
      LIMIT ?`,
    [today, count],
  );
  return found.map((r) => r.id);
}

/** An active doctor, one of the clinic's when there is one. */
async function prescriber(db: Connection, clinicId: string): Promise<string> {
  const [doctor] = await rows<{ id: string }>(
    db,
    `SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
      WHERE r.name = 'doctor' AND u.is_active = 1
      ORDER BY u.clinic_id <=> ? DESC, u.email
      LIMIT 1`,
    [clinicId],
  );
  if (!doctor) throw new Error('Dispensing: no active doctor to write the prescriptions (the demo seed makes one)');
  return doctor.id;
}

/**
 * One prescription per patient, the drugs taken in turn, written in multi-row INSERTs: prescriptions
 * active, one item each of DISPENSE_QUANTITY units ("1 twice daily" for one day, so the course, and
 * with it the patient's active therapy, ends today).
 */
async function makeSide(
  db: Connection,
  name: Side['name'],
  note: string,
  drugs: Drug[],
  patients: string[],
  context: { clinicId: string; prescribedBy: string; today: string },
): Promise<Side> {
  const prescriptions = new RowBuffer('prescriptions', ['id', 'patient_id', 'clinic_id', 'prescribed_by', 'prescribed_on', 'status', 'notes']);
  const items = new RowBuffer('prescription_items', [
    'id', 'prescription_id', 'patient_id', 'position', 'drug_id', 'drug_name', 'strength', 'dose', 'frequency',
    'duration_days', 'quantity', 'quantity_dispensed', 'route', 'course_end_date',
  ]);
  const ids: string[][] = drugs.map(() => []);
  patients.forEach((patientId, n) => {
    const drug = drugs[n % drugs.length];
    const id = randomUUID();
    ids[n % drugs.length].push(id);
    prescriptions.add([id, patientId, context.clinicId, context.prescribedBy, context.today, 'active', note]);
    items.add([
      randomUUID(), id, patientId, 0, drug.id, drug.generic_name, drug.strength, '1', 'twice daily',
      1, DISPENSE_QUANTITY, 0, drug.route, context.today,
    ]);
  });
  await runStatements(db, prescriptions.take());
  await runStatements(db, items.take());
  return { name, note, drugs, queues: ids.map(prescriptionQueue), prescriptions: patients.length };
}

function prescriptionQueue(ids: string[]): PrescriptionQueue {
  let next = 0;
  return {
    size: ids.length,
    path: () => dispensePath(ids[Math.min(next++, ids.length - 1)]),
    handedOut: () => Math.min(next, ids.length),
    overrun: () => Math.max(0, next - ids.length),
  };
}

// ---------------------------------------------------------------------------------------------
// Stock

/** Per drug, its on-hand at the location: all of it, and what is usable (expires after today). */
async function onHand(db: Connection, locationId: string, drugs: Drug[], today: string): Promise<Map<string, { total: number; usable: number }>> {
  const found = await rows<{ item_id: string; total: string; usable: string }>(
    db,
    `SELECT item_id, SUM(quantity) AS total, SUM(IF(expiry_date > ?, quantity, 0)) AS usable
       FROM stock_on_hand WHERE location_id = ? AND item_id IN (?) GROUP BY item_id`,
    [today, locationId, drugs.map((d) => d.inventory_item_id)],
  );
  const byItem = new Map(found.map((r) => [r.item_id, { total: Number(r.total), usable: Number(r.usable) }]));
  return new Map(drugs.map((d) => [d.id, byItem.get(d.inventory_item_id) ?? { total: 0, usable: 0 }]));
}

/**
 * Receives, through the API, what each drug lacks for all of its prescriptions, then checks in the
 * database that every drug has enough usable stock.
 */
async function stockUp(app: RunningAppLike, token: string, db: Connection, locationId: string, sides: Side[], today: string): Promise<DispensingScenarioResult['received']> {
  const received: DispensingScenarioResult['received'] = [];
  for (const side of sides) {
    const needed = side.queues.map((q) => DISPENSE_QUANTITY * q.size);
    const stock = await onHand(db, locationId, side.drugs, today);
    for (const [i, drug] of side.drugs.entries()) {
      const missing = needed[i] - stock.get(drug.id)!.usable;
      if (missing > 0) received.push(await receive(app, token, { locationId, drug, units: missing, today }));
    }
    const now = await onHand(db, locationId, side.drugs, today);
    const short = side.drugs.filter((drug, i) => now.get(drug.id)!.usable < needed[i]).map((d) => d.code);
    if (short.length > 0) throw new Error(`Dispensing, ${side.name}: not enough usable stock of ${short.join(', ')} even after the receipts`);
  }
  return received;
}

/**
 * POST /inventory/stock: a lot named after the day, expiring two years on (on a second run that
 * day the same lot with the same expiry, so the receipt adds to it), at the drug's latest cost.
 */
async function receive(app: RunningAppLike, token: string, r: { locationId: string; drug: Drug; units: number; today: string }): Promise<{ drug: string; units: number }> {
  const expiry = new Date(`${r.today}T00:00:00Z`);
  expiry.setUTCFullYear(expiry.getUTCFullYear() + 2);
  const res = await httpRequest('POST', `${app.base}${API}/inventory/stock`, {
    headers: { authorization: `Bearer ${token}` },
    body: {
      locationId: r.locationId,
      itemId: r.drug.inventory_item_id,
      lotNumber: `BENCH-DISP-${r.today}`,
      expiryDate: expiry.toISOString().slice(0, 10),
      quantity: r.units,
      unitCost: Number(r.drug.unit_cost),
    },
  });
  if (res.status !== 201) throw new Error(`Receiving ${r.units} units of ${r.drug.code} answered ${res.status}: ${res.text.slice(0, 500)}`);
  return { drug: r.drug.code, units: r.units };
}

// ---------------------------------------------------------------------------------------------
// Load

/** One dispensing per side through the API first (a refusal is explained here, not just counted), then both measured. */
async function measureSides(deps: DispensingDeps, app: RunningAppLike, token: string, locationId: string, sides: Side[]): Promise<LoadResult[]> {
  const headers = { authorization: `Bearer ${token}` };
  const body = { locationId };
  for (const side of sides) {
    const res = await httpRequest('POST', `${app.base}${side.queues[0].path()}`, { headers, body });
    if (res.status !== 201) throw new Error(`Dispensing (${side.name}) answered ${res.status}: ${res.text.slice(0, 500)}`);
  }
  const targets = sides.map((side): LoadTarget => {
    let connection = 0;
    return {
      title: `POST dispensings, ${side.name}`,
      url: `${app.base}${dispensePath('{id}')}`,
      method: 'POST',
      headers,
      body,
      appPid: app.tracked.child.pid,
      // Each connection opened takes the side's next drug: its own on the different-drugs side, the one on the other.
      connectionPaths: () => side.queues[connection++ % side.queues.length].path,
    };
  });
  for (const target of targets) await warmUp(target, deps.settings.dispensingConnections, deps.settings.warmup);
  return deps.measure(targets);
}

// ---------------------------------------------------------------------------------------------
// Checks

/**
 * What the side's requests left behind, in ONE statement (one read view): a request cut off at the
 * end of the last slice may still be committing in the app, and must count in all three or none.
 */
async function sideResult(
  db: Connection,
  side: Side,
  locationId: string,
  before: Map<string, { total: number }>,
  load: LoadResult,
): Promise<DispensingSideResult> {
  const [outcome] = await rows<{ dispensed: string; units: string | null; on_hand: string | null }>(
    db,
    `SELECT (SELECT COUNT(*) FROM prescriptions p WHERE p.notes = ? AND p.status = 'dispensed') AS dispensed,
            (SELECT SUM(l.quantity) FROM prescriptions p JOIN dispensings d ON d.prescription_id = p.id
               JOIN dispensing_lines l ON l.dispensing_id = d.id WHERE p.notes = ?) AS units,
            (SELECT SUM(quantity) FROM stock_on_hand WHERE location_id = ? AND item_id IN (?)) AS on_hand`,
    [side.note, side.note, locationId, side.drugs.map((d) => d.inventory_item_id)],
  );
  const onHandBefore = [...before.values()].reduce((sum, s) => sum + s.total, 0);
  return {
    drugs: side.drugs.map((d) => d.code),
    prescriptions: side.prescriptions,
    handedOut: side.queues.reduce((sum, q) => sum + q.handedOut(), 0),
    dispensed: Number(outcome.dispensed),
    unitsDispensed: Number(outcome.units ?? 0),
    onHandDecrease: onHandBefore - Number(outcome.on_hand ?? 0),
    load,
  };
}

/**
 * Every 2xx dispensed a prescription in full (requests cut off at the end of a slice may have
 * dispensed too, uncounted), every unit on a dispensing line left the drug's on-hand, and no
 * request found its prescription already dispensed (the side ran out of them).
 */
function sideChecks(side: Side, r: DispensingSideResult): DispensingScenarioResult['checks'] {
  const { name } = side;
  const least = r.load.ok2xx + 1; // and the probe
  const overrun = side.queues.reduce((sum, q) => sum + q.overrun(), 0);
  return [
    {
      name: `${name}: prescriptions dispensed in full, between the 2xx responses and the requests sent`,
      ok: r.dispensed >= least && r.dispensed <= r.handedOut,
      detail: `${r.dispensed} dispensed; ${least} 2xx (probe included), ${r.handedOut} sent (warm-up included)`,
    },
    {
      name: `${name}: units on dispensing lines = ${DISPENSE_QUANTITY} × prescriptions = fall of on-hand`,
      ok: r.unitsDispensed === DISPENSE_QUANTITY * r.dispensed && r.unitsDispensed === r.onHandDecrease,
      detail: `${r.unitsDispensed} units on lines, ${r.dispensed} prescriptions, on-hand down ${r.onHandDecrease}`,
    },
    {
      name: `${name}: enough prescriptions for every request`,
      ok: overrun === 0,
      detail: overrun === 0 ? `${r.handedOut} of ${r.prescriptions} used` : `${overrun} requests re-sent a used one (a 409 each): raise BENCH_DISPENSING_PRESCRIPTIONS`,
    },
  ];
}

/** GET /inventory/ledger-check for the location: every balance equals the sum of its ledger movements. */
async function ledgerCheck(app: RunningAppLike, token: string, locationId: string): Promise<DispensingScenarioResult['checks'][number]> {
  const res = await httpRequest('GET', `${app.base}${API}/inventory/ledger-check?locationId=${locationId}`, {
    headers: { authorization: `Bearer ${token}` },
    timeoutMs: 10 * 60_000,
  });
  const verdict = (res.body ?? {}) as { checkedBalances?: number; consistent?: boolean; mismatches?: unknown[] };
  return {
    name: 'ledger check of the location: on-hand = sum of the ledger for every batch',
    ok: res.status === 200 && verdict.consistent === true,
    detail: `${res.status}, ${verdict.checkedBalances ?? '?'} balances, ${verdict.mismatches?.length ?? '?'} mismatches`,
  };
}
