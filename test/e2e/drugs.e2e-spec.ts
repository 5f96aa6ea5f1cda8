import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

interface Drug {
  id: string;
  code: string;
  genericName: string;
  brandName: string | null;
  strength: string;
  dosageForm: string;
  route: string;
  packSize: number;
  dispensingUnit: string;
  nappiCode: string | null;
  schedule: string;
  isControlled: boolean;
  atcCode: string;
  drugClass: string;
  inventoryItemId: string;
  isActive: boolean;
  version: number;
}

/** The drug catalogue through HTTP: the seeded essential medicines, search, create, update, bad input and permissions. */
describe('drug catalogue', () => {
  let t: TestApp;
  let tokens: Record<'manager' | 'nurse' | 'doctor' | 'viewer' | 'clerk' | 'admin', string>;
  let seq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const post = (token: string, body: object) => t.http().post('/api/v1/drugs').set(auth(token)).send(body);
  const patch = (token: string, id: string, body: object) => t.http().patch(`/api/v1/drugs/${id}`).set(auth(token)).send(body);
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const list = async (query: string, token = tokens.doctor): Promise<{ data: Drug[]; meta: { total: number } }> => {
    const res = await get(token, `/drugs?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const byCode = async (code: string): Promise<Drug> => {
    const { data } = await list(`q=${encodeURIComponent(code)}&perPage=100`);
    const drug = data.find((d) => d.code === code);
    expect(drug).toBeDefined();
    return drug!;
  };
  const newDrug = (overrides: object = {}) => {
    seq += 1;
    return {
      code: `testacillin-${seq}00MG-CAP`,
      genericName: 'testacillin',
      strength: `${seq}00 mg`,
      dosageForm: 'capsule',
      route: 'oral',
      packSize: 21,
      dispensingUnit: 'capsule',
      schedule: 'S4',
      atcCode: 'j01ca99',
      drugClass: ' Penicillins ',
      category: 'Antibiotics',
      ...overrides,
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const [manager, nurse, doctor, viewer, clerk, admin] = await Promise.all(['inventory_manager', 'nurse', 'doctor', 'viewer', 'clerk', 'admin'].map((r) => t.tokenFor(r)));
    tokens = { manager, nurse, doctor, viewer, clerk, admin };
  });
  afterAll(() => t.close());

  describe('seeded essential medicines', () => {
    it('holds at least 100 medicines, each with its medicine inventory item of the same code and unit', async () => {
      const { meta } = await list('perPage=1');
      expect(meta.total).toBeGreaterThanOrEqual(100);
      const unlinked = await t.db.query(
        `SELECT d.code FROM drugs d JOIN inventory_items i ON i.id = d.inventory_item_id
          WHERE i.code <> d.code OR i.kind <> 'medicine' OR i.unit <> d.dispensing_unit`,
      );
      expect(unlinked).toEqual([]);
      const [{ invented }] = (await t.db.query('SELECT COUNT(*) AS invented FROM drugs WHERE nappi_code IS NOT NULL OR brand_name IS NOT NULL')) as { invented: string }[];
      expect(Number(invented)).toBe(0);
    });

    it.each([
      ['AMOXICILLIN-500MG-CAP', 'S4', 'J01CA04', 'penicillins'],
      ['PARACETAMOL-500MG-TAB', 'S0', 'N02BE01', 'analgesics'],
      ['METFORMIN-500MG-TAB', 'S3', 'A10BA02', 'biguanides'],
      ['METFORMIN-850MG-TAB', 'S3', 'A10BA02', 'biguanides'],
      ['AMLODIPINE-5MG-TAB', 'S3', 'C08CA01', 'calcium channel blockers'],
      ['HYDROCHLOROTHIAZIDE-12.5MG-TAB', 'S3', 'C03AA03', 'thiazide diuretics'],
      ['ENALAPRIL-10MG-TAB', 'S3', 'C09AA02', 'ace inhibitors'],
      ['IBUPROFEN-400MG-TAB', 'S2', 'M01AE01', 'nsaids'],
      ['MORPHINE-10MG/ML-INJ', 'S6', 'N02AA01', 'opioids'],
      ['DIAZEPAM-5MG-TAB', 'S5', 'N05BA01', 'benzodiazepines'],
      ['CEPHALEXIN-250MG-CAP', 'S4', 'J01DB01', 'cephalosporins'],
      ['COTRIMOXAZOLE-480MG-TAB', 'S4', 'J01EE01', 'sulfonamides'],
      ['TDF/3TC/DTG-300/300/50MG-TAB', 'S4', 'J05AR27', 'antiretrovirals'],
      ['RHZE-150/75/400/275MG-TAB', 'S4', 'J04AM06', 'antituberculosis'],
      ['PETHIDINE-50MG/ML-INJ', 'S6', 'N02AB02', 'opioids'],
    ])('includes %s (%s, %s, %s)', async (code, schedule, atcCode, drugClass) => {
      const drug = await byCode(code);
      expect(drug).toMatchObject({ schedule, atcCode, drugClass, isControlled: schedule === 'S5' || schedule === 'S6', isActive: true, nappiCode: null, brandName: null });
    });
  });

  describe('GET /drugs', () => {
    it('searches by generic-name prefix, case-insensitively, ordered by name', async () => {
      const { data } = await list('q=AMOX&perPage=100');
      expect(data.length).toBeGreaterThanOrEqual(5);
      expect(data.every((d) => d.genericName.startsWith('amoxicillin'))).toBe(true);
      expect(data.map((d) => d.genericName)).toEqual([...data.map((d) => d.genericName)].sort());
    });

    it('searches by code prefix and by a word inside the name', async () => {
      expect((await list('q=COTRIMOXAZOLE-4')).data.map((d) => d.code)).toEqual(['COTRIMOXAZOLE-480MG-TAB']);
      const clavulanic = await list('q=clavulanic');
      expect(clavulanic.data.length).toBeGreaterThanOrEqual(1);
      expect(clavulanic.data.every((d) => d.genericName.includes('clavulanic'))).toBe(true);
      expect((await list('q=dolutegravir')).data.map((d) => d.code)).toEqual(expect.arrayContaining(['TDF/3TC/DTG-300/300/50MG-TAB', 'DOLUTEGRAVIR-50MG-TAB']));
      expect((await list('q=100%25_')).data).toEqual([]);
    });

    it('filters by schedule, class, ATC prefix and active, and pages', async () => {
      const controlled = await list('schedule=S6&perPage=100');
      expect(controlled.data.length).toBeGreaterThanOrEqual(2);
      expect(controlled.data.every((d) => d.schedule === 'S6' && d.isControlled)).toBe(true);
      const penicillins = await list('drugClass=PENICILLINS&perPage=100');
      expect(penicillins.data.every((d) => d.drugClass === 'penicillins')).toBe(true);
      expect(penicillins.data.map((d) => d.code)).toContain('AMOXICILLIN-500MG-CAP');
      const antibacterials = await list('atcCode=j01&perPage=100');
      expect(antibacterials.data.length).toBeGreaterThanOrEqual(10);
      expect(antibacterials.data.every((d) => d.atcCode.startsWith('J01'))).toBe(true);
      expect((await list('active=false')).meta.total).toBe(0);
      const page2 = await list('perPage=10&page=2');
      expect(page2.data).toHaveLength(10);
      expect(page2.meta).toMatchObject({ page: 2, perPage: 10, hasPrev: true, hasNext: true });
    });

    it('is open to prescribers, dispensers and stock readers', async () => {
      for (const token of [tokens.doctor, tokens.nurse, tokens.viewer, tokens.manager, tokens.admin]) expect((await get(token, '/drugs?perPage=1')).status).toBe(200);
    });

    it('is refused to a clerk', async () => {
      const res = await get(tokens.clerk, '/drugs');
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
    });

    it('refuses bad filters with field messages', async () => {
      expect(fields(await get(tokens.doctor, '/drugs?schedule=S9&atcCode=123&active=maybe&perPage=0&q='))).toEqual(['active', 'atcCode', 'perPage', 'q', 'schedule']);
    });
  });

  describe('GET /drugs/:id', () => {
    it('returns a drug', async () => {
      const amoxicillin = await byCode('AMOXICILLIN-500MG-CAP');
      const res = await get(tokens.nurse, `/drugs/${amoxicillin.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...amoxicillin, createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(res.body).toMatchObject({ genericName: 'amoxicillin', strength: '500 mg', dosageForm: 'capsule', route: 'oral', dispensingUnit: 'capsule' });
    });

    it('answers 404 for an unknown id and 400 for a non-UUID', async () => {
      expect((await get(tokens.doctor, `/drugs/${randomUUID()}`)).status).toBe(404);
      expect((await get(tokens.doctor, '/drugs/not-a-uuid')).status).toBe(400);
    });

    it('is refused to a clerk', async () => {
      expect((await get(tokens.clerk, `/drugs/${randomUUID()}`)).status).toBe(403);
    });
  });

  describe('POST /drugs', () => {
    it('creates a drug with its medicine inventory item in one go', async () => {
      const body = newDrug();
      const res = await post(tokens.manager, body);
      expect(res.status).toBe(201);
      const drug = res.body as Drug;
      expect(drug).toMatchObject({
        code: body.code.toUpperCase(),
        genericName: 'testacillin',
        brandName: null,
        nappiCode: null,
        schedule: 'S4',
        isControlled: false,
        atcCode: 'J01CA99',
        drugClass: 'penicillins',
        isActive: true,
        version: 1,
      });
      const [item] = (await t.db.query('SELECT code, kind, unit, category, name FROM inventory_items WHERE id = ?', [drug.inventoryItemId])) as Record<string, string>[];
      expect(item).toEqual({ code: drug.code, kind: 'medicine', unit: 'capsule', category: 'Antibiotics', name: `testacillin ${body.strength} capsule` });
      expect((await get(tokens.doctor, `/drugs/${drug.id}`)).body.code).toBe(drug.code);
    });

    it('marks schedule 5 and 6 drugs as controlled and keeps brand and NAPPI code', async () => {
      const res = await post(tokens.admin, newDrug({ schedule: 'S5', brandName: 'Testium', nappiCode: '700123-001', drugClass: 'benzodiazepines', atcCode: 'N05BA99' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ schedule: 'S5', isControlled: true, brandName: 'Testium', nappiCode: '700123-001' });
      const [item] = (await t.db.query('SELECT is_controlled FROM inventory_items WHERE id = ?', [res.body.inventoryItemId])) as { is_controlled: number }[];
      expect(Number(item.is_controlled)).toBe(1);
    });

    it('links an existing medicine inventory item of the same code', async () => {
      const itemId = randomUUID();
      const code = `LINKED-${seq + 1}00MG-TAB`;
      await t.db.query("INSERT INTO inventory_items (id, code, name, kind, category, unit) VALUES (?, ?, 'linked', 'medicine', 'test', 'tablet')", [itemId, code]);
      const res = await post(tokens.manager, newDrug({ code, inventoryItemId: itemId, dosageForm: 'tablet', dispensingUnit: 'tablet' }));
      expect(res.status).toBe(201);
      expect(res.body.inventoryItemId).toBe(itemId);
      const again = await post(tokens.manager, newDrug({ code: 'OTHER-CODE-TAB', inventoryItemId: itemId, dispensingUnit: 'tablet' }));
      expect(fields(again)).toEqual(['code']);
    });

    it('refuses to link an item that is not a matching medicine', async () => {
      const res = await post(tokens.manager, newDrug({ inventoryItemId: randomUUID() }));
      expect(fields(res)).toEqual(['inventoryItemId']);
      const [gloves] = (await t.db.query("SELECT id, code FROM inventory_items WHERE kind = 'consumable' LIMIT 1")) as { id: string; code: string }[];
      expect(fields(await post(tokens.manager, newDrug({ code: gloves.code, inventoryItemId: gloves.id, dispensingUnit: 'box' })))).toEqual(
        expect.arrayContaining(['inventoryItemId']),
      );
    });

    it('answers 409 DRUG_CODE_TAKEN for a code a drug or an inventory item has', async () => {
      const taken = await post(tokens.manager, newDrug({ code: 'amoxicillin-500mg-cap' }));
      expect({ status: taken.status, error: taken.body.error }).toEqual({ status: 409, error: 'DRUG_CODE_TAKEN' });
      const [consumable] = (await t.db.query("SELECT code FROM inventory_items WHERE kind = 'consumable' LIMIT 1")) as { code: string }[];
      const itemTaken = await post(tokens.manager, newDrug({ code: consumable.code }));
      expect({ status: itemTaken.status, error: itemTaken.body.error }).toEqual({ status: 409, error: 'DRUG_CODE_TAKEN' });
      // Nothing half-written: the failed drug left no inventory item behind.
      const [{ n }] = (await t.db.query("SELECT COUNT(*) AS n FROM inventory_items WHERE name LIKE 'testacillin%' AND id NOT IN (SELECT inventory_item_id FROM drugs)")) as { n: string }[];
      expect(Number(n)).toBe(0);
    });

    it('answers 409 DRUG_INVENTORY_ITEM_LINKED when the item belongs to another drug', async () => {
      const amoxicillin = await byCode('AMOXICILLIN-500MG-CAP');
      // Same code as the item, so only the one-drug-per-item key can refuse it.
      await t.db.query("UPDATE drugs SET code = 'AMOXICILLIN-500MG-CAP-OLD' WHERE id = ?", [amoxicillin.id]);
      try {
        const res = await post(tokens.manager, newDrug({ code: 'AMOXICILLIN-500MG-CAP', inventoryItemId: amoxicillin.inventoryItemId }));
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'DRUG_INVENTORY_ITEM_LINKED' });
      } finally {
        await t.db.query("UPDATE drugs SET code = 'AMOXICILLIN-500MG-CAP' WHERE id = ?", [amoxicillin.id]);
      }
    });

    it('refuses bad input with a message per field', async () => {
      const res = await post(tokens.manager, {
        code: 'bad code!',
        genericName: '',
        strength: 'x'.repeat(61),
        dosageForm: 'lozenge',
        route: 'nasal-ish',
        packSize: 0,
        dispensingUnit: 7,
        schedule: 'S9',
        atcCode: 'J1CA04',
        drugClass: '',
        nappiCode: '12AB',
        inventoryItemId: 'nope',
      });
      expect(fields(res)).toEqual(['atcCode', 'code', 'dispensingUnit', 'dosageForm', 'drugClass', 'genericName', 'inventoryItemId', 'nappiCode', 'packSize', 'route', 'schedule', 'strength']);
      expect(fields(await post(tokens.manager, {}))).toEqual(
        expect.arrayContaining(['atcCode', 'code', 'dispensingUnit', 'dosageForm', 'drugClass', 'genericName', 'packSize', 'route', 'schedule', 'strength']),
      );
    });

    it('is refused to nurses, doctors and viewers', async () => {
      for (const token of [tokens.nurse, tokens.doctor, tokens.viewer]) {
        const res = await post(token, newDrug());
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 403, error: 'MISSING_PERMISSION' });
      }
    });
  });

  describe('PATCH /drugs/:id', () => {
    let drug: Drug;
    beforeAll(async () => {
      drug = (await post(tokens.manager, newDrug())).body as Drug;
    });

    it('changes only the fields sent and bumps the version', async () => {
      const res = await patch(tokens.manager, drug.id, { version: 1, brandName: 'Testamox', schedule: 'S6', drugClass: 'Opioids', atcCode: 'n02aa99' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...drug, brandName: 'Testamox', schedule: 'S6', isControlled: true, drugClass: 'opioids', atcCode: 'N02AA99', version: 2, updatedAt: expect.any(String) });
      const itemControlled = async () =>
        Number(((await t.db.query('SELECT is_controlled FROM inventory_items WHERE id = ?', [drug.inventoryItemId])) as { is_controlled: number }[])[0].is_controlled);
      // The stock item follows the schedule: S6 stock leaves only by dispensing.
      expect(await itemControlled()).toBe(1);
      const cleared = await patch(tokens.manager, drug.id, { version: 2, brandName: null, isActive: false });
      expect(cleared.body).toMatchObject({ brandName: null, isActive: false, version: 3, schedule: 'S6' });
      await patch(tokens.manager, drug.id, { version: 3, schedule: 'S3' }).expect(200);
      expect(await itemControlled()).toBe(0);
      expect((await list(`q=${encodeURIComponent(drug.code)}&active=false`)).data.map((d) => d.id)).toEqual([drug.id]);
    });

    it('answers 409 DRUG_VERSION_CONFLICT for a stale version', async () => {
      const res = await patch(tokens.manager, drug.id, { version: 1, strength: '1 g' });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'DRUG_VERSION_CONFLICT' });
    });

    it('refuses bad input, including nulls for required fields', async () => {
      expect(fields(await patch(tokens.manager, drug.id, { genericName: null, packSize: -1, route: 'by mouth', dosageForm: null }))).toEqual([
        'dosageForm',
        'genericName',
        'packSize',
        'route',
        'version',
      ]);
    });

    it('answers 404 for an unknown drug', async () => {
      expect((await patch(tokens.manager, randomUUID(), { version: 1, strength: '1 g' })).status).toBe(404);
    });

    it('is refused to a nurse', async () => {
      expect((await patch(tokens.nurse, drug.id, { version: 3, strength: '1 g' })).status).toBe(403);
    });
  });
});
