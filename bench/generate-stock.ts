/**
 * Stock for the inventory and pharmacy benchmarks (bench/README.md, "Stock"): BENCH_STOCK_ITEMS
 * inventory items (the drug catalogue's plus generated ones), BENCH_STOCK_LOCATIONS stock locations
 * at the bench clinics, stock levels (each location stocks a few hundred items, popular items
 * everywhere), BENCH_STOCK_BATCHES batches with receipts spread over three years and expiries
 * from long expired to years ahead, the ledger of exactly BENCH_STOCK_MOVEMENTS movements
 * (receipts, transfers out and in, issues, adjustments, write-offs) and stock_on_hand equal to the
 * ledger's SUM per (batch, location).
 *
 * How it is fast: a plan of every batch is computed in typed arrays first (~50 bytes a batch); then
 * each big table is streamed into its own connection with LOAD DATA LOCAL INFILE from a generator
 * (no files, bounded memory), in ONE transaction per table into the EMPTY table with
 * unique_checks=0 and foreign_key_checks=0: MariaDB (10.6+) then bulk-loads, i.e. sorts each index
 * and builds it at commit instead of inserting 5M random keys into 7 indexes through a 128 MiB
 * buffer pool (measured: ~6x faster than the same LOAD with the checks on). Keys and references
 * are correct by construction; a verification pass afterwards checks the ledger against on-hand and
 * the batches' and locations' references.
 *
 * The ledger's triggers only refuse UPDATE and DELETE, so they do not get in the way of loading;
 * TRUNCATE (which fires no trigger) empties the tables first. Rows that were there before (the
 * demo seed's stock) are kept: read first and written back in the same transactions.
 *
 * Idempotent: a finished run is recorded in bench_stock_runs with its parameters; a re-run with the
 * same parameters does nothing, a run with other parameters (or BENCH_STOCK_RESET=1) reloads.
 *
 * Run on its own:  npx ts-node --transpile-only bench/generate-stock.ts   (npm run bench:generate-stock)
 */
import { Readable } from 'node:stream';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { mix32, mulberry32, rngFor } from './lib/people';
import { loadSettings } from './lib/settings';
import { RowBuffer, runStatements, sqlDateTime } from './lib/sql-rows';
import { round } from './lib/stats';

export const STOCK_RESULT_MARKER = 'BENCH_STOCK_RESULT ';

export interface StockParams {
  items: number;
  locations: number;
  itemsPerStore: number;
  itemsPerMobile: number;
  batches: number;
  movements: number;
  /** The plan's "today" (clinic date) and instant; fixed at the first run. */
  anchor: string;
}

export interface StockReport {
  database: string;
  skipped: boolean;
  params: StockParams;
  rows: Record<string, number>;
  movementsByKind: Record<string, number>;
  /** Batch expiry spread among on-hand rows with quantity > 0 (for the alert job's figures). */
  onHand: { rows: number; positive: number; expired: number; within30: number; within90: number; lowStockLevels: number };
  ms: { plan: number; small: number; load: number; verify: number; total: number };
  verify: { ledgerMismatches: number; orphanMovements: number; orphanOnHand: number } | null;
  peakRssMiB: number;
}

const DAY = 86_400_000;
const SAST = 2 * 3_600_000;
const HISTORY_DAYS = 3 * 365;

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return v;
}

function log(message: string): void {
  process.stderr.write(`[generate-stock] ${message}\n`);
}

/** A deterministic UUID (version-4 layout) for entity `index` of kind `salt`. */
function uuidFor(salt: number, index: number): string {
  const a = mix32(index, salt);
  const b = mix32(index, salt ^ 0x5bd1e995);
  const c = mix32(index, salt ^ 0x1b873593);
  const d = mix32(index, salt ^ 0x27d4eb2f);
  const h = (x: number) => x.toString(16).padStart(8, '0');
  const s = h(a) + h(b) + h(c) + h(d);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[c & 3]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

const SALT = { item: 101, supplier: 102, location: 103, batch: 104, movement: 105, tx: 106, plan: 107, level: 108 };

// ---------------------------------------------------------------------------------------------
// Catalogue content

const GENERICS = [
  'Amoxicillin', 'Paracetamol', 'Ibuprofen', 'Metformin', 'Amlodipine', 'Enalapril', 'Hydrochlorothiazide', 'Simvastatin', 'Atorvastatin',
  'Aspirin', 'Cotrimoxazole', 'Ciprofloxacin', 'Doxycycline', 'Azithromycin', 'Erythromycin', 'Flucloxacillin', 'Cephalexin', 'Metronidazole',
  'Fluconazole', 'Clotrimazole', 'Salbutamol', 'Beclomethasone', 'Prednisone', 'Hydrocortisone', 'Chlorphenamine', 'Loratadine', 'Cetirizine',
  'Omeprazole', 'Ranitidine', 'Metoclopramide', 'Loperamide', 'Oral rehydration salts', 'Ferrous sulphate', 'Folic acid', 'Vitamin B complex',
  'Multivitamin', 'Zinc sulphate', 'Carbamazepine', 'Phenytoin', 'Sodium valproate', 'Amitriptyline', 'Fluoxetine', 'Haloperidol', 'Diazepam',
  'Furosemide', 'Spironolactone', 'Atenolol', 'Nifedipine', 'Glibenclamide', 'Gliclazide', 'Insulin isophane', 'Insulin soluble', 'Levothyroxine',
  'Tenofovir', 'Lamivudine', 'Efavirenz', 'Dolutegravir', 'Isoniazid', 'Rifampicin', 'Pyrazinamide', 'Ethambutol', 'Pyridoxine', 'Mebendazole',
  'Albendazole', 'Praziquantel', 'Benzathine benzylpenicillin', 'Ceftriaxone', 'Gentamicin', 'Lidocaine', 'Oxytocin', 'Magnesium sulphate',
  'Medroxyprogesterone', 'Levonorgestrel', 'Ethinylestradiol', 'Tramadol', 'Codeine', 'Morphine', 'Calamine', 'Aqueous cream', 'Povidone iodine',
];
const FORMS: [form: string, unit: string, strengths: string[]][] = [
  ['tablet', 'tablet', ['5 mg', '10 mg', '20 mg', '25 mg', '50 mg', '100 mg', '200 mg', '250 mg', '400 mg', '500 mg']],
  ['capsule', 'capsule', ['250 mg', '500 mg', '20 mg', '100 mg', '150 mg']],
  ['syrup', 'ml', ['125 mg/5 ml', '250 mg/5 ml', '2 mg/5 ml', '120 mg/5 ml']],
  ['injection', 'vial', ['1 g', '500 mg', '10 mg/ml', '40 mg/ml', '2%']],
  ['cream', 'each', ['1%', '0.1%', '2%', '10%']],
];
const CONSUMABLES: [name: string, category: string, unit: string, sizes: string[]][] = [
  ['Examination gloves, nitrile', 'gloves', 'each', ['small', 'medium', 'large', 'extra large']],
  ['Surgical gloves, sterile latex', 'gloves', 'each', ['6.5', '7', '7.5', '8', '8.5']],
  ['Syringe, Luer lock, sterile', 'injection supplies', 'each', ['1 ml', '2 ml', '5 ml', '10 ml', '20 ml']],
  ['Hypodermic needle', 'injection supplies', 'each', ['18G', '21G', '23G', '25G', '27G']],
  ['IV cannula', 'injection supplies', 'each', ['18G', '20G', '22G', '24G']],
  ['Gauze swab, sterile', 'dressings', 'each', ['5 x 5 cm', '7.5 x 7.5 cm', '10 x 10 cm']],
  ['Crepe bandage', 'dressings', 'each', ['50 mm', '75 mm', '100 mm', '150 mm']],
  ['Adhesive plaster roll', 'dressings', 'each', ['12.5 mm', '25 mm', '50 mm']],
  ['Suture, absorbable', 'sutures', 'each', ['2/0', '3/0', '4/0']],
  ['Urinary catheter, Foley', 'catheters', 'each', ['12 Fr', '14 Fr', '16 Fr', '18 Fr']],
  ['Rapid test', 'rapid tests', 'each', ['HIV-1/2', 'malaria', 'syphilis', 'hepatitis B', 'COVID-19 antigen', 'hCG']],
  ['Blood glucose test strip', 'rapid tests', 'box', ['50', '100']],
  ['Face mask', 'PPE', 'box', ['surgical 3-ply', 'FFP2', 'N95']],
  ['Disposable apron', 'PPE', 'box', ['standard']],
  ['Specimen container', 'laboratory', 'each', ['urine 60 ml', 'sputum', 'stool']],
  ['Blood collection tube', 'laboratory', 'each', ['EDTA 4 ml', 'SST 5 ml', 'citrate 2.7 ml', 'fluoride 2 ml']],
  ['Alcohol prep swab', 'dressings', 'box', ['70% isopropyl']],
  ['Tongue depressor, wooden', 'examination', 'box', ['adult', 'child']],
];
const SUPPLIERS = [
  'Bench Medical Depot North', 'Bench Medical Depot South', 'Bench Pharma Wholesale', 'Bench Clinical Consumables', 'Bench Generic Medicines',
  'Bench Laboratory Supplies', 'Bench Surgical Distributors', 'Bench Provincial Depot EC', 'Bench Provincial Depot KZN', 'Bench Provincial Depot WC',
  'Bench Provincial Depot LP', 'Bench Provincial Depot MP', 'Bench Provincial Depot NW', 'Bench Provincial Depot FS', 'Bench Provincial Depot NC',
  'Bench Provincial Depot GP', 'Bench Vaccine Cold Chain', 'Bench Dressings and Wound Care', 'Bench PPE Supplies', 'Bench Diagnostics',
];
const ADJUST_UP = ['Stock count: found in dispensary', 'Recount after delivery query', 'Returned unopened by mobile unit'];
const ADJUST_DOWN = ['Stock count: unaccounted difference', 'Recount correction', 'Broken on shelf, not recorded at the time'];
const DAMAGED = ['Packaging damaged in transit', 'Cold chain break', 'Water damage in store room'];

// ---------------------------------------------------------------------------------------------

interface Item { id: string; kind: 'medicine' | 'consumable'; costCents: number; baseQty: number; shelfDays: number; weight: number }
interface Location { id: string; clinicId: string; mobile: boolean; users: string[] }

/** The plan: one entry per batch in typed arrays (what the three streams expand identically). */
interface Plan {
  levelItem: Int32Array; // level -> item index
  levelLoc: Int32Array; // level -> location index
  batchLevel: Int32Array; // batch -> level (holding A)
  batchSeq: Int32Array; // batch -> sequence within its level
  received: Float64Array; // ms
  expiryDay: Int32Array; // days since epoch (clinic date)
  unitCost: Int32Array; // cents * 100 (4 decimals)
  supplier: Uint8Array;
  qty: Int32Array; // received at A
  transferLevel: Int32Array; // holding B level, -1 when none
  transferQty: Int32Array;
  transferAt: Float64Array;
  adj: Int32Array; // signed adjustment at A (0 none)
  damaged: Int32Array; // damaged write-off at A
  woA: Int32Array; // expired write-off at A
  woB: Int32Array;
  finalA: Int32Array;
  finalB: Int32Array;
  consumedA: Int32Array;
  consumedB: Int32Array;
  issuesA: Uint8Array;
  issuesB: Uint8Array;
}

export async function main(): Promise<void> {
  const started = performance.now();
  const settings = loadSettings();
  const reset = process.env.BENCH_STOCK_RESET === '1' || process.env.BENCH_STOCK_RESET === 'true';
  const anchorMs = Math.floor(Date.now() / 60_000) * 60_000;
  const want = {
    items: int('BENCH_STOCK_ITEMS', 10_000, 100, 200_000),
    locations: int('BENCH_STOCK_LOCATIONS', 200, 2, 5000),
    itemsPerStore: int('BENCH_STOCK_ITEMS_PER_STORE', 600, 10, 20_000),
    itemsPerMobile: int('BENCH_STOCK_ITEMS_PER_MOBILE', 250, 10, 20_000),
    batches: int('BENCH_STOCK_BATCHES', 1_000_000, 100, 20_000_000),
    movements: int('BENCH_STOCK_MOVEMENTS', 5_000_000, 100, 100_000_000),
  };
  const connect = () =>
    createConnection({ ...settings.db, database: settings.dbName, charset: 'utf8mb4_unicode_ci', timezone: 'Z', dateStrings: true, multipleStatements: false });
  const db = await connect();
  try {
    await db.query(`CREATE TABLE IF NOT EXISTS bench_stock_runs (
      id INT NOT NULL PRIMARY KEY, params JSON NOT NULL, report JSON NULL, finished_at DATETIME(3) NULL) ENGINE=InnoDB`);
    const [[prev]] = await db.query<RowDataPacket[]>('SELECT params, finished_at FROM bench_stock_runs WHERE id = 1');
    // MySQL returns a JSON column parsed, MariaDB (where JSON is LONGTEXT) as text.
    const prevParams = prev ? ((typeof prev.params === 'string' ? JSON.parse(prev.params) : prev.params) as StockParams) : null;
    const same = prevParams && Object.entries(want).every(([k, v]) => prevParams[k as keyof StockParams] === v);
    if (prev && prev.finished_at && same && !reset) {
      log('stock already generated with these parameters, skipping');
      const report: StockReport = {
        ...(await describe(db, prevParams)),
        database: settings.dbName,
        skipped: true,
        params: prevParams,
        ms: { plan: 0, small: 0, load: 0, verify: 0, total: round(performance.now() - started, 0) },
        verify: null,
        peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
      };
      process.stdout.write(`${STOCK_RESULT_MARKER}${JSON.stringify(report)}\n`);
      return;
    }
    await ensureBufferPool(db);
    const today = new Date(anchorMs + SAST).toISOString().slice(0, 10);
    const params: StockParams = { ...want, anchor: new Date(anchorMs).toISOString() };
    await db.query('REPLACE INTO bench_stock_runs (id, params) VALUES (1, ?)', [JSON.stringify(params)]);
    log(`anchor ${params.anchor} (clinic date ${today}); ${JSON.stringify(want)}`);

    // --- small tables: suppliers, items, locations (idempotent: deterministic ids, INSERT IGNORE)
    const tSmall = performance.now();
    const rnd = mulberry32(SALT.plan);
    const supplierIds = SUPPLIERS.map((_, i) => uuidFor(SALT.supplier, i));
    await db.query('INSERT IGNORE INTO suppliers (id, name, contact_name, phone, email) VALUES ?', [
      SUPPLIERS.map((name, i) => [supplierIds[i], name, 'Orders desk', `+2711555${String(1000 + i).slice(-4)}`, `orders${i}@supplier.bench.local`]),
    ]);
    const items = await ensureItems(db, want.items, rnd);
    const locations = await ensureLocations(db, want.locations);
    const small = performance.now() - tSmall;
    log(`catalogue: ${items.length} items, ${locations.length} locations, ${supplierIds.length} suppliers (${round(small, 0)} ms)`);

    // --- the plan
    const tPlan = performance.now();
    const todayDay = Math.floor((anchorMs + SAST) / DAY);
    const plan = makePlan(items, locations, want, anchorMs, todayDay);
    const planMs = performance.now() - tPlan;
    log(`plan: ${plan.levelItem.length} stock levels, ${want.batches} batches (${round(planMs, 0)} ms, heap ${round(process.memoryUsage().heapUsed / 2 ** 20, 0)} MiB)`);

    // --- stock levels (reorder levels from the plan's usable on-hand)
    const tLevels = performance.now();
    await db.query('SET foreign_key_checks = 0');
    await db.query('DELETE FROM stock_levels WHERE location_id IN (?)', [locations.map((l) => l.id)]);
    await db.query('SET foreign_key_checks = 1');
    const lowLevels = await writeLevels(db, plan, items, locations, todayDay);
    log(`stock_levels: ${plan.levelItem.length} (${lowLevels} below their reorder level) in ${round(performance.now() - tLevels, 0)} ms`);

    // --- the three big tables, each bulk-loaded on its own connection
    const tLoad = performance.now();
    const kinds: Record<string, number> = {};
    const ctx: Ctx = { plan, items, locations, supplierIds, anchorMs, kinds };
    const conns = await Promise.all([connect(), connect(), connect()]);
    try {
      const saved = await saveForeignRows(db);
      await db.query('SET foreign_key_checks = 0');
      for (const t of ['stock_movements', 'stock_on_hand', 'stock_batches']) await db.query(`TRUNCATE TABLE ${t}`);
      await db.query('SET foreign_key_checks = 1');
      const loads = await Promise.all([
        bulkLoad(conns[0], 'stock_batches', BATCH_COLUMNS, saved.stock_batches, batchRows(ctx)),
        bulkLoad(conns[1], 'stock_on_hand', ON_HAND_COLUMNS, saved.stock_on_hand, onHandRows(ctx)),
        bulkLoad(conns[2], 'stock_movements', MOVEMENT_COLUMNS, saved.stock_movements, movementRows(ctx)),
      ]);
      log(`loaded: ${loads.map((l) => `${l.table} ${l.rows} rows in ${round(l.ms / 1000, 1)} s`).join(', ')}`);
    } finally {
      await Promise.all(conns.map((c) => c.end()));
    }
    const loadMs = performance.now() - tLoad;

    // --- verification
    const tVerify = performance.now();
    const verify = process.env.BENCH_STOCK_VERIFY === '0' ? null : await verifyLedger(db);
    const verifyMs = performance.now() - tVerify;
    if (verify) log(`verify: ${JSON.stringify(verify)} in ${round(verifyMs / 1000, 1)} s`);
    if (verify && (verify.ledgerMismatches || verify.orphanMovements || verify.orphanOnHand)) throw new Error(`Stock verification failed: ${JSON.stringify(verify)}`);

    const report: StockReport = {
      ...(await describe(db, params)),
      database: settings.dbName,
      skipped: false,
      params,
      movementsByKind: kinds,
      ms: { plan: round(planMs, 0), small: round(small, 0), load: round(loadMs, 0), verify: round(verifyMs, 0), total: round(performance.now() - started, 0) },
      verify,
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    };
    await db.query('UPDATE bench_stock_runs SET report = ?, finished_at = UTC_TIMESTAMP(3) WHERE id = 1', [JSON.stringify(report)]);
    log(`done in ${round(report.ms.total / 1000, 1)} s, peak RSS ${report.peakRssMiB} MiB`);
    process.stdout.write(`${STOCK_RESULT_MARKER}${JSON.stringify(report)}\n`);
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Catalogue

async function ensureItems(db: Connection, target: number, rnd: () => number): Promise<Item[]> {
  const [existing] = await db.query<RowDataPacket[]>('SELECT id, kind FROM inventory_items ORDER BY code');
  const missing = Math.max(0, target - existing.length);
  const rows: unknown[][] = [];
  for (let i = 0; i < missing; i++) {
    const r = rngFor(SALT.item, i);
    if (r() < 0.5) {
      const generic = GENERICS[Math.floor(r() * GENERICS.length)];
      const [form, unit, strengths] = FORMS[Math.floor(r() * FORMS.length)];
      const strength = strengths[Math.floor(r() * strengths.length)];
      const pack = [10, 20, 28, 30, 56, 100, 500, 1000][Math.floor(r() * 8)];
      rows.push([uuidFor(SALT.item, i), `BN-MED-${String(i).padStart(6, '0')}`, `${generic} ${strength} ${form}, pack of ${pack}`, 'medicine', 'medicines', unit]);
    } else {
      const [name, category, unit, sizes] = CONSUMABLES[Math.floor(r() * CONSUMABLES.length)];
      const size = sizes[Math.floor(r() * sizes.length)];
      rows.push([uuidFor(SALT.item, i), `BN-CON-${String(i).padStart(6, '0')}`, `${name}, ${size}`, 'consumable', category, unit]);
    }
  }
  for (let i = 0; i < rows.length; i += 2000) {
    await db.query('INSERT IGNORE INTO inventory_items (id, code, name, kind, category, unit) VALUES ?', [rows.slice(i, i + 2000)]);
  }
  const [all] = await db.query<RowDataPacket[]>(
    'SELECT i.id, i.kind, EXISTS (SELECT 1 FROM drugs d WHERE d.inventory_item_id = i.id) AS drug FROM inventory_items i ORDER BY i.code',
  );
  // Popularity: a Zipf-like weight over a shuffled order, so some items are everywhere and many are
  // rare. The drug catalogue's items (the essential medicines list) come first: primary care stocks them.
  const shuffled = (idx: number[]) => {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx;
  };
  const indexes = all.map((_, i) => i);
  const order = [...shuffled(indexes.filter((i) => Number(all[i].drug) === 1)), ...shuffled(indexes.filter((i) => Number(all[i].drug) !== 1))];
  const rank = new Int32Array(all.length);
  order.forEach((idx, r) => (rank[idx] = r));
  return all.map((row, i) => {
    const r = rngFor(SALT.item ^ 0xabc, i);
    const medicine = row.kind === 'medicine';
    return {
      id: String(row.id),
      kind: medicine ? 'medicine' : 'consumable',
      costCents: Math.round((medicine ? 5 + r() * r() * 2500 : 10 + r() * r() * 5000) * 100) / 100,
      baseQty: Math.round(50 + r() * r() * 4950),
      shelfDays: Math.round(medicine ? 365 + r() * 730 : 730 + r() * 1095),
      weight: 1 / (rank[i] + 20),
    };
  });
}

async function ensureLocations(db: Connection, target: number): Promise<Location[]> {
  // Bench clinics (the patient generator's BN-* clinics), fixed ones first; the demo clinics otherwise.
  const [clinics] = await db.query<RowDataPacket[]>(
    "SELECT id, code, kind FROM clinics ORDER BY code LIKE 'BN-%' DESC, kind = 'fixed' DESC, code",
  );
  if (clinics.length === 0) throw new Error('No clinics in the bench database: run bench/generate.ts first');
  const rows: unknown[][] = [];
  for (let i = 0; i < target; i++) {
    const c = clinics[i % clinics.length];
    const mobile = c.kind === 'mobile';
    const suffix = i < clinics.length ? '' : `-${Math.floor(i / clinics.length) + 1}`;
    rows.push([uuidFor(SALT.location, i), `BN-LOC-${String(i).padStart(4, '0')}`, `${c.code} ${mobile ? 'mobile unit' : 'store'}${suffix}`, mobile ? 'mobile_unit' : 'clinic_store', c.id]);
  }
  await db.query('INSERT IGNORE INTO stock_locations (id, code, name, kind, clinic_id) VALUES ?', [rows]);
  const [users] = await db.query<RowDataPacket[]>(
    `SELECT u.id, u.clinic_id FROM users u JOIN roles r ON r.id = u.role_id
      WHERE u.clinic_id IS NOT NULL AND u.is_active = 1 AND r.name IN ('inventory_manager','nurse','doctor') ORDER BY u.id`,
  );
  const [[admin]] = await db.query<RowDataPacket[]>("SELECT id FROM users WHERE email = 'admin@clinic.local'");
  const byClinic = new Map<string, string[]>();
  for (const u of users) byClinic.set(String(u.clinic_id), [...(byClinic.get(String(u.clinic_id)) ?? []), String(u.id)]);
  return rows.map((r) => ({ id: String(r[0]), clinicId: String(r[4]), mobile: r[3] === 'mobile_unit', users: byClinic.get(String(r[4])) ?? [String(admin.id)] }));
}

// ---------------------------------------------------------------------------------------------
// The plan

function makePlan(items: Item[], locations: Location[], want: { batches: number; movements: number; itemsPerStore: number; itemsPerMobile: number }, anchorMs: number, todayDay: number): Plan {
  const rnd = mulberry32(SALT.plan ^ 0x77);
  // Stock levels: each location draws its items by popularity, without repeats.
  const cum = new Float64Array(items.length);
  let total = 0;
  items.forEach((it, i) => (cum[i] = total += it.weight));
  const pick = (r: number) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const lvItem: number[] = [];
  const lvLoc: number[] = [];
  const seen = new Uint8Array(items.length);
  locations.forEach((loc, li) => {
    seen.fill(0);
    const n = Math.min(items.length, Math.round((loc.mobile ? want.itemsPerMobile : want.itemsPerStore) * (0.8 + 0.4 * rnd())));
    let got = 0;
    // Popular items first by weight; the draw falls back to uniform so it always terminates.
    for (let tries = 0; got < n; tries++) {
      const i = tries < n * 8 ? pick(rnd()) : Math.floor(rnd() * items.length);
      if (seen[i]) continue;
      seen[i] = 1;
      lvItem.push(i);
      lvLoc.push(li);
      got++;
    }
  });
  const L = lvItem.length;
  const levelItem = Int32Array.from(lvItem);
  const levelLoc = Int32Array.from(lvLoc);
  // Levels of each item (CSR), for transfers to another location that stocks the item.
  const itemStart = new Int32Array(items.length + 1);
  for (let l = 0; l < L; l++) itemStart[levelItem[l] + 1]++;
  for (let i = 0; i < items.length; i++) itemStart[i + 1] += itemStart[i];
  const itemLevels = new Int32Array(L);
  const fill = itemStart.slice(0, items.length);
  for (let l = 0; l < L; l++) itemLevels[fill[levelItem[l]]++] = l;

  // Batches per level: at least one, the rest by sqrt(popularity) (mobile units receive less often), summing exactly.
  const B = want.batches;
  if (B < L) throw new Error(`BENCH_STOCK_BATCHES (${B}) must be at least the number of stock levels (${L})`);
  const w = new Float64Array(L);
  let W = 0;
  for (let l = 0; l < L; l++) W += w[l] = Math.sqrt(items[levelItem[l]].weight) * (locations[levelLoc[l]].mobile ? 0.5 : 1);
  const perLevel = new Int32Array(L);
  let acc = 0;
  let assigned = 0;
  for (let l = 0; l < L; l++) {
    acc += ((B - L) * w[l]) / W;
    const upto = Math.round(acc);
    perLevel[l] = 1 + upto - assigned;
    assigned = upto;
  }
  perLevel[L - 1] += B - L - assigned;

  const p: Plan = {
    levelItem, levelLoc,
    batchLevel: new Int32Array(B), batchSeq: new Int32Array(B), received: new Float64Array(B), expiryDay: new Int32Array(B),
    unitCost: new Int32Array(B), supplier: new Uint8Array(B), qty: new Int32Array(B), transferLevel: new Int32Array(B).fill(-1),
    transferQty: new Int32Array(B), transferAt: new Float64Array(B), adj: new Int32Array(B), damaged: new Int32Array(B),
    woA: new Int32Array(B), woB: new Int32Array(B), finalA: new Int32Array(B), finalB: new Int32Array(B),
    consumedA: new Int32Array(B), consumedB: new Int32Array(B), issuesA: new Uint8Array(B), issuesB: new Uint8Array(B),
  };
  const anchorDay = Math.floor(anchorMs / DAY);
  let b = 0;
  let fixed = 0; // receipts + transfer legs + adjustments + write-offs
  for (let l = 0; l < L; l++) {
    const item = items[levelItem[l]];
    const n = perLevel[l];
    const interval = Math.min(HISTORY_DAYS / n, 150);
    for (let s = 0; s < n; s++, b++) {
      const r = rngFor(SALT.batch, b);
      p.batchLevel[b] = l;
      p.batchSeq[b] = s;
      const ageDays = Math.max(1, Math.floor((n - 1 - s + r()) * interval));
      // Received on a weekday-ish clinic hour, 07:00-16:00 SAST.
      const recvDay = anchorDay - ageDays;
      const received = recvDay * DAY + 5 * 3_600_000 + Math.floor(r() * 9 * 3_600_000);
      p.received[b] = received;
      const remaining = Math.round(item.shelfDays * (0.3 + 0.7 * r()));
      const expiry = Math.floor((received + SAST) / DAY) + remaining;
      p.expiryDay[b] = expiry;
      p.unitCost[b] = Math.max(1, Math.round(item.costCents * 100 * (0.9 + 0.2 * r())));
      p.supplier[b] = Math.floor(r() * SUPPLIERS.length);
      const q = Math.max(10, Math.round(item.baseQty * (locations[levelLoc[l]].mobile ? 0.3 : 1) * (0.6 + 0.8 * r())));
      p.qty[b] = q;
      fixed += 1;
      const expired = expiry <= todayDay;
      const newest = s >= n - 2;
      // Transfer part of the receipt to another location stocking the item, a few days later.
      const others = itemStart[levelItem[l] + 1] - itemStart[levelItem[l]];
      let startA = q;
      let startB = 0;
      const tAt = received + (1 + Math.floor(r() * 7)) * DAY + Math.floor(r() * 3_600_000);
      if (others > 1 && r() < 0.12 && tAt < anchorMs - 3_600_000 && tAt < (expiry - 1) * DAY - SAST) {
        let target = l;
        while (target === l) target = itemLevels[itemStart[levelItem[l]] + Math.floor(r() * others)];
        const t = Math.max(1, Math.round(q * (0.1 + 0.3 * r())));
        p.transferLevel[b] = target;
        p.transferQty[b] = t;
        p.transferAt[b] = tAt;
        startA -= t;
        startB = t;
        fixed += 2;
      }
      // A positive adjustment adds to what there is to consume; a negative one is consumption.
      const ra = r();
      if (ra < 0.06) {
        const a = Math.max(1, Math.round(q * 0.03 * r()));
        p.adj[b] = ra < 0.018 ? a : -a;
        if (p.adj[b] > 0) startA += a;
        fixed += 1;
      }
      const endState = (start: number, rr: () => number): [final: number, writeOff: number] => {
        if (start <= 0) return [0, 0];
        if (expired) {
          if (rr() >= 0.3) return [0, 0];
          const left = Math.max(1, Math.round(start * (0.02 + 0.23 * rr())));
          // Expired more than 30 days ago: usually written off by now; recently expired: still on the shelf.
          if (expiry <= todayDay - 30 && rr() < 0.85) return [0, left];
          return [left, 0];
        }
        if (newest) return [Math.round(start * (0.1 + 0.8 * rr())), 0];
        return rr() < 0.6 ? [0, 0] : [Math.round(start * (0.05 + 0.35 * rr())), 0];
      };
      const [fA, woA] = endState(startA, r);
      p.finalA[b] = fA;
      p.woA[b] = woA;
      if (woA > 0) fixed += 1;
      let budgetA = startA - fA - woA;
      if (p.adj[b] < 0) {
        p.adj[b] = -Math.min(-p.adj[b], budgetA);
        budgetA += p.adj[b];
        if (p.adj[b] === 0) fixed -= 1;
      }
      if (r() < 0.015 && budgetA > 1) {
        p.damaged[b] = Math.max(1, Math.min(budgetA - 1, Math.round(q * 0.02 * r())));
        budgetA -= p.damaged[b];
        fixed += 1;
      }
      p.consumedA[b] = budgetA;
      if (startB > 0) {
        const [fB, woB] = endState(startB, r);
        p.finalB[b] = fB;
        p.woB[b] = woB;
        if (woB > 0) fixed += 1;
        p.consumedB[b] = startB - fB - woB;
      }
    }
  }
  // Issues: exactly what is left of the movement budget, at least one per holding that consumed
  // something, the rest by consumption (capped at 255 and at the units consumed).
  const budget = want.movements - fixed;
  let mandatory = 0;
  let spare = 0;
  for (let i = 0; i < B; i++) {
    for (const consumed of [p.consumedA[i], p.consumedB[i]]) {
      if (consumed <= 0) continue;
      mandatory++;
      spare += Math.min(254, consumed - 1);
    }
  }
  if (budget < mandatory || budget > mandatory + spare) {
    throw new Error(`Cannot place exactly ${want.movements} movements: ${fixed} fixed, issues need ${mandatory}..${mandatory + spare} (budget ${budget}); change BENCH_STOCK_MOVEMENTS or BENCH_STOCK_BATCHES`);
  }
  const extra = budget - mandatory;
  let acc2 = 0;
  let given = 0;
  const share = (consumed: number) => {
    if (consumed <= 0) return 0;
    const cap = Math.min(254, consumed - 1);
    acc2 += spare > 0 ? (extra * cap) / spare : 0;
    const upto = Math.min(extra, Math.round(acc2));
    const k = Math.min(cap, upto - given);
    given += k;
    return 1 + k;
  };
  for (let i = 0; i < B; i++) {
    p.issuesA[i] = share(p.consumedA[i]);
    p.issuesB[i] = share(p.consumedB[i]);
  }
  // Rounding clamps can leave a few unplaced: hand them to holdings with room.
  for (let i = 0; given < extra && i < B; i++) {
    while (given < extra && p.issuesA[i] > 0 && p.issuesA[i] < Math.min(255, p.consumedA[i])) {
      p.issuesA[i]++;
      given++;
    }
    while (given < extra && p.issuesB[i] > 0 && p.issuesB[i] < Math.min(255, p.consumedB[i])) {
      p.issuesB[i]++;
      given++;
    }
  }
  if (given !== extra) throw new Error(`Placed ${given} of ${extra} extra issues`);
  return p;
}

/** Reorder levels: ~8 % of levels sit below theirs (low stock), the rest comfortably above. */
async function writeLevels(db: Connection, p: Plan, items: Item[], locations: Location[], todayDay: number): Promise<number> {
  const L = p.levelItem.length;
  const usable = new Float64Array(L);
  for (let b = 0; b < p.batchLevel.length; b++) {
    if (p.expiryDay[b] <= todayDay) continue;
    usable[p.batchLevel[b]] += p.finalA[b];
    if (p.transferLevel[b] >= 0) usable[p.transferLevel[b]] += p.finalB[b];
  }
  const buf = new RowBuffer('stock_levels', ['item_id', 'location_id', 'reorder_level', 'reorder_quantity']);
  let low = 0;
  for (let l = 0; l < L; l++) {
    const r = rngFor(SALT.level, l);
    const item = items[p.levelItem[l]];
    const reorderQty = Math.max(10, Math.round(item.baseQty * (locations[p.levelLoc[l]].mobile ? 0.3 : 1)));
    let level: number;
    if (r() < 0.08 || usable[l] === 0) {
      level = Math.ceil(usable[l] * (1.1 + r())) + 10;
    } else {
      level = Math.floor(usable[l] * (0.1 + 0.5 * r()));
    }
    if (usable[l] < level) low++;
    buf.add([item.id, locations[p.levelLoc[l]].id, level, reorderQty]);
  }
  await runStatements(db, buf.take());
  return low;
}

// ---------------------------------------------------------------------------------------------
// Row streams (each expands the plan the same way)

interface Ctx {
  plan: Plan;
  items: Item[];
  locations: Location[];
  supplierIds: string[];
  anchorMs: number;
  kinds: Record<string, number>;
}

const BATCH_COLUMNS = ['id', 'item_id', 'lot_number', 'expiry_date', 'unit_cost', 'supplier_id', 'created_at'];
const ON_HAND_COLUMNS = ['batch_id', 'location_id', 'item_id', 'expiry_date', 'quantity', 'updated_at'];
const MOVEMENT_COLUMNS = [
  'id', 'transaction_id', 'kind', 'item_id', 'batch_id', 'location_id', 'quantity', 'unit_cost', 'reason', 'write_off_reason',
  'reverses_movement_id', 'reference_type', 'reference_id', 'performed_by', 'created_at',
];

const dayText = new Map<number, string>();
function dateOf(day: number): string {
  let s = dayText.get(day);
  if (s === undefined) dayText.set(day, (s = new Date(day * DAY).toISOString().slice(0, 10)));
  return s;
}
const cost = (c: number) => `${Math.floor(c / 10000)}.${String(c % 10000).padStart(4, '0')}`;
const lot = (b: number, received: number) => `BN-${new Date(received).toISOString().slice(2, 7).replace('-', '')}-${b.toString(36).toUpperCase().padStart(5, '0')}`;

function* batchRows(ctx: Ctx): Generator<string> {
  const { plan: p, items, supplierIds } = ctx;
  for (let b = 0; b < p.batchLevel.length; b++) {
    const item = items[p.levelItem[p.batchLevel[b]]];
    yield `${uuidFor(SALT.batch, b)}\t${item.id}\t${lot(b, p.received[b])}\t${dateOf(p.expiryDay[b])}\t${cost(p.unitCost[b])}\t${supplierIds[p.supplier[b]]}\t${sqlDateTime(p.received[b])}\n`;
  }
}

interface Move { kind: string; loc: number; qty: number; at: number; reason: string | null; wo: string | null; tx: number }

/**
 * The movements of batch b in order per location (receipt and positive adjustment first, then the
 * transfer, then issues and negative ones, the expired write-off last), so no running balance
 * goes below zero. `tx` >= 0 makes legs share a transaction (the transfer's two).
 */
function expand(ctx: Ctx, b: number, out: Move[]): void {
  out.length = 0;
  const p = ctx.plan;
  const r = rngFor(SALT.movement, b);
  const locA = p.levelLoc[p.batchLevel[b]];
  const t0 = p.received[b];
  const expiryMs = p.expiryDay[b] * DAY - SAST; // clinic midnight of the expiry date
  const end = Math.min(ctx.anchorMs - 60_000, expiryMs - 3_600_000);
  out.push({ kind: 'receipt', loc: locA, qty: p.qty[b], at: t0, reason: null, wo: null, tx: -1 });
  if (p.adj[b] > 0) out.push({ kind: 'adjustment', loc: locA, qty: p.adj[b], at: t0 + 60_000, reason: ADJUST_UP[Math.floor(r() * ADJUST_UP.length)], wo: null, tx: -1 });
  let startA = t0 + 120_000;
  if (p.transferLevel[b] >= 0) {
    const locB = p.levelLoc[p.transferLevel[b]];
    const at = p.transferAt[b];
    out.push({ kind: 'transfer_out', loc: locA, qty: -p.transferQty[b], at, reason: null, wo: null, tx: 1 });
    out.push({ kind: 'transfer_in', loc: locB, qty: p.transferQty[b], at, reason: null, wo: null, tx: 1 });
    startA = at + 60_000;
    spread(out, 'issue', locB, p.consumedB[b], p.issuesB[b], at + 60_000, end, r);
    if (p.woB[b] > 0) out.push({ kind: 'write_off', loc: locB, qty: -p.woB[b], at: writeOffAt(expiryMs, ctx.anchorMs, r), reason: 'Expired stock removed', wo: 'expired', tx: -1 });
  }
  if (p.adj[b] < 0) {
    out.push({ kind: 'adjustment', loc: locA, qty: p.adj[b], at: between(startA, end, r), reason: ADJUST_DOWN[Math.floor(r() * ADJUST_DOWN.length)], wo: null, tx: -1 });
  }
  if (p.damaged[b] > 0) {
    out.push({ kind: 'write_off', loc: locA, qty: -p.damaged[b], at: between(startA, end, r), reason: DAMAGED[Math.floor(r() * DAMAGED.length)], wo: 'damaged', tx: -1 });
  }
  spread(out, 'issue', locA, p.consumedA[b], p.issuesA[b], startA, end, r);
  if (p.woA[b] > 0) out.push({ kind: 'write_off', loc: locA, qty: -p.woA[b], at: writeOffAt(expiryMs, ctx.anchorMs, r), reason: 'Expired stock removed', wo: 'expired', tx: -1 });
}

function between(from: number, to: number, r: () => number): number {
  return to <= from ? from + 1000 : from + Math.floor(r() * (to - from));
}

function writeOffAt(expiryMs: number, anchorMs: number, r: () => number): number {
  return Math.min(anchorMs - 60_000, expiryMs + (1 + Math.floor(r() * 25)) * DAY + 7 * 3_600_000);
}

/** `total` units in `k` issues (each at least 1) at random times in [from, to]. */
function spread(out: Move[], kind: string, loc: number, total: number, k: number, from: number, to: number, r: () => number): void {
  if (k <= 0) return;
  let left = total - k;
  for (let i = 0; i < k; i++) {
    const take = i === k - 1 ? left : Math.floor(left * Math.min(1, (2 * r()) / (k - i)));
    left -= take;
    out.push({ kind, loc, qty: -(1 + take), at: between(from, to, r), reason: null, wo: null, tx: -1 });
  }
}

function* onHandRows(ctx: Ctx): Generator<string> {
  const { plan: p, items, locations } = ctx;
  const moves: Move[] = [];
  for (let b = 0; b < p.batchLevel.length; b++) {
    expand(ctx, b, moves);
    const item = items[p.levelItem[p.batchLevel[b]]];
    const locA = p.levelLoc[p.batchLevel[b]];
    const batchId = uuidFor(SALT.batch, b);
    const expiry = dateOf(p.expiryDay[b]);
    let lastA = 0;
    let lastB = 0;
    for (const m of moves) {
      if (m.loc === locA) lastA = Math.max(lastA, m.at);
      else lastB = Math.max(lastB, m.at);
    }
    yield `${batchId}\t${locations[locA].id}\t${item.id}\t${expiry}\t${p.finalA[b]}\t${sqlDateTime(lastA)}\n`;
    if (p.transferLevel[b] >= 0) {
      yield `${batchId}\t${locations[p.levelLoc[p.transferLevel[b]]].id}\t${item.id}\t${expiry}\t${p.finalB[b]}\t${sqlDateTime(lastB)}\n`;
    }
  }
}

function* movementRows(ctx: Ctx): Generator<string> {
  const { plan: p, items, locations, kinds } = ctx;
  const moves: Move[] = [];
  let n = 0;
  for (let b = 0; b < p.batchLevel.length; b++) {
    expand(ctx, b, moves);
    const item = items[p.levelItem[p.batchLevel[b]]];
    const batchId = uuidFor(SALT.batch, b);
    const unitCost = cost(p.unitCost[b]);
    const pair = uuidFor(SALT.tx, n);
    const r = rngFor(SALT.movement ^ 0x99, b);
    for (const m of moves) {
      const loc = locations[m.loc];
      const user = loc.users[Math.floor(r() * loc.users.length)];
      const tx = m.tx >= 0 ? pair : uuidFor(SALT.tx ^ 0x3c, n);
      kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
      yield `${uuidFor(SALT.movement, n)}\t${tx}\t${m.kind}\t${item.id}\t${batchId}\t${loc.id}\t${m.qty}\t${unitCost}\t${m.reason ?? '\\N'}\t${m.wo ?? '\\N'}\t\\N\t\\N\t\\N\t${user}\t${sqlDateTime(m.at)}\n`;
      n++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

type Saved = Record<'stock_batches' | 'stock_on_hand' | 'stock_movements', RowDataPacket[]>;

/** Rows not made by this generator (the demo seed's): written back after the TRUNCATE. */
async function saveForeignRows(db: Connection): Promise<Saved> {
  const [batches] = await db.query<RowDataPacket[]>("SELECT * FROM stock_batches WHERE lot_number NOT LIKE 'BN-%'");
  const [onHand] = await db.query<RowDataPacket[]>(
    "SELECT h.* FROM stock_on_hand h JOIN stock_batches b ON b.id = h.batch_id WHERE b.lot_number NOT LIKE 'BN-%'",
  );
  const [movements] = await db.query<RowDataPacket[]>(
    "SELECT m.* FROM stock_movements m JOIN stock_batches b ON b.id = m.batch_id WHERE b.lot_number NOT LIKE 'BN-%' ORDER BY m.created_at",
  );
  if (batches.length) log(`keeping ${batches.length} batches, ${onHand.length} on-hand rows and ${movements.length} movements of the demo seed`);
  return { stock_batches: batches, stock_on_hand: onHand, stock_movements: movements };
}

/** Pulls lines from the generator in ~256 KiB chunks as the socket drains (bounded memory). */
function streamOf(lines: Generator<string>): Readable {
  return new Readable({
    highWaterMark: 1 << 20,
    read() {
      let chunk = '';
      while (chunk.length < 256 * 1024) {
        const next = lines.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          this.push(null);
          return;
        }
        chunk += next.value;
      }
      this.push(chunk);
    },
  });
}

/**
 * A ledger of millions of rows with random UUID keys in seven indexes does not fit MariaDB's default
 * 128 MiB buffer pool: every insert becomes random reads and the load runs at ~1.7k rows/s (measured)
 * instead of ~18k. A server holding this much stock would be sized for it, so the generator raises
 * the pool (a dynamic setting since MariaDB 10.2 / MySQL 5.7) to BENCH_INNODB_BUFFER_POOL_MB when it
 * is smaller, and leaves it there for the scenarios that follow; it never shrinks it.
 */
async function ensureBufferPool(db: Connection): Promise<void> {
  const wantMiB = int('BENCH_INNODB_BUFFER_POOL_MB', 6144, 0, 1_048_576);
  const [[row]] = await db.query<RowDataPacket[]>('SELECT @@innodb_buffer_pool_size AS size');
  const haveMiB = Math.round(Number(row.size) / 2 ** 20);
  if (wantMiB === 0 || haveMiB >= wantMiB) {
    log(`innodb_buffer_pool_size ${haveMiB} MiB (left as it is)`);
    return;
  }
  await db.query('SET GLOBAL innodb_buffer_pool_size = ?', [wantMiB * 2 ** 20]);
  log(`innodb_buffer_pool_size raised from ${haveMiB} to ${wantMiB} MiB for the load and the stock scenarios`);
}

async function bulkLoad(db: Connection, table: string, columns: string[], saved: RowDataPacket[], lines: Generator<string>): Promise<{ table: string; rows: number; ms: number }> {
  const t = performance.now();
  // Empty table + one transaction + both checks off = InnoDB's bulk insert (indexes built by sorting at commit).
  await db.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  await db.query('SET SESSION innodb_lock_wait_timeout = 600');
  await db.query('BEGIN');
  // LOAD DATA first: the bulk path is chosen by the first insert into the empty table, and the kept
  // demo rows inserted first left it off (measured: 3k rows/s instead of 18k at 1M+ movements).
  const [res] = await db.query({
    sql: `LOAD DATA LOCAL INFILE 'bench-${table}.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4
            FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns.join(', ')})`,
    infileStreamFactory: () => streamOf(lines),
  });
  let rows = (res as { affectedRows: number }).affectedRows;
  if (saved.length > 0) {
    const cols = Object.keys(saved[0]);
    const [kept] = await db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [saved.map((r) => cols.map((c) => r[c]))]);
    rows += (kept as { affectedRows: number }).affectedRows;
  }
  await db.query('COMMIT');
  await db.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  const [[warn]] = await db.query<RowDataPacket[]>('SELECT @@warning_count AS n');
  if (Number(warn?.n ?? 0) > 0) log(`${table}: ${warn.n} warnings from LOAD DATA`);
  return { table, rows, ms: performance.now() - t };
}

/**
 * With the checks off during the load, check the result: every (batch, location) balance equals the
 * SUM of its movements (both ways: no movement group without its on-hand row), and movements and
 * on-hand rows reference existing batches and locations.
 */
async function verifyLedger(db: Connection): Promise<NonNullable<StockReport['verify']>> {
  const [[a]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM (SELECT batch_id, location_id, SUM(quantity) AS s FROM stock_movements GROUP BY batch_id, location_id) m
       LEFT JOIN stock_on_hand h ON h.batch_id = m.batch_id AND h.location_id = m.location_id
      WHERE h.quantity IS NULL OR h.quantity <> m.s`,
  );
  const [[c]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM stock_on_hand h
      WHERE NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.batch_id = h.batch_id AND m.location_id = h.location_id)
         OR NOT EXISTS (SELECT 1 FROM stock_batches b WHERE b.id = h.batch_id AND b.item_id = h.item_id AND b.expiry_date = h.expiry_date)
         OR NOT EXISTS (SELECT 1 FROM stock_locations l WHERE l.id = h.location_id)`,
  );
  const [[d]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM (SELECT DISTINCT batch_id FROM stock_movements) m LEFT JOIN stock_batches b ON b.id = m.batch_id WHERE b.id IS NULL`,
  );
  return { ledgerMismatches: Number(a.n), orphanMovements: Number(d.n), orphanOnHand: Number(c.n) };
}

async function describe(db: Connection, params: StockParams): Promise<Pick<StockReport, 'rows' | 'onHand' | 'movementsByKind'>> {
  const rows: Record<string, number> = {};
  for (const t of ['inventory_items', 'suppliers', 'stock_locations', 'stock_levels', 'stock_batches', 'stock_on_hand', 'stock_movements']) {
    const [[r]] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${t}`);
    rows[t] = Number(r.n);
  }
  const today = new Date(Date.parse(params.anchor) + SAST).toISOString().slice(0, 10);
  const [[h]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n, SUM(quantity > 0) AS positive, SUM(quantity > 0 AND expiry_date <= ?) AS expired,
            SUM(quantity > 0 AND expiry_date > ? AND expiry_date <= ? + INTERVAL 30 DAY) AS within30,
            SUM(quantity > 0 AND expiry_date > ? AND expiry_date <= ? + INTERVAL 90 DAY) AS within90
       FROM stock_on_hand`,
    [today, today, today, today, today],
  );
  const [[low]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n FROM stock_levels s
      WHERE s.reorder_level > (SELECT COALESCE(SUM(h.quantity), 0) FROM stock_on_hand h FORCE INDEX (ix_stock_on_hand_fefo)
                                WHERE h.item_id = s.item_id AND h.location_id = s.location_id AND h.expiry_date > ?)`,
    [today],
  );
  return {
    rows,
    movementsByKind: {},
    onHand: {
      rows: Number(h.n), positive: Number(h.positive), expired: Number(h.expired), within30: Number(h.within30), within90: Number(h.within90),
      lowStockLevels: Number(low.n),
    },
  };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`[generate-stock] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
