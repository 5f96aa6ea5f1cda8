import type { DataSource, EntityManager } from 'typeorm';
import { clinicToday } from '../../common/time/clinic-date';
import { addDays } from './asset-lifecycle';

/*
 * Demo equipment (npm run seed -- --demo) at the inventory demo's two locations: a warranty ending
 * within 30 days, an overdue maintenance schedule, an asset under maintenance and a retired one, so
 * the register, the maintenance views and the nightly alerts have something to show. Fixed ids and
 * INSERT IGNORE make it idempotent; dates are relative to the first seed. A location that is missing
 * (the inventory demo did not run) is skipped.
 */

const id = (n: number) => `a55e7d0e-6b1c-4f2a-9d3e-${String(n).padStart(12, '0')}`;
const STORE = 'GP-TSH-001-STORE';
const MOBILE = 'GP-TSH-M01-UNIT';

interface DemoAsset {
  n: number;
  at: typeof STORE | typeof MOBILE;
  tag: string;
  name: string;
  category: string;
  manufacturer: string;
  model: string;
  serial: string;
  /** Days before the seed. */
  purchased: number;
  cost: string;
  /** Days from the seed (negative: already ended). */
  warranty: number;
  status?: 'under_maintenance' | 'retired';
  retired?: { daysAgo: number; reason: string };
  notes?: string;
  /** [task, interval days, next due in days from the seed]. */
  schedules?: [string, number, number][];
  /** [kind, days ago, vendor, cost, notes, index of the schedule it satisfied]. */
  log?: ['preventive' | 'corrective' | 'calibration' | 'inspection', number, string | null, string | null, string, number?][];
}

const ASSETS: DemoAsset[] = [
  {
    n: 1, at: STORE, tag: 'AST-TSH001-0001', name: 'Automatic blood pressure monitor', category: 'Diagnostic', manufacturer: 'Omron', model: 'HBP-1320',
    serial: 'OMR-1320-5500231', purchased: 700, cost: '6850.00', warranty: 20,
    schedules: [['Annual calibration check', 365, 45]],
    log: [['calibration', 320, 'MedEquip Services', '450.00', 'Within tolerance', 0]],
  },
  {
    n: 2, at: STORE, tag: 'AST-TSH001-0002', name: 'Blood glucose meter', category: 'Diagnostic', manufacturer: 'Roche', model: 'Accu-Chek Instant',
    serial: 'ACI-88120455', purchased: 400, cost: '520.00', warranty: 330,
    schedules: [['Control solution quality check', 30, -5]],
    log: [['inspection', 35, null, null, 'Control solution in range', 0]],
  },
  {
    n: 3, at: STORE, tag: 'AST-TSH001-0003', name: '12-lead ECG machine', category: 'Diagnostic', manufacturer: 'Schiller', model: 'Cardiovit AT-102 G2',
    serial: 'SCH-AT102-77031', purchased: 900, cost: '68500.00', warranty: -170, status: 'under_maintenance',
    notes: 'Lead II trace noisy; with the vendor for repair',
    schedules: [['Electrical safety test', 365, 120]],
    log: [['corrective', 3, 'Schiller Africa', null, 'Collected for repair of the patient cable and amplifier board']],
  },
  {
    n: 4, at: STORE, tag: 'AST-TSH001-0004', name: 'Benchtop autoclave, 23 litre', category: 'Sterilisation', manufacturer: 'Tuttnauer', model: '2540EK',
    serial: 'TUT-2540-310982', purchased: 1200, cost: '74200.00', warranty: -470,
    schedules: [['Spore (biological indicator) test', 30, 10], ['Annual pressure vessel inspection', 365, 200]],
    log: [['preventive', 20, null, null, 'Spore test passed', 0], ['inspection', 165, 'SteriServ Gauteng', '1800.00', 'Pressure vessel certified', 1]],
  },
  {
    n: 5, at: STORE, tag: 'AST-TSH001-0005', name: 'Vaccine refrigerator, 98 litre', category: 'Cold chain', manufacturer: 'Vestfrost', model: 'VLS 204A',
    serial: 'VF-VLS204-4410273', purchased: 500, cost: '38900.00', warranty: 595,
    schedules: [['Temperature logger calibration', 180, 60]],
  },
  {
    n: 6, at: STORE, tag: 'AST-TSH001-0006', name: 'Compressor nebuliser', category: 'Respiratory', manufacturer: 'Philips', model: 'InnoSpire Essence',
    serial: 'PH-INS-220981', purchased: 1500, cost: '1350.00', warranty: -770, status: 'retired',
    retired: { daysAgo: 30, reason: 'Motor burnt out; beyond economical repair' },
    schedules: [['Filter replacement', 90, -20]],
  },
  {
    n: 7, at: MOBILE, tag: 'AST-TSHM01-0001', name: 'Mobile unit vehicle generator, 5 kVA', category: 'Power', manufacturer: 'Honda', model: 'EU70is',
    serial: 'HON-EU70-1022871', purchased: 600, cost: '52500.00', warranty: 130,
    schedules: [['Generator service (oil, filters, plugs)', 90, 15]],
    log: [['preventive', 75, 'Tshwane Power Services', '2100.00', '250-hour service', 0]],
  },
  {
    n: 8, at: MOBILE, tag: 'AST-TSHM01-0002', name: 'Portable pulse oximeter', category: 'Diagnostic', manufacturer: 'Nonin', model: 'PalmSAT 2500',
    serial: 'NON-2500-661204', purchased: 250, cost: '4300.00', warranty: 480,
  },
];

type Db = DataSource | EntityManager;

export async function seedAssetsDemo(db: Db): Promise<void> {
  const today = clinicToday();
  const day = (offset: number) => addDays(today, offset);
  await db.transaction(async (m) => {
    const [manager] = (await m.query("SELECT id FROM users WHERE email = 'inventory.manager@demo.clinic.local'")) as { id: string }[];
    if (!manager) return;
    const locations = (await m.query('SELECT id, code FROM stock_locations WHERE code IN (?, ?)', [STORE, MOBILE])) as { id: string; code: string }[];
    const [supplier] = (await m.query("SELECT id FROM suppliers WHERE name = 'Gauteng Medical Depot'")) as { id: string }[];
    for (const a of ASSETS) {
      const location = locations.find((l) => l.code === a.at);
      if (!location) continue;
      const assetId = id(a.n);
      await m.query(
        `INSERT IGNORE INTO assets (id, asset_tag, name, category, manufacturer, model, serial_number, purchase_date, purchase_cost, supplier_id,
           warranty_expiry, location_id, status, retired_on, retirement_reason, notes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          assetId, a.tag, a.name, a.category, a.manufacturer, a.model, a.serial, day(-a.purchased), a.cost, supplier?.id ?? null,
          day(a.warranty), location.id, a.status ?? 'in_service', a.retired ? day(-a.retired.daysAgo) : null, a.retired?.reason ?? null, a.notes ?? null,
        ],
      );
      const scheduleIds = (a.schedules ?? []).map((_, i) => id(a.n * 100 + i));
      for (const [i, [task, interval, due]] of (a.schedules ?? []).entries()) {
        await m.query(
          'INSERT IGNORE INTO asset_maintenance_schedules (id, asset_id, task, interval_days, next_due_date, is_active) VALUES (?, ?, ?, ?, ?, ?)',
          [scheduleIds[i], assetId, task, interval, day(due), a.status === 'retired' ? 0 : 1],
        );
      }
      for (const [i, [kind, daysAgo, vendor, cost, notes, schedule]] of (a.log ?? []).entries()) {
        await m.query(
          `INSERT IGNORE INTO asset_maintenance_log (id, asset_id, schedule_id, kind, performed_on, performed_by, vendor, cost, notes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id(a.n * 1000 + i), assetId, schedule === undefined ? null : scheduleIds[schedule], kind, day(-daysAgo), manager.id, vendor, cost, notes],
        );
      }
    }
  });
}
