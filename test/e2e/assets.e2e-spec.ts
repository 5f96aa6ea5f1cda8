import type { Response } from 'supertest';
import { clinicToday } from '../../src/common/time/clinic-date';
import { addDays } from '../../src/inventory/assets/asset-lifecycle';
import { startTestApp, TestApp } from '../support/test-app';

/** The equipment register through HTTP: register, maintain, change status, retire; scoped by the location's clinic. */
describe('assets', () => {
  let t: TestApp;
  let manager: string;
  let nurse: string;
  let clerk: string;
  let admin: string;
  let managerId: string;
  let storeId: string;
  let mobileUnitId: string;
  let supplierId: string;
  let seq = 0;
  const today = clinicToday();

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: unknown = {}) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body as object);
  const patch = (token: string, path: string, body: unknown = {}) => t.http().patch(`/api/v1${path}`).set(auth(token)).send(body as object);
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const conflict = (res: Response, code: string) => expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: code });
  const one = async (sql: string, params: unknown[] = []) => ((await t.db.query(sql, params)) as { id: string }[])[0].id;

  const newAsset = async (body: object = {}, token = manager) => {
    seq += 1;
    const res = await post(token, '/assets', {
      assetTag: `test-${seq}`,
      name: 'Suction unit',
      category: 'Emergency',
      manufacturer: 'Laerdal',
      model: 'LCSU 4',
      serialNumber: `SN-${seq}-${Date.now()}`,
      purchaseDate: addDays(today, -400),
      purchaseCost: 12500.5,
      supplierId,
      warrantyExpiry: addDays(today, 300),
      locationId: storeId,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; status: string; serialNumber: string; assetTag: string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    [manager, nurse, clerk, admin] = await Promise.all(['inventory_manager', 'nurse', 'clerk', 'admin'].map((r) => t.tokenFor(r)));
    managerId = await one("SELECT id FROM users WHERE email = 'inventory.manager@demo.clinic.local'");
    storeId = await one("SELECT id FROM stock_locations WHERE code = 'GP-TSH-001-STORE'");
    mobileUnitId = await one("SELECT id FROM stock_locations WHERE code = 'GP-TSH-M01-UNIT'");
    supplierId = await one('SELECT id FROM suppliers ORDER BY name LIMIT 1');
  });
  afterAll(() => t.close());

  describe('register', () => {
    it('registers an asset in service and reads it back with schedules and maintenance', async () => {
      const created = await post(manager, '/assets', {
        assetTag: ' ast-test-0001 ',
        name: 'Defibrillator (AED)',
        category: 'Emergency',
        manufacturer: 'Philips',
        model: 'HeartStart FRx',
        serialNumber: 'PH-FRX-000123',
        purchaseDate: addDays(today, -100),
        purchaseCost: 28999.99,
        supplierId,
        warrantyExpiry: addDays(today, 3 * 365),
        locationId: storeId,
        notes: 'Mounted at reception',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        assetTag: 'AST-TEST-0001',
        status: 'in_service',
        allowedNextStatuses: ['under_maintenance', 'retired'],
        purchaseCost: '28999.99',
        supplierId,
        locationId: storeId,
        locationCode: 'GP-TSH-001-STORE',
        version: 1,
        schedules: [],
        recentMaintenance: [],
        retiredOn: null,
      });
      const got = await get(nurse, `/assets/${created.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: created.body.id, serialNumber: 'PH-FRX-000123', purchaseDate: addDays(today, -100) });
    });

    it('keeps asset tags and serial numbers unique (409)', async () => {
      const first = await newAsset();
      conflict(await post(manager, '/assets', { assetTag: 'OTHER-TAG-1', name: 'X', category: 'X', serialNumber: first.serialNumber, locationId: storeId }), 'ASSET_SERIAL_NUMBER_TAKEN');
      conflict(await post(manager, '/assets', { assetTag: first.assetTag, name: 'X', category: 'X', locationId: storeId }), 'ASSET_TAG_TAKEN');
      const second = await newAsset({ serialNumber: null });
      conflict(await patch(manager, `/assets/${second.id}`, { version: 1, serialNumber: first.serialNumber }), 'ASSET_SERIAL_NUMBER_TAKEN');
    });

    it('answers bad input with field-level 400s, never 500', async () => {
      expect(fields(await post(manager, '/assets', {}))).toEqual(['assetTag', 'category', 'locationId', 'name']);
      expect(
        fields(
          await post(manager, '/assets', {
            assetTag: 'BAD TAG',
            name: 'X',
            category: 'X',
            purchaseDate: '2025-02-30',
            purchaseCost: -1,
            warrantyExpiry: 'soon',
            supplierId: 'abc',
            locationId: storeId,
          }),
        ),
      ).toEqual(['assetTag', 'purchaseCost', 'purchaseDate', 'supplierId', 'warrantyExpiry']);
      expect(fields(await post(manager, '/assets', { assetTag: 'T-1', name: 'X', category: 'X', purchaseCost: 10.123, locationId: storeId }))).toEqual(['purchaseCost']);
      expect(
        fields(
          await post(manager, '/assets', {
            assetTag: 'T-2',
            name: 'X',
            category: 'X',
            purchaseDate: addDays(today, 1),
            warrantyExpiry: addDays(today, -10),
            supplierId: '00000000-0000-4000-8000-000000000000',
            locationId: storeId,
          }),
        ),
      ).toEqual(['purchaseDate', 'supplierId', 'warrantyExpiry']);
      expect(fields(await get(nurse, '/assets?status=broken&warrantyExpiringWithinDays=-1&locationId=x'))).toEqual(['locationId', 'status', 'warrantyExpiringWithinDays']);
      expect(fields(await get(nurse, '/assets/nope'))).toEqual(['id']);
      expect((await get(nurse, '/assets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await post(manager, '/assets', 'just text')).status).toBe(400);
    });

    it('lets only inventory:manage write and inventory:read read', async () => {
      expect((await post(nurse, '/assets', { assetTag: 'N-1', name: 'X', category: 'X', locationId: storeId })).status).toBe(403);
      expect((await get(nurse, '/assets')).status).toBe(200);
      expect((await get(clerk, '/assets')).status).toBe(403);
      const asset = await newAsset();
      expect((await post(nurse, `/assets/${asset.id}/status`, { status: 'under_maintenance' })).status).toBe(403);
      expect((await post(nurse, `/assets/${asset.id}/maintenance`, { kind: 'inspection', performedOn: today })).status).toBe(403);
    });
  });

  describe('jurisdiction', () => {
    it("hides assets at another clinic's location (404) and refuses to place one there", async () => {
      expect((await post(manager, '/assets', { assetTag: 'MOB-1', name: 'X', category: 'X', locationId: mobileUnitId })).status).toBe(404);
      const mobile = await newAsset({ locationId: mobileUnitId }, admin);
      expect((await get(manager, `/assets/${mobile.id}`)).status).toBe(404);
      expect((await patch(manager, `/assets/${mobile.id}`, { version: 1, name: 'Mine' })).status).toBe(404);
      expect((await post(manager, `/assets/${mobile.id}/status`, { status: 'under_maintenance' })).status).toBe(404);
      expect((await post(manager, `/assets/${mobile.id}/retire`, { retiredOn: today, reason: 'x' })).status).toBe(404);
      expect((await get(manager, `/assets/${mobile.id}/maintenance`)).status).toBe(404);
      expect((await get(manager, `/assets?locationId=${mobileUnitId}`)).body.data).toEqual([]);
      expect((await get(admin, `/assets?locationId=${mobileUnitId}`)).body.data.map((a: { id: string }) => a.id)).toContain(mobile.id);

      const mine = await newAsset();
      expect((await patch(manager, `/assets/${mine.id}`, { version: 1, locationId: mobileUnitId })).status).toBe(404);
    });

    it('lists the demo register with its filters', async () => {
      const all = await get(nurse, '/assets?perPage=100');
      const tags = all.body.data.map((a: { assetTag: string }) => a.assetTag);
      expect(tags).toEqual(expect.arrayContaining(['AST-TSH001-0001', 'AST-TSH001-0006']));
      expect(tags).not.toContain('AST-TSHM01-0001');
      const expiring = await get(nurse, '/assets?warrantyExpiringWithinDays=30');
      expect(expiring.body.data.map((a: { assetTag: string }) => a.assetTag)).toEqual(['AST-TSH001-0001']);
      expect((await get(nurse, '/assets?status=under_maintenance')).body.data.map((a: { assetTag: string }) => a.assetTag)).toEqual(['AST-TSH001-0003']);
      expect((await get(nurse, '/assets?status=retired')).body.data.map((a: { assetTag: string }) => a.assetTag)).toEqual(['AST-TSH001-0006']);
      const coldChain = await get(nurse, `/assets?category=Cold%20chain&locationId=${storeId}&perPage=1`);
      expect(coldChain.body.data.map((a: { assetTag: string }) => a.assetTag)).toEqual(['AST-TSH001-0005']);
      expect(coldChain.body.meta).toMatchObject({ total: 1, page: 1, perPage: 1 });

      const glucometer = (await get(nurse, '/assets?category=Diagnostic&perPage=100')).body.data.find((a: { assetTag: string }) => a.assetTag === 'AST-TSH001-0002');
      const detail = await get(nurse, `/assets/${glucometer.id}`);
      expect(detail.body.schedules[0]).toMatchObject({ overdue: true, isActive: true });
      expect(detail.body.recentMaintenance).toHaveLength(1);
    });
  });

  describe('updates', () => {
    it('updates with the version, clears with null, and answers a stale version with 409', async () => {
      const asset = await newAsset();
      const updated = await patch(manager, `/assets/${asset.id}`, { version: 1, name: 'Suction unit, portable', manufacturer: null, purchaseCost: null });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Suction unit, portable', manufacturer: null, purchaseCost: null, version: 2 });
      conflict(await patch(manager, `/assets/${asset.id}`, { version: 1, name: 'Stale' }), 'ASSET_VERSION_CONFLICT');
      expect(fields(await patch(manager, `/assets/${asset.id}`, { name: 'No version' }))).toEqual(['version']);
      expect(fields(await patch(manager, `/assets/${asset.id}`, { version: 2, name: null, locationId: null }))).toEqual(['locationId', 'name']);
      expect(fields(await patch(manager, `/assets/${asset.id}`, { version: 2, warrantyExpiry: addDays(today, -1000) }))).toEqual(['warrantyExpiry']);
    });
  });

  describe('lifecycle and maintenance', () => {
    it('goes under maintenance and back; a repeat is 409 ASSET_STATUS; retire is not a status change', async () => {
      const asset = await newAsset();
      const down = await post(manager, `/assets/${asset.id}/status`, { status: 'under_maintenance', note: 'Pump noisy' });
      expect(down.status).toBe(200);
      expect(down.body).toMatchObject({ status: 'under_maintenance', allowedNextStatuses: ['in_service', 'retired'], version: 2 });
      expect(down.body.notes).toContain('Under maintenance: Pump noisy');
      conflict(await post(manager, `/assets/${asset.id}/status`, { status: 'under_maintenance' }), 'ASSET_STATUS');
      expect(fields(await post(manager, `/assets/${asset.id}/status`, { status: 'retired' }))).toEqual(['status']);
      const up = await post(manager, `/assets/${asset.id}/status`, { status: 'in_service' });
      expect(up.body).toMatchObject({ status: 'in_service' });
    });

    it('plans maintenance, records it in one go (next due date, back in service) and lists the log', async () => {
      const asset = await newAsset();
      const schedule = await post(manager, `/assets/${asset.id}/maintenance-schedules`, { task: 'Annual service', intervalDays: 365, nextDueDate: addDays(today, -3) });
      expect(schedule.status).toBe(201);
      expect(schedule.body).toMatchObject({ assetId: asset.id, task: 'Annual service', intervalDays: 365, nextDueDate: addDays(today, -3), isActive: true, overdue: true });
      const scheduleId = schedule.body.id as string;

      const changed = await patch(manager, `/assets/${asset.id}/maintenance-schedules/${scheduleId}`, { intervalDays: 180, task: 'Six-monthly service' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ intervalDays: 180, task: 'Six-monthly service' });

      await post(manager, `/assets/${asset.id}/status`, { status: 'under_maintenance' }).expect(200);
      const performedOn = addDays(today, -1);
      const recorded = await post(manager, `/assets/${asset.id}/maintenance`, {
        kind: 'preventive',
        performedOn,
        scheduleId,
        vendor: 'MedEquip Services',
        cost: 1450,
        notes: 'Seals replaced',
        returnToService: true,
      });
      expect(recorded.status).toBe(201);
      expect(recorded.body).toMatchObject({ assetId: asset.id, scheduleId, kind: 'preventive', performedOn, performedBy: managerId, cost: '1450.00', vendor: 'MedEquip Services' });

      const detail = (await get(nurse, `/assets/${asset.id}`)).body;
      expect(detail.status).toBe('in_service');
      expect(detail.schedules[0]).toMatchObject({ id: scheduleId, nextDueDate: addDays(performedOn, 180), overdue: false });
      expect(detail.recentMaintenance.map((l: { id: string }) => l.id)).toEqual([recorded.body.id]);

      await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'inspection', performedOn: addDays(today, -30) }).expect(201);
      const log = await get(nurse, `/assets/${asset.id}/maintenance?perPage=1`);
      expect(log.status).toBe(200);
      expect(log.body.meta).toMatchObject({ total: 2, perPage: 1, hasNext: true });
      expect(log.body.data[0].id).toBe(recorded.body.id);

      expect(fields(await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'service', performedOn: addDays(today, 1), cost: -5, scheduleId: 'x' }))).toEqual([
        'cost',
        'kind',
        'scheduleId',
      ]);
      expect(fields(await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'inspection', performedOn: addDays(today, 1) }))).toEqual(['performedOn']);
      expect((await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'inspection', performedOn: today, scheduleId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
      expect(fields(await post(manager, `/assets/${asset.id}/maintenance-schedules`, { task: '', intervalDays: 0, nextDueDate: 'tomorrow' }))).toEqual(['intervalDays', 'nextDueDate', 'task']);
      expect((await patch(manager, `/assets/${asset.id}/maintenance-schedules/00000000-0000-4000-8000-000000000000`, { task: 'X' })).status).toBe(404);

      await patch(manager, `/assets/${asset.id}/maintenance-schedules/${scheduleId}`, { isActive: false }).expect(200);
      conflict(await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'preventive', performedOn: today, scheduleId }), 'MAINTENANCE_SCHEDULE_INACTIVE');
    });

    it('retires on a valid date only, stops its schedules, and then refuses every change (409 ASSET_RETIRED)', async () => {
      const asset = await newAsset({ purchaseDate: addDays(today, -200) });
      const schedule = (await post(manager, `/assets/${asset.id}/maintenance-schedules`, { task: 'Filter change', intervalDays: 90, nextDueDate: addDays(today, 10) })).body;

      expect(fields(await post(manager, `/assets/${asset.id}/retire`, { retiredOn: addDays(today, 1), reason: 'Broken' }))).toEqual(['retiredOn']);
      expect(fields(await post(manager, `/assets/${asset.id}/retire`, { retiredOn: addDays(today, -201), reason: 'Broken' }))).toEqual(['retiredOn']);
      expect(fields(await post(manager, `/assets/${asset.id}/retire`, { retiredOn: today }))).toEqual(['reason']);

      const retired = await post(manager, `/assets/${asset.id}/retire`, { retiredOn: today, reason: 'Beyond economical repair' });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ status: 'retired', retiredOn: today, retirementReason: 'Beyond economical repair', allowedNextStatuses: [] });
      expect(retired.body.schedules).toEqual([expect.objectContaining({ id: schedule.id, isActive: false, overdue: false })]);

      conflict(await post(manager, `/assets/${asset.id}/retire`, { retiredOn: today, reason: 'Again' }), 'ASSET_RETIRED');
      conflict(await post(manager, `/assets/${asset.id}/status`, { status: 'in_service' }), 'ASSET_RETIRED');
      conflict(await patch(manager, `/assets/${asset.id}`, { version: retired.body.version, name: 'Renamed' }), 'ASSET_RETIRED');
      conflict(await post(manager, `/assets/${asset.id}/maintenance-schedules`, { task: 'X', intervalDays: 1, nextDueDate: today }), 'ASSET_RETIRED');
      conflict(await patch(manager, `/assets/${asset.id}/maintenance-schedules/${schedule.id}`, { isActive: true }), 'ASSET_RETIRED');
      conflict(await post(manager, `/assets/${asset.id}/maintenance`, { kind: 'inspection', performedOn: today }), 'ASSET_RETIRED');
      expect((await get(nurse, `/assets/${asset.id}`)).body.status).toBe('retired');
    });

    it('lets one of two racing status changes win', async () => {
      const asset = await newAsset();
      const results = await Promise.all([1, 2].map(() => post(manager, `/assets/${asset.id}/status`, { status: 'under_maintenance' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });
});
