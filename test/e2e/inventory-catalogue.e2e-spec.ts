import type { Response } from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/** Inventory master data through HTTP: items, reorder levels, suppliers and stock locations (scoped by clinic). */
describe('inventory catalogue', () => {
  let t: TestApp;
  let manager: string;
  let nurse: string;
  let clerk: string;
  let admin: string;
  let clinicId: string;
  let mobileClinicId: string;
  let storeId: string;
  let mobileUnitId: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: unknown = {}) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body as object);
  const put = (token: string, path: string, body: unknown = {}) => t.http().put(`/api/v1${path}`).set(auth(token)).send(body as object);
  const patch = (token: string, path: string, body: unknown = {}) => t.http().patch(`/api/v1${path}`).set(auth(token)).send(body as object);
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const conflict = (res: Response, code: string) => expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: code });
  const one = async (sql: string, params: unknown[] = []) => ((await t.db.query(sql, params)) as { id: string }[])[0].id;

  beforeAll(async () => {
    t = await startTestApp();
    [manager, nurse, clerk, admin] = await Promise.all(['inventory_manager', 'nurse', 'clerk', 'admin'].map((r) => t.tokenFor(r)));
    clinicId = await one("SELECT id FROM clinics WHERE code = 'GP-TSH-001'");
    mobileClinicId = await one("SELECT id FROM clinics WHERE code = 'GP-TSH-M01'");
    storeId = await one("SELECT id FROM stock_locations WHERE code = 'GP-TSH-001-STORE'");
    mobileUnitId = await one("SELECT id FROM stock_locations WHERE code = 'GP-TSH-M01-UNIT'");
  });
  afterAll(() => t.close());

  describe('items', () => {
    it('creates, reads, searches, updates with the version and deactivates an item', async () => {
      const created = await post(manager, '/inventory/items', { code: ' gauze-swab-10cm ', name: 'Gauze swabs 10 x 10 cm', kind: 'consumable', category: 'Dressings', unit: 'pack' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'GAUZE-SWAB-10CM', name: 'Gauze swabs 10 x 10 cm', kind: 'consumable', category: 'Dressings', unit: 'pack', isActive: true, version: 1 });
      const id = created.body.id as string;

      expect((await get(nurse, `/inventory/items/${id}`)).body).toMatchObject({ id, code: 'GAUZE-SWAB-10CM' });

      const byCode = await get(nurse, '/inventory/items?q=gauze-sw&kind=consumable');
      expect(byCode.status).toBe(200);
      expect(byCode.body.data.map((i: { id: string }) => i.id)).toContain(id);
      const byName = await get(nurse, '/inventory/items?q=Gauze%20swabs&category=Dressings&perPage=1');
      expect(byName.body.meta).toMatchObject({ page: 1, perPage: 1 });
      expect(byName.body.data[0].id).toBe(id);
      const medicines = await get(nurse, '/inventory/items?kind=medicine&q=GAUZE');
      expect(medicines.body.data).toEqual([]);

      const updated = await patch(manager, `/inventory/items/${id}`, { version: 1, name: 'Gauze swabs, 10 x 10 cm, 8-ply', unit: 'pack of 100' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Gauze swabs, 10 x 10 cm, 8-ply', unit: 'pack of 100', version: 2, code: 'GAUZE-SWAB-10CM' });

      conflict(await patch(manager, `/inventory/items/${id}`, { version: 1, name: 'Stale' }), 'INVENTORY_ITEM_VERSION_CONFLICT');

      const deactivated = await patch(manager, `/inventory/items/${id}`, { version: 2, isActive: false });
      expect(deactivated.body).toMatchObject({ isActive: false, version: 3 });
      const inactive = await get(nurse, '/inventory/items?active=false&q=GAUZE-SWAB');
      expect(inactive.body.data.map((i: { id: string }) => i.id)).toEqual([id]);
      expect((await get(nurse, '/inventory/items?active=true&q=GAUZE-SWAB')).body.data).toEqual([]);
    });

    it('refuses a taken code with 409 INVENTORY_ITEM_CODE_TAKEN', async () => {
      const body = { code: 'SPLINT-FINGER', name: 'Finger splint', kind: 'consumable', category: 'Orthopaedic', unit: 'each' };
      expect((await post(manager, '/inventory/items', body)).status).toBe(201);
      conflict(await post(manager, '/inventory/items', { ...body, code: 'splint-finger' }), 'INVENTORY_ITEM_CODE_TAKEN');
    });

    it('answers bad input with field-level 400s, never 500', async () => {
      expect(fields(await post(manager, '/inventory/items', {}))).toEqual(['category', 'code', 'kind', 'name', 'unit']);
      expect(fields(await post(manager, '/inventory/items', { code: 'BAD CODE!', name: 7, kind: 'gadget', category: '', unit: 'x'.repeat(31) }))).toEqual([
        'category',
        'code',
        'kind',
        'name',
        'unit',
      ]);
      expect((await post(manager, '/inventory/items', [1, 2])).status).toBe(400);
      const item = await one("SELECT id FROM inventory_items WHERE code = 'SPLINT-FINGER'");
      expect(fields(await patch(manager, `/inventory/items/${item}`, { name: 'No version' }))).toEqual(['version']);
      expect(fields(await patch(manager, `/inventory/items/${item}`, { version: 1, name: null, isActive: 'yes' }))).toEqual(['isActive', 'name']);
      expect(fields(await get(nurse, '/inventory/items?kind=gadget&active=maybe&perPage=500'))).toEqual(['active', 'kind', 'perPage']);
      expect(fields(await get(nurse, '/inventory/items/not-a-uuid'))).toEqual(['id']);
      expect((await get(nurse, '/inventory/items/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('lets only inventory:manage write and inventory:read read', async () => {
      expect((await post(nurse, '/inventory/items', { code: 'X-1', name: 'X', kind: 'consumable', category: 'X', unit: 'each' })).status).toBe(403);
      expect((await get(clerk, '/inventory/items')).status).toBe(403);
      const item = await one("SELECT id FROM inventory_items WHERE code = 'SPLINT-FINGER'");
      expect((await patch(nurse, `/inventory/items/${item}`, { version: 1, name: 'Nope' })).status).toBe(403);
      expect((await put(nurse, `/inventory/items/${item}/levels/${storeId}`, { reorderLevel: 1, reorderQuantity: 1 })).status).toBe(403);
    });
  });

  describe('reorder levels', () => {
    it('sets and lists reorder levels only at locations in the caller’s jurisdiction', async () => {
      const item = (await post(manager, '/inventory/items', { code: 'TONGUE-DEPRESSOR', name: 'Tongue depressors', kind: 'consumable', category: 'Examination', unit: 'box' })).body.id;
      const set = await put(manager, `/inventory/items/${item}/levels/${storeId}`, { reorderLevel: 5, reorderQuantity: 20 });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ itemId: item, locationId: storeId, locationCode: 'GP-TSH-001-STORE', reorderLevel: 5, reorderQuantity: 20 });
      const again = await put(manager, `/inventory/items/${item}/levels/${storeId}`, { reorderLevel: 8, reorderQuantity: 30 });
      expect(again.body).toMatchObject({ reorderLevel: 8, reorderQuantity: 30 });

      // The mobile unit belongs to another clinic: outside the manager's clinic scope, so 404.
      expect((await put(manager, `/inventory/items/${item}/levels/${mobileUnitId}`, { reorderLevel: 1, reorderQuantity: 2 })).status).toBe(404);
      expect((await put(admin, `/inventory/items/${item}/levels/${mobileUnitId}`, { reorderLevel: 2, reorderQuantity: 4 })).status).toBe(200);

      const mine = await get(nurse, `/inventory/items/${item}/levels`);
      expect(mine.status).toBe(200);
      expect(mine.body.map((l: { locationId: string }) => l.locationId)).toEqual([storeId]);
      const all = await get(admin, `/inventory/items/${item}/levels`);
      expect(all.body.map((l: { locationId: string }) => l.locationId).sort()).toEqual([storeId, mobileUnitId].sort());

      expect(fields(await put(manager, `/inventory/items/${item}/levels/${storeId}`, { reorderLevel: -1, reorderQuantity: 1.5 }))).toEqual(['reorderLevel', 'reorderQuantity']);
      expect(fields(await put(manager, `/inventory/items/${item}/levels/nope`, { reorderLevel: 1, reorderQuantity: 1 }))).toEqual(['locationId']);
      expect((await put(manager, `/inventory/items/00000000-0000-4000-8000-000000000000/levels/${storeId}`, { reorderLevel: 1, reorderQuantity: 1 })).status).toBe(404);
      expect((await get(nurse, '/inventory/items/00000000-0000-4000-8000-000000000000/levels')).status).toBe(404);
    });
  });

  describe('suppliers', () => {
    it('creates, lists, reads and updates a supplier; null clears a field', async () => {
      const created = await post(manager, '/inventory/suppliers', {
        name: 'Pretoria Surgical Supplies',
        contactName: 'Kagiso Molefe',
        phone: '+27125550199',
        email: ' Orders@PretoriaSurgical.example ',
        address: '3 Church Street, Pretoria',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Pretoria Surgical Supplies', email: 'orders@pretoriasurgical.example', isActive: true, version: 1 });
      const id = created.body.id as string;

      expect((await get(nurse, `/inventory/suppliers/${id}`)).body).toMatchObject({ id, contactName: 'Kagiso Molefe' });
      const listed = await get(nurse, '/inventory/suppliers?q=pretoria%20surg');
      expect(listed.body.data.map((s: { id: string }) => s.id)).toEqual([id]);

      const updated = await patch(manager, `/inventory/suppliers/${id}`, { version: 1, contactName: null, phone: '+27125550100' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ contactName: null, phone: '+27125550100', version: 2 });
      conflict(await patch(manager, `/inventory/suppliers/${id}`, { version: 1, address: null }), 'SUPPLIER_VERSION_CONFLICT');

      const off = await patch(manager, `/inventory/suppliers/${id}`, { version: 2, isActive: false });
      expect(off.body.isActive).toBe(false);
      expect((await get(nurse, '/inventory/suppliers?q=Pretoria%20Surgical&active=true')).body.data).toEqual([]);
    });

    it('keeps supplier names unique (409 SUPPLIER_NAME_TAKEN), also on rename', async () => {
      expect((await post(manager, '/inventory/suppliers', { name: 'Unique Medical' })).status).toBe(201);
      conflict(await post(manager, '/inventory/suppliers', { name: 'Unique Medical' }), 'SUPPLIER_NAME_TAKEN');
      const other = (await post(manager, '/inventory/suppliers', { name: 'Other Medical' })).body;
      conflict(await patch(manager, `/inventory/suppliers/${other.id}`, { version: 1, name: 'Unique Medical' }), 'SUPPLIER_NAME_TAKEN');
    });

    it('answers bad input with field-level 400s and denies writes without inventory:manage', async () => {
      expect(fields(await post(manager, '/inventory/suppliers', { name: '', phone: '0821234567', email: 'not-an-email', address: 5 }))).toEqual(['address', 'email', 'name', 'phone']);
      expect(fields(await get(nurse, '/inventory/suppliers/123'))).toEqual(['id']);
      expect((await get(nurse, '/inventory/suppliers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await post(nurse, '/inventory/suppliers', { name: 'Nurse Supplier' })).status).toBe(403);
    });
  });

  describe('stock locations', () => {
    it('creates a location at a clinic in scope, reads, lists and updates it', async () => {
      const created = await post(manager, '/inventory/locations', { code: 'gp-tsh-001-er', name: 'Emergency room cupboard', kind: 'clinic_store', clinicId });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'GP-TSH-001-ER', kind: 'clinic_store', clinicId, clinicName: 'Pretoria Central Police Clinic', isActive: true });
      const id = created.body.id as string;

      expect((await get(nurse, `/inventory/locations/${id}`)).body).toMatchObject({ id, name: 'Emergency room cupboard' });
      const listed = await get(nurse, '/inventory/locations?q=GP-TSH');
      const codes = listed.body.data.map((l: { code: string }) => l.code);
      expect(codes).toEqual(expect.arrayContaining(['GP-TSH-001-ER', 'GP-TSH-001-STORE']));
      expect(codes).not.toContain('GP-TSH-M01-UNIT');
      expect((await get(nurse, '/inventory/locations?kind=mobile_unit')).body.data).toEqual([]);

      const renamed = await patch(manager, `/inventory/locations/${id}`, { name: 'ER cupboard', isActive: false });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'ER cupboard', isActive: false });
      expect((await get(nurse, '/inventory/locations?active=false')).body.data.map((l: { id: string }) => l.id)).toEqual([id]);

      conflict(await post(manager, '/inventory/locations', { code: 'GP-TSH-001-ER', name: 'Again', kind: 'clinic_store', clinicId }), 'STOCK_LOCATION_CODE_TAKEN');
    });

    it('hides a location at another clinic (404), while national staff see and manage it', async () => {
      expect((await post(manager, '/inventory/locations', { code: 'GP-TSH-M01-X', name: 'Not mine', kind: 'mobile_unit', clinicId: mobileClinicId })).status).toBe(404);
      const created = await post(admin, '/inventory/locations', { code: 'GP-TSH-M01-SPARE', name: 'Spare mobile stock', kind: 'mobile_unit', clinicId: mobileClinicId });
      expect(created.status).toBe(201);
      const id = created.body.id as string;

      expect((await get(manager, `/inventory/locations/${id}`)).status).toBe(404);
      expect((await get(manager, `/inventory/locations/${mobileUnitId}`)).status).toBe(404);
      expect((await patch(manager, `/inventory/locations/${id}`, { name: 'Mine now' })).status).toBe(404);
      expect((await get(manager, `/inventory/locations?clinicId=${mobileClinicId}`)).body.data).toEqual([]);
      const national = await get(admin, `/inventory/locations?clinicId=${mobileClinicId}`);
      expect(national.body.data.map((l: { code: string }) => l.code)).toEqual(['GP-TSH-M01-SPARE', 'GP-TSH-M01-UNIT']);
      expect((await post(admin, '/inventory/locations', { code: 'NOWHERE', name: 'No clinic', kind: 'clinic_store', clinicId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    });

    it('answers bad input with field-level 400s and denies writes without inventory:manage', async () => {
      expect(fields(await post(manager, '/inventory/locations', { code: 'x', name: '', kind: 'van', clinicId: 'clinic' }))).toEqual(['clinicId', 'code', 'kind', 'name']);
      expect(fields(await patch(manager, `/inventory/locations/${storeId}`, { name: null, isActive: 1 }))).toEqual(['isActive', 'name']);
      expect(fields(await get(nurse, '/inventory/locations?clinicId=abc'))).toEqual(['clinicId']);
      expect((await post(nurse, '/inventory/locations', { code: 'NURSE-1', name: 'Nurse', kind: 'clinic_store', clinicId })).status).toBe(403);
      expect((await get(clerk, '/inventory/locations')).status).toBe(403);
    });
  });
});
