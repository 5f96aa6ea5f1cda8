import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { clinicToday } from '../common/time/clinic-date';
import { addDays } from './stock-rules';

/*
 * Demo stock (npm run seed -- --demo): three suppliers, consumables, a clinic store at GP-TSH-001 and
 * a mobile unit at GP-TSH-M01, reorder levels, and receipts written through the ledger (movement and
 * on-hand together) so that /inventory/ledger-check holds. Some items sit below their reorder level,
 * some batches expire within 30, 60 and 90 days, one expired batch is still on hand, and medicines
 * have several batches with different expiries so FEFO shows. Drugs come from the catalogue
 * migration; a code that does not exist is skipped. Ids derive from stable keys, so a second run
 * changes nothing (expiry dates are fixed by the first run).
 */

export const DEMO_STORE_CODE = 'GP-TSH-001-STORE';
export const DEMO_MOBILE_UNIT_CODE = 'GP-TSH-M01-UNIT';

/** A stable UUID (v5 layout) from a key, so demo rows keep their ids across runs. */
export function demoInventoryId(key: string): string {
  const hex = createHash('sha1').update(`inventory-demo:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const SUPPLIERS: [name: string, contact: string, phone: string, email: string, address: string][] = [
  ['Gauteng Medical Depot', 'Thandi Mokoena', '+27123456701', 'orders@gmd.example.co.za', 'Medical Depot, 1 Depot Road, Auckland Park'],
  ['Afrimed Distributors (Pty) Ltd', 'Johan van Wyk', '+27115550102', 'sales@afrimed.example.co.za', '14 Industry Street, Midrand'],
  ['Clinical Consumables SA', 'Priya Naidoo', '+27315550103', 'info@clinicalconsumables.example.co.za', '8 Harbour View, Durban'],
];

const CONSUMABLES: [code: string, name: string, category: string, unit: string][] = [
  ['GLOVES-EXAM-M', 'Examination gloves, nitrile, medium', 'gloves', 'each'],
  ['GLOVES-EXAM-L', 'Examination gloves, nitrile, large', 'gloves', 'each'],
  ['SYRINGE-5ML', 'Syringe 5 ml, Luer lock, sterile', 'injection supplies', 'each'],
  ['NEEDLE-23G', 'Hypodermic needle 23G x 25 mm', 'injection supplies', 'each'],
  ['HIV-RAPID-TEST', 'HIV-1/2 rapid antibody test', 'rapid tests', 'each'],
  ['GLUCOSE-TEST-STRIP', 'Blood glucose test strip', 'rapid tests', 'each'],
  ['URINE-DIPSTICK-10', 'Urine reagent strip, 10 parameters', 'rapid tests', 'each'],
  ['PREGNANCY-TEST', 'Urine hCG pregnancy test', 'rapid tests', 'each'],
  ['DRESSING-GAUZE-10CM', 'Gauze swab 10 x 10 cm, sterile', 'dressings', 'each'],
  ['BANDAGE-CREPE-75MM', 'Crepe bandage 75 mm', 'dressings', 'each'],
  ['ALCOHOL-SWAB', 'Alcohol prep swab, 70% isopropyl', 'dressings', 'each'],
  ['FACE-MASK-SURGICAL', 'Surgical face mask, 3-ply', 'PPE', 'each'],
];

/** [lot, expiry in days from the first seed (negative: expired), quantity, unit cost, supplier index]. */
type Lot = [lot: string, expiresInDays: number, quantity: number, unitCost: string, supplier: number];
interface Holding {
  /** [reorder level, reorder quantity] */
  level: [number, number];
  lots: Lot[];
}
/** Per item code: what the store and the mobile unit hold. */
const STOCK: Record<string, { store?: Holding; mobile?: Holding }> = {
  'GLOVES-EXAM-M': { store: { level: [200, 1000], lots: [['GLV-M-2403', 420, 1500, '0.9500', 2]] }, mobile: { level: [100, 300], lots: [['GLV-M-2403', 420, 60, '0.9500', 2]] } },
  'GLOVES-EXAM-L': { store: { level: [200, 1000], lots: [['GLV-L-2403', 430, 800, '0.9500', 2]] } },
  'SYRINGE-5ML': { store: { level: [300, 1000], lots: [['SYR5-7781', 25, 200, '1.2000', 2], ['SYR5-8120', 600, 900, '1.1500', 2]] }, mobile: { level: [50, 200], lots: [['SYR5-8120', 600, 120, '1.1500', 2]] } },
  'NEEDLE-23G': { store: { level: [300, 1000], lots: [['N23-5512', 700, 1000, '0.4500', 2]] }, mobile: { level: [50, 200], lots: [['N23-5512', 700, 30, '0.4500', 2]] } },
  'HIV-RAPID-TEST': {
    store: { level: [100, 400], lots: [['HIVRT-1102', 50, 150, '18.5000', 0], ['HIVRT-1187', 210, 300, '18.5000', 0]] },
    mobile: { level: [40, 100], lots: [['HIVRT-1102', 50, 25, '18.5000', 0]] },
  },
  'GLUCOSE-TEST-STRIP': { store: { level: [100, 500], lots: [['GLU-3390', 80, 400, '3.2000', 1]] }, mobile: { level: [50, 150], lots: [['GLU-3390', 80, 75, '3.2000', 1]] } },
  'URINE-DIPSTICK-10': { store: { level: [50, 200], lots: [['URS-0921', -4, 40, '2.7500', 1], ['URS-1044', 300, 100, '2.7500', 1]] } },
  'PREGNANCY-TEST': { store: { level: [30, 100], lots: [['HCG-2207', 365, 20, '4.1000', 1]] } },
  'DRESSING-GAUZE-10CM': { store: { level: [200, 500], lots: [['GZ-6650', 900, 600, '0.8000', 2]] }, mobile: { level: [50, 150], lots: [['GZ-6650', 900, 80, '0.8000', 2]] } },
  'BANDAGE-CREPE-75MM': { store: { level: [40, 100], lots: [['CRP-1290', 1000, 35, '6.5000', 2]] } },
  'ALCOHOL-SWAB': { store: { level: [500, 2000], lots: [['ALC-4471', 85, 1200, '0.1500', 2]] }, mobile: { level: [100, 400], lots: [['ALC-4471', 85, 150, '0.1500', 2]] } },
  'FACE-MASK-SURGICAL': { store: { level: [200, 1000], lots: [['MSK-0310', 500, 150, '1.9000', 2]] } },
  // Medicines (inventory items created by the drug catalogue migration).
  'AMOXICILLIN-500MG-CAP': {
    store: { level: [300, 1000], lots: [['AMX-23A17', 20, 60, '0.6200', 0], ['AMX-24B02', 140, 500, '0.6500', 0], ['AMX-24C11', 400, 700, '0.6400', 1]] },
    mobile: { level: [60, 200], lots: [['AMX-24B02', 140, 90, '0.6500', 0]] },
  },
  'PARACETAMOL-500MG-TAB': {
    store: { level: [500, 2000], lots: [['PCM-23K40', -10, 100, '0.0800', 0], ['PCM-24A09', 45, 400, '0.0800', 0], ['PCM-24D21', 500, 2000, '0.0750', 1]] },
    mobile: { level: [100, 500], lots: [['PCM-24A09', 45, 200, '0.0800', 0]] },
  },
  'METFORMIN-500MG-TAB': { store: { level: [500, 2000], lots: [['MET5-24E01', 70, 300, '0.1100', 0], ['MET5-24F14', 330, 1500, '0.1050', 0]] } },
  'METFORMIN-850MG-TAB': { store: { level: [300, 1000], lots: [['MET8-24C30', 360, 250, '0.1400', 0]] } },
  'AMLODIPINE-5MG-TAB': { store: { level: [300, 1000], lots: [['AML-24A15', 28, 120, '0.0900', 1], ['AML-24G02', 450, 900, '0.0900', 1]] } },
  'HYDROCHLOROTHIAZIDE-12.5MG-TAB': { store: { level: [300, 1000], lots: [['HCT-24B19', 380, 800, '0.0500', 0]] } },
  'ENALAPRIL-10MG-TAB': { store: { level: [300, 1000], lots: [['ENA-24D07', 85, 280, '0.1200', 0], ['ENA-24H22', 520, 600, '0.1150', 0]] } },
  'IBUPROFEN-400MG-TAB': {
    store: { level: [300, 1000], lots: [['IBU-24B05', 55, 300, '0.1000', 1], ['IBU-24E28', 420, 900, '0.0950', 1]] },
    mobile: { level: [60, 200], lots: [['IBU-24B05', 55, 40, '0.1000', 1]] },
  },
  'MORPHINE-10MG/ML-INJ': { store: { level: [10, 20], lots: [['MOR-24A03', 240, 12, '9.8000', 0]] } },
  'DIAZEPAM-5MG-TAB': { store: { level: [50, 200], lots: [['DZP-24C12', 300, 100, '0.2500', 0]] } },
  'CEPHALEXIN-250MG-CAP': { store: { level: [200, 500], lots: [['CEX-24B27', 35, 80, '0.7000', 1], ['CEX-24F09', 310, 300, '0.6800', 1]] } },
  'COTRIMOXAZOLE-480MG-TAB': { store: { level: [300, 1000], lots: [['CTX-24A30', 75, 500, '0.1300', 0], ['CTX-24E17', 280, 800, '0.1250', 0]] } },
};

/** Consumables used at the store after the receipts, so the ledger shows issues too: [code, lot, quantity, days ago]. */
const ISSUES: [string, string, number, number][] = [
  ['GLOVES-EXAM-M', 'GLV-M-2403', 120, 3],
  ['SYRINGE-5ML', 'SYR5-7781', 40, 2],
  ['HIV-RAPID-TEST', 'HIVRT-1102', 30, 1],
  ['ALCOHOL-SWAB', 'ALC-4471', 200, 1],
];

type Db = DataSource | EntityManager;

export async function seedInventoryDemo(db: Db): Promise<void> {
  const today = clinicToday();
  await db.transaction(async (m) => {
    const [manager] = (await m.query("SELECT id FROM users WHERE email = 'inventory.manager@demo.clinic.local'")) as { id: string }[];
    const clinics = (await m.query("SELECT id, code FROM clinics WHERE code IN ('GP-TSH-001', 'GP-TSH-M01')")) as { id: string; code: string }[];
    const clinicId = (code: string) => clinics.find((c) => c.code === code)?.id;
    if (!manager || !clinicId('GP-TSH-001') || !clinicId('GP-TSH-M01')) throw new Error('Inventory demo needs the demo clinics and inventory manager');

    for (const [name, contact, phone, email, address] of SUPPLIERS) {
      await m.query('INSERT IGNORE INTO suppliers (id, name, contact_name, phone, email, address) VALUES (?, ?, ?, ?, ?, ?)', [
        demoInventoryId(`supplier:${name}`),
        name,
        contact,
        phone,
        email,
        address,
      ]);
    }
    const supplierIds = (await m.query('SELECT id, name FROM suppliers WHERE name IN (?)', [SUPPLIERS.map((s) => s[0])])) as { id: string; name: string }[];
    const supplierId = (index: number) => supplierIds.find((s) => s.name === SUPPLIERS[index][0])?.id ?? null;

    for (const [code, name, category, unit] of CONSUMABLES) {
      await m.query("INSERT IGNORE INTO inventory_items (id, code, name, kind, category, unit) VALUES (?, ?, ?, 'consumable', ?, ?)", [
        demoInventoryId(`item:${code}`),
        code,
        name,
        category,
        unit,
      ]);
    }
    const locations: [string, string, 'clinic_store' | 'mobile_unit', string][] = [
      [DEMO_STORE_CODE, 'Pretoria Central Police Clinic store room', 'clinic_store', clinicId('GP-TSH-001')!],
      [DEMO_MOBILE_UNIT_CODE, 'Tshwane Mobile Clinic 1 vehicle stock', 'mobile_unit', clinicId('GP-TSH-M01')!],
    ];
    for (const [code, name, kind, clinic] of locations) {
      await m.query('INSERT IGNORE INTO stock_locations (id, code, name, kind, clinic_id) VALUES (?, ?, ?, ?, ?)', [demoInventoryId(`location:${code}`), code, name, kind, clinic]);
    }
    const locationRows = (await m.query('SELECT id, code FROM stock_locations WHERE code IN (?, ?)', [DEMO_STORE_CODE, DEMO_MOBILE_UNIT_CODE])) as { id: string; code: string }[];
    const locationId = { store: locationRows.find((l) => l.code === DEMO_STORE_CODE)!.id, mobile: locationRows.find((l) => l.code === DEMO_MOBILE_UNIT_CODE)!.id };

    const items = (await m.query('SELECT id, code FROM inventory_items WHERE code IN (?)', [Object.keys(STOCK)])) as { id: string; code: string }[];
    const itemId = new Map(items.map((i) => [i.code, i.id]));
    const batchOf = new Map<string, { id: string; expiry: string; cost: string }>();

    for (const [code, holdings] of Object.entries(STOCK)) {
      const item = itemId.get(code);
      if (!item) continue; // a drug the catalogue does not have (yet)
      for (const place of ['store', 'mobile'] as const) {
        const holding = holdings[place];
        if (!holding) continue;
        await m.query('INSERT IGNORE INTO stock_levels (item_id, location_id, reorder_level, reorder_quantity) VALUES (?, ?, ?, ?)', [
          item,
          locationId[place],
          ...holding.level,
        ]);
        for (const [lot, expiresInDays, quantity, unitCost, supplier] of holding.lots) {
          await m.query('INSERT IGNORE INTO stock_batches (id, item_id, lot_number, expiry_date, unit_cost, supplier_id) VALUES (?, ?, ?, ?, ?, ?)', [
            demoInventoryId(`batch:${code}:${lot}`),
            item,
            lot,
            addDays(today, expiresInDays),
            unitCost,
            supplierId(supplier),
          ]);
          const [batch] = (await m.query("SELECT id, DATE_FORMAT(expiry_date, '%Y-%m-%d') AS expiry, unit_cost AS cost FROM stock_batches WHERE item_id = ? AND lot_number = ?", [
            item,
            lot,
          ])) as { id: string; expiry: string; cost: string }[];
          batchOf.set(`${code}:${lot}`, batch);
          // Received some weeks ago (before any expiry), so the ledger reads in order.
          const receivedDaysAgo = Math.min(30, Math.max(5, 5 - expiresInDays));
          await recordDemoMovement(m, {
            key: `receipt:${code}:${lot}:${place}`,
            kind: 'receipt',
            itemId: item,
            batch,
            locationId: locationId[place],
            quantity,
            unitCost,
            performedBy: manager.id,
            daysAgo: receivedDaysAgo,
            referenceType: 'supplier',
            referenceId: supplierId(supplier),
          });
        }
      }
    }
    for (const [code, lot, quantity, daysAgo] of ISSUES) {
      const batch = batchOf.get(`${code}:${lot}`);
      if (!batch) continue;
      await recordDemoMovement(m, {
        key: `issue:${code}:${lot}`,
        kind: 'issue',
        itemId: itemId.get(code)!,
        batch,
        locationId: locationId.store,
        quantity: -quantity,
        unitCost: batch.cost,
        performedBy: manager.id,
        daysAgo,
        referenceType: null,
        referenceId: null,
      });
    }
  });
}

/** Writes one movement and its on-hand change, once: a movement that exists already is left alone. */
async function recordDemoMovement(
  m: EntityManager,
  mv: {
    key: string;
    kind: 'receipt' | 'issue';
    itemId: string;
    batch: { id: string; expiry: string };
    locationId: string;
    quantity: number;
    unitCost: string;
    performedBy: string;
    daysAgo: number;
    referenceType: string | null;
    referenceId: string | null;
  },
): Promise<void> {
  const id = demoInventoryId(`movement:${mv.key}`);
  const exists = (await m.query('SELECT id FROM stock_movements WHERE id = ?', [id])) as unknown[];
  if (exists.length > 0) return;
  if (mv.quantity > 0) {
    await m.query(
      `INSERT INTO stock_on_hand (batch_id, location_id, item_id, expiry_date, quantity) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)`,
      [mv.batch.id, mv.locationId, mv.itemId, mv.batch.expiry, mv.quantity],
    );
  } else {
    const result = (await m.query('UPDATE stock_on_hand SET quantity = quantity - ? WHERE batch_id = ? AND location_id = ? AND quantity >= ?', [
      -mv.quantity,
      mv.batch.id,
      mv.locationId,
      -mv.quantity,
    ])) as { affectedRows: number };
    if (result.affectedRows !== 1) return;
  }
  await m.query(
    `INSERT INTO stock_movements (id, transaction_id, kind, item_id, batch_id, location_id, quantity, unit_cost, reason,
       reference_type, reference_id, performed_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3) - INTERVAL ? DAY)`,
    [
      id,
      demoInventoryId(`transaction:${mv.key}`),
      mv.kind,
      mv.itemId,
      mv.batch.id,
      mv.locationId,
      mv.quantity,
      mv.unitCost,
      mv.kind === 'receipt' ? 'Demo delivery' : 'Demo: used in clinic',
      mv.referenceType,
      mv.referenceId,
      mv.performedBy,
      mv.daysAgo,
    ],
  );
}
