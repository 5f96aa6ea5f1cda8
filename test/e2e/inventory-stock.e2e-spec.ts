import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { clinicToday } from '../../src/common/time/clinic-date';
import { startTestApp, TestApp } from '../support/test-app';

const addDays = (days: number) => {
  const d = new Date(`${clinicToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The stock ledger through HTTP: every endpoint's happy path, bad input, permissions and scope, and on-hand = ledger. */
describe('inventory stock ledger', () => {
  let t: TestApp;
  let tokens: Record<'manager' | 'nurse' | 'doctor' | 'viewer' | 'clerk' | 'admin', string>;
  let store: string;
  let mobile: string;
  let adminId: string;
  let itemSeq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const get = (token: string, path: string) => t.http().get(`/api/v1${path}`).set(auth(token));
  const fields = (res: Response) => {
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
    return [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();
  };
  const conflict = (res: Response) => ({ status: res.status, error: res.body.error as string });

  const newItem = async (kind = 'consumable'): Promise<string> => {
    itemSeq += 1;
    const id = randomUUID();
    await t.db.query("INSERT INTO inventory_items (id, code, name, kind, category, unit) VALUES (?, ?, ?, ?, 'test', 'each')", [
      id,
      `TEST-ITEM-${itemSeq}-${id.slice(0, 6)}`,
      `Test item ${itemSeq}`,
      kind,
    ]);
    return id;
  };
  const receive = async (itemId: string, lot: string, expiryDays: number, quantity: number, locationId = store, token = tokens.manager, unitCost = 2.5) => {
    const res = await post(token, '/inventory/stock', { locationId, itemId, lotNumber: lot, expiryDate: addDays(expiryDays), quantity, unitCost });
    expect(res.status).toBe(201);
    return res.body as { transactionId: string; movements: { id: string; batchId: string; quantity: number; kind: string }[] };
  };
  /** Stock of a batch that has already expired (the API refuses such a receipt), written consistently. */
  const expiredStock = async (itemId: string, lot: string, quantity: number, locationId = store): Promise<string> => {
    const batchId = randomUUID();
    await t.db.query('INSERT INTO stock_batches (id, item_id, lot_number, expiry_date, unit_cost) VALUES (?, ?, ?, ?, 1)', [batchId, itemId, lot, addDays(-3)]);
    await t.db.query('INSERT INTO stock_on_hand (batch_id, location_id, item_id, expiry_date, quantity) VALUES (?, ?, ?, ?, ?)', [batchId, locationId, itemId, addDays(-3), quantity]);
    await t.db.query(
      "INSERT INTO stock_movements (id, transaction_id, kind, item_id, batch_id, location_id, quantity, unit_cost, performed_by) VALUES (?, ?, 'receipt', ?, ?, ?, ?, 1, ?)",
      [randomUUID(), randomUUID(), itemId, batchId, locationId, quantity, adminId],
    );
    return batchId;
  };
  const onHand = async (batchId: string, locationId = store): Promise<number> => {
    const rows = (await t.db.query('SELECT quantity FROM stock_on_hand WHERE batch_id = ? AND location_id = ?', [batchId, locationId])) as { quantity: number }[];
    return rows[0] ? Number(rows[0].quantity) : 0;
  };
  const sqlMismatches = async (): Promise<unknown[]> =>
    t.db.query(
      `SELECT k.batch_id, k.location_id, COALESCE(oh.quantity, 0) AS on_hand, COALESCE(led.total, 0) AS ledger
         FROM (SELECT batch_id, location_id FROM stock_on_hand UNION SELECT batch_id, location_id FROM stock_movements) k
         LEFT JOIN stock_on_hand oh ON oh.batch_id = k.batch_id AND oh.location_id = k.location_id
         LEFT JOIN (SELECT batch_id, location_id, SUM(quantity) AS total FROM stock_movements GROUP BY batch_id, location_id) led
                ON led.batch_id = k.batch_id AND led.location_id = k.location_id
        WHERE COALESCE(oh.quantity, 0) <> COALESCE(led.total, 0)`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const [manager, nurse, doctor, viewer, clerk, admin] = await Promise.all(['inventory_manager', 'nurse', 'doctor', 'viewer', 'clerk', 'admin'].map((r) => t.tokenFor(r)));
    tokens = { manager, nurse, doctor, viewer, clerk, admin };
    const locations = (await t.db.query("SELECT id, code FROM stock_locations WHERE code IN ('GP-TSH-001-STORE', 'GP-TSH-M01-UNIT')")) as { id: string; code: string }[];
    store = locations.find((l) => l.code === 'GP-TSH-001-STORE')!.id;
    mobile = locations.find((l) => l.code === 'GP-TSH-M01-UNIT')!.id;
    adminId = ((await t.db.query("SELECT id FROM users WHERE email = 'admin@clinic.local'")) as { id: string }[])[0].id;
  });
  afterAll(() => t.close());

  describe('demo data', () => {
    it('seeds both locations through the ledger', async () => {
      const res = await get(tokens.admin, '/inventory/ledger-check').expect(200);
      expect(res.body.consistent).toBe(true);
      expect(res.body.checkedBalances).toBeGreaterThan(10);
      const low = await get(tokens.manager, `/inventory/on-hand?locationId=${store}&belowReorder=true&perPage=100`).expect(200);
      expect(low.body.data.length).toBeGreaterThan(0);
      expect(low.body.data.every((r: { belowReorder: boolean }) => r.belowReorder)).toBe(true);
    });
  });

  describe('POST /inventory/stock (receiveStock)', () => {
    it('creates the batch, writes a receipt and adds to on-hand; the same lot adds to the same batch', async () => {
      const itemId = await newItem();
      const first = await receive(itemId, 'LOT-A', 200, 40);
      expect(first.movements).toHaveLength(1);
      expect(first.movements[0]).toMatchObject({ kind: 'receipt', quantity: 40, unitCost: '2.5000', itemId, locationId: store, lotNumber: 'LOT-A', expiryDate: addDays(200) });
      const second = await receive(itemId, 'LOT-A', 200, 10);
      expect(second.movements[0].batchId).toBe(first.movements[0].batchId);
      expect(await onHand(first.movements[0].batchId)).toBe(50);
    });

    it('refuses the same lot with another expiry (409 BATCH_EXPIRY_MISMATCH)', async () => {
      const itemId = await newItem();
      await receive(itemId, 'LOT-X', 100, 5);
      const res = await post(tokens.manager, '/inventory/stock', { locationId: store, itemId, lotNumber: 'LOT-X', expiryDate: addDays(101), quantity: 5, unitCost: 1 });
      expect(conflict(res)).toEqual({ status: 409, error: 'BATCH_EXPIRY_MISMATCH' });
    });

    it('refuses bad input with field messages', async () => {
      const itemId = await newItem();
      expect(fields(await post(tokens.manager, '/inventory/stock', {}))).toEqual(['expiryDate', 'itemId', 'locationId', 'lotNumber', 'quantity', 'unitCost']);
      const base = { locationId: store, itemId, lotNumber: 'L1', expiryDate: addDays(30), quantity: 1, unitCost: 1 };
      expect(fields(await post(tokens.manager, '/inventory/stock', { ...base, expiryDate: clinicToday() }))).toEqual(['expiryDate']);
      expect(fields(await post(tokens.manager, '/inventory/stock', { ...base, quantity: 0, unitCost: -1 }))).toEqual(['quantity', 'unitCost']);
      expect(fields(await post(tokens.manager, '/inventory/stock', { ...base, quantity: 1.5, unitCost: 0.00001 }))).toEqual(['quantity', 'unitCost']);
      expect(fields(await post(tokens.manager, '/inventory/stock', { ...base, itemId: randomUUID(), supplierId: randomUUID() }))).toEqual(['itemId', 'supplierId']);
      expect(fields(await post(tokens.manager, '/inventory/stock', { ...base, extra: 1 }))).toEqual(['extra']);
    });

    it('is 404 for a location outside the jurisdiction and 403 without inventory:adjust', async () => {
      const itemId = await newItem();
      const body = { locationId: mobile, itemId, lotNumber: 'L1', expiryDate: addDays(30), quantity: 1, unitCost: 1 };
      expect(conflict(await post(tokens.manager, '/inventory/stock', body))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect(conflict(await post(tokens.manager, '/inventory/stock', { ...body, locationId: randomUUID() }))).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect((await post(tokens.nurse, '/inventory/stock', { ...body, locationId: store })).status).toBe(403);
      expect((await post(tokens.admin, '/inventory/stock', body)).status).toBe(201);
    });
  });

  describe('POST /inventory/issues (issueStock)', () => {
    it('takes first-expiry-first-out across three batches and never an expired one', async () => {
      const itemId = await newItem();
      const expired = await expiredStock(itemId, 'OLD', 50);
      const late = (await receive(itemId, 'LATE', 300, 10)).movements[0].batchId;
      const early = (await receive(itemId, 'EARLY', 20, 4)).movements[0].batchId;
      const middle = (await receive(itemId, 'MIDDLE', 90, 5)).movements[0].batchId;
      const res = await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 12 }).expect(201);
      expect(res.body.movements.map((m: { batchId: string; quantity: number; kind: string }) => [m.kind, m.batchId, m.quantity]).sort()).toEqual(
        [
          ['issue', early, -4],
          ['issue', middle, -5],
          ['issue', late, -3],
        ].sort(),
      );
      expect(new Set(res.body.movements.map((m: { transactionId: string }) => m.transactionId)).size).toBe(1);
      expect([await onHand(expired), await onHand(early), await onHand(middle), await onHand(late)]).toEqual([50, 0, 0, 7]);
    });

    it('refuses more than the usable stock without writing anything (409 INSUFFICIENT_STOCK with what is available)', async () => {
      const itemId = await newItem();
      await expiredStock(itemId, 'OLD', 100);
      const batch = (await receive(itemId, 'NEW', 60, 6)).movements[0].batchId;
      const res = await post(tokens.doctor, '/inventory/issues', { locationId: store, itemId, quantity: 7 });
      expect(conflict(res)).toEqual({ status: 409, error: 'INSUFFICIENT_STOCK' });
      expect(res.body.details).toEqual([{ field: 'quantity', message: 'available: 6' }]);
      expect(await onHand(batch)).toBe(6);
      const movements = await t.db.query("SELECT id FROM stock_movements WHERE item_id = ? AND kind = 'issue'", [itemId]);
      expect(movements).toEqual([]);
    });

    it('issues from a named batch, refers to the visit, and refuses an expired batch', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'B1', 60, 6)).movements[0].batchId;
      const [visit] = (await t.db.query("SELECT v.id FROM visits v JOIN clinics c ON c.id = v.clinic_id WHERE c.code = 'GP-TSH-001' LIMIT 1")) as { id: string }[];
      const res = await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 2, batchId: batch, visitId: visit.id, reason: 'Wound care' }).expect(201);
      expect(res.body.movements[0]).toMatchObject({ kind: 'issue', batchId: batch, quantity: -2, referenceType: 'visit', referenceId: visit.id, reason: 'Wound care' });
      const expired = await expiredStock(itemId, 'EXP', 5);
      expect(conflict(await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 1, batchId: expired }))).toEqual({ status: 409, error: 'BATCH_EXPIRED' });
      expect(await onHand(expired)).toBe(5);
    });

    it('refuses a schedule 5 or 6 medicine: it leaves stock only by dispensing', async () => {
      const [controlled] = (await t.db.query(
        "SELECT i.id FROM inventory_items i JOIN drugs d ON d.inventory_item_id = i.id WHERE d.schedule = 'S6' AND i.is_controlled = 1 LIMIT 1",
      )) as { id: string }[];
      const batch = (await receive(controlled.id, `CTL-${randomUUID().slice(0, 6)}`, 200, 10)).movements[0].batchId;
      for (const token of [tokens.nurse, tokens.admin]) {
        expect(conflict(await post(token, '/inventory/issues', { locationId: store, itemId: controlled.id, quantity: 1, batchId: batch }))).toEqual({
          status: 409,
          error: 'CONTROLLED_ITEM',
        });
        expect(conflict(await post(token, '/inventory/issues', { locationId: store, itemId: controlled.id, quantity: 1 }))).toEqual({ status: 409, error: 'CONTROLLED_ITEM' });
      }
      expect(await onHand(batch)).toBe(10);
    });

    it('refuses bad input, unknown references, other scopes and roles without inventory:issue', async () => {
      const itemId = await newItem();
      const other = await newItem();
      const otherBatch = (await receive(other, 'O1', 60, 3)).movements[0].batchId;
      expect(fields(await post(tokens.nurse, '/inventory/issues', { quantity: -1 }))).toEqual(['itemId', 'locationId', 'quantity']);
      expect(fields(await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 1, batchId: otherBatch, visitId: randomUUID() }))).toEqual(['batchId', 'visitId']);
      expect(fields(await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId: randomUUID(), quantity: 1 }))).toEqual(['itemId']);
      expect((await post(tokens.nurse, '/inventory/issues', { locationId: mobile, itemId, quantity: 1 })).status).toBe(404);
      expect((await post(tokens.clerk, '/inventory/issues', { locationId: store, itemId, quantity: 1 })).status).toBe(403);
      expect((await post(tokens.viewer, '/inventory/issues', { locationId: store, itemId, quantity: 1 })).status).toBe(403);
    });
  });

  describe('POST /inventory/transfers (transferStock)', () => {
    it('moves a batch in two legs with one transaction id', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'T1', 120, 20)).movements[0].batchId;
      const res = await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 8, reason: 'Weekly stock' }).expect(201);
      const legs = res.body.movements as { kind: string; locationId: string; quantity: number; transactionId: string }[];
      expect(legs.map((l) => [l.kind, l.locationId, l.quantity]).sort()).toEqual([
        ['transfer_in', mobile, 8],
        ['transfer_out', store, -8],
      ]);
      expect(legs.every((l) => l.transactionId === res.body.transactionId)).toBe(true);
      expect([await onHand(batch, store), await onHand(batch, mobile)]).toEqual([12, 8]);
    });

    it('refuses the same location, an expired batch, too much, other scopes and roles without inventory:adjust', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'T2', 120, 5)).movements[0].batchId;
      const expired = await expiredStock(itemId, 'TEXP', 5);
      expect(fields(await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: store, batchId: batch, quantity: 1 }))).toEqual(['toLocationId']);
      expect(fields(await post(tokens.admin, '/inventory/transfers', { fromLocationId: 'x', quantity: 0 }))).toEqual(['batchId', 'fromLocationId', 'quantity', 'toLocationId']);
      expect(fields(await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: randomUUID(), quantity: 1 }))).toEqual(['batchId']);
      expect(conflict(await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: expired, quantity: 1 }))).toEqual({ status: 409, error: 'BATCH_EXPIRED' });
      expect(conflict(await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 6 }))).toEqual({ status: 409, error: 'INSUFFICIENT_STOCK' });
      expect((await post(tokens.manager, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 1 })).status).toBe(404);
      expect((await post(tokens.nurse, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 1 })).status).toBe(403);
      expect([await onHand(batch, store), await onHand(batch, mobile), await onHand(expired)]).toEqual([5, 0, 5]);
    });
  });

  describe('POST /inventory/adjustments (adjustStock) and /inventory/write-offs (writeOffStock)', () => {
    it('adjusts up and down with a reason, never below zero', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'ADJ', 120, 5)).movements[0].batchId;
      const up = await post(tokens.manager, '/inventory/adjustments', { locationId: store, batchId: batch, quantityDelta: 3, reason: 'Box found' }).expect(201);
      expect(up.body.movements[0]).toMatchObject({ kind: 'adjustment', quantity: 3, reason: 'Box found' });
      await post(tokens.manager, '/inventory/adjustments', { locationId: store, batchId: batch, quantityDelta: -2, reason: 'Miscount' }).expect(201);
      expect(conflict(await post(tokens.manager, '/inventory/adjustments', { locationId: store, batchId: batch, quantityDelta: -7, reason: 'Too much' }))).toEqual({
        status: 409,
        error: 'INSUFFICIENT_STOCK',
      });
      expect(await onHand(batch)).toBe(6);
      expect(fields(await post(tokens.manager, '/inventory/adjustments', { locationId: store, batchId: batch, quantityDelta: 0 }))).toEqual(['quantityDelta', 'reason']);
      expect(fields(await post(tokens.manager, '/inventory/adjustments', { locationId: store, batchId: randomUUID(), quantityDelta: 1, reason: 'x' }))).toEqual(['batchId']);
      expect((await post(tokens.manager, '/inventory/adjustments', { locationId: mobile, batchId: batch, quantityDelta: 1, reason: 'x' })).status).toBe(404);
      expect((await post(tokens.doctor, '/inventory/adjustments', { locationId: store, batchId: batch, quantityDelta: 1, reason: 'x' })).status).toBe(403);
    });

    it('writes off damaged or expired stock with its reason', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'WO', 120, 10)).movements[0].batchId;
      const expired = await expiredStock(itemId, 'WOEXP', 4);
      const damaged = await post(tokens.manager, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 2, reason: 'damaged', note: 'Crushed box' }).expect(201);
      expect(damaged.body.movements[0]).toMatchObject({ kind: 'write_off', quantity: -2, writeOffReason: 'damaged', reason: 'Crushed box' });
      await post(tokens.manager, '/inventory/write-offs', { locationId: store, batchId: expired, quantity: 4, reason: 'expired' }).expect(201);
      expect(conflict(await post(tokens.manager, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 1, reason: 'expired' }))).toEqual({
        status: 409,
        error: 'BATCH_NOT_EXPIRED',
      });
      expect(conflict(await post(tokens.manager, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 9, reason: 'lost' }))).toEqual({ status: 409, error: 'INSUFFICIENT_STOCK' });
      expect(fields(await post(tokens.manager, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 1, reason: 'stolen' }))).toEqual(['reason']);
      expect((await post(tokens.manager, '/inventory/write-offs', { locationId: mobile, batchId: batch, quantity: 1, reason: 'lost' })).status).toBe(404);
      expect((await post(tokens.nurse, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 1, reason: 'lost' })).status).toBe(403);
      expect([await onHand(batch), await onHand(expired)]).toEqual([8, 0]);
    });
  });

  describe('stock takes (recordStockTake, getStockTake)', () => {
    it('corrects each batch whose count differs and returns the corrections', async () => {
      const itemId = await newItem();
      const a = (await receive(itemId, 'STA', 120, 10)).movements[0].batchId;
      const b = (await receive(itemId, 'STB', 150, 10)).movements[0].batchId;
      const c = (await receive(itemId, 'STC', 180, 10)).movements[0].batchId;
      const res = await post(tokens.manager, '/inventory/stock-takes', {
        locationId: store,
        note: 'Month-end count',
        lines: [
          { batchId: a, countedQuantity: 8 },
          { batchId: b, countedQuantity: 10 },
          { batchId: c, countedQuantity: 13 },
        ],
      }).expect(201);
      expect(res.body.corrections).toBe(2);
      const byBatch = Object.fromEntries(
        (res.body.lines as { batchId: string; systemQuantity: number; countedQuantity: number; difference: number; movementId: string | null }[]).map((l) => [
          l.batchId,
          [l.systemQuantity, l.countedQuantity, l.difference, l.movementId !== null],
        ]),
      );
      expect(byBatch).toEqual({ [a]: [10, 8, -2, true], [b]: [10, 10, 0, false], [c]: [10, 13, 3, true] });
      expect([await onHand(a), await onHand(b), await onHand(c)]).toEqual([8, 10, 13]);
      const again = await get(tokens.viewer, `/inventory/stock-takes/${res.body.id}`).expect(200);
      expect(again.body).toEqual(res.body);
      const movements = await get(tokens.manager, `/inventory/movements?itemId=${itemId}&kind=stock_take`).expect(200);
      expect(movements.body.data.map((m: { quantity: number; referenceId: string }) => [m.quantity, m.referenceId]).sort()).toEqual([
        [-2, res.body.id],
        [3, res.body.id],
      ]);
    });

    it('refuses bad sheets, other scopes and roles without inventory:adjust', async () => {
      const itemId = await newItem();
      const a = (await receive(itemId, 'STD', 120, 10)).movements[0].batchId;
      expect(fields(await post(tokens.manager, '/inventory/stock-takes', { locationId: store, lines: [] }))).toEqual(['lines']);
      expect(fields(await post(tokens.manager, '/inventory/stock-takes', { locationId: store, lines: [{ batchId: a, countedQuantity: -1 }] }))).toEqual(['lines.0.countedQuantity']);
      expect(
        fields(
          await post(tokens.manager, '/inventory/stock-takes', {
            locationId: store,
            lines: [
              { batchId: a, countedQuantity: 1 },
              { batchId: a, countedQuantity: 2 },
            ],
          }),
        ),
      ).toEqual(['lines.1.batchId']);
      expect(fields(await post(tokens.manager, '/inventory/stock-takes', { locationId: store, lines: [{ batchId: randomUUID(), countedQuantity: 1 }] }))).toEqual(['lines.0.batchId']);
      expect((await post(tokens.manager, '/inventory/stock-takes', { locationId: mobile, lines: [{ batchId: a, countedQuantity: 1 }] })).status).toBe(404);
      expect((await post(tokens.nurse, '/inventory/stock-takes', { locationId: store, lines: [{ batchId: a, countedQuantity: 1 }] })).status).toBe(403);
      const atMobile = await post(tokens.admin, '/inventory/stock-takes', { locationId: mobile, lines: [{ batchId: a, countedQuantity: 0 }] }).expect(201);
      expect((await get(tokens.manager, `/inventory/stock-takes/${atMobile.body.id}`)).status).toBe(404);
      expect((await get(tokens.manager, `/inventory/stock-takes/${randomUUID()}`)).status).toBe(404);
      expect(fields(await get(tokens.manager, '/inventory/stock-takes/not-a-uuid'))).toEqual(['id']);
      expect((await get(tokens.clerk, `/inventory/stock-takes/${atMobile.body.id}`)).status).toBe(403);
      expect(await onHand(a)).toBe(10);
    });
  });

  describe('POST /inventory/movements/:id/reversal (reverseStockMovement)', () => {
    it('reverses both legs of a transfer once', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'R1', 120, 10)).movements[0].batchId;
      const transfer = await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 4 }).expect(201);
      const outLeg = transfer.body.movements.find((m: { kind: string }) => m.kind === 'transfer_out');
      const res = await post(tokens.admin, `/inventory/movements/${outLeg.id}/reversal`, { reason: 'Wrong batch' }).expect(201);
      const legs = res.body.movements as { kind: string; locationId: string; quantity: number; reversesMovementId: string; reason: string }[];
      expect(Object.fromEntries(legs.map((l) => [l.locationId, [l.kind, l.quantity, l.reason]]))).toEqual({
        [store]: ['reversal', 4, 'Wrong batch'],
        [mobile]: ['reversal', -4, 'Wrong batch'],
      });
      expect(legs.map((l) => l.reversesMovementId).sort()).toEqual(transfer.body.movements.map((m: { id: string }) => m.id).sort());
      expect([await onHand(batch, store), await onHand(batch, mobile)]).toEqual([10, 0]);
      const inLeg = transfer.body.movements.find((m: { kind: string }) => m.kind === 'transfer_in');
      expect(conflict(await post(tokens.admin, `/inventory/movements/${inLeg.id}/reversal`, { reason: 'Again' }))).toEqual({ status: 409, error: 'MOVEMENT_ALREADY_REVERSED' });
      const reversal = res.body.movements[0].id as string;
      expect(conflict(await post(tokens.admin, `/inventory/movements/${reversal}/reversal`, { reason: 'Undo' }))).toEqual({ status: 409, error: 'MOVEMENT_NOT_REVERSIBLE' });
      const listed = await get(tokens.admin, `/inventory/movements?batchId=${batch}&kind=transfer_out`).expect(200);
      expect(listed.body.data[0].reversedByMovementId).toBeTruthy();
    });

    it('refuses a reversal that would make stock negative, a dispense, other scopes and bad input', async () => {
      const itemId = await newItem('medicine');
      const receipt = await receive(itemId, 'R2', 120, 10);
      const batch = receipt.movements[0].batchId;
      await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 7 }).expect(201);
      expect(conflict(await post(tokens.manager, `/inventory/movements/${receipt.movements[0].id}/reversal`, { reason: 'Never arrived' }))).toEqual({
        status: 409,
        error: 'INSUFFICIENT_STOCK',
      });
      expect(await onHand(batch)).toBe(3);
      const dispense = randomUUID();
      await t.db.query('UPDATE stock_on_hand SET quantity = quantity - 1 WHERE batch_id = ? AND location_id = ?', [batch, store]);
      await t.db.query(
        "INSERT INTO stock_movements (id, transaction_id, kind, item_id, batch_id, location_id, quantity, unit_cost, reference_type, reference_id, performed_by) VALUES (?, ?, 'dispense', ?, ?, ?, -1, 2.5, 'dispensing', ?, ?)",
        [dispense, randomUUID(), itemId, batch, store, randomUUID(), adminId],
      );
      expect(conflict(await post(tokens.manager, `/inventory/movements/${dispense}/reversal`, { reason: 'Returned' }))).toEqual({ status: 409, error: 'MOVEMENT_NOT_REVERSIBLE' });
      expect(fields(await post(tokens.manager, `/inventory/movements/${dispense}/reversal`, {}))).toEqual(['reason']);
      expect(fields(await post(tokens.manager, '/inventory/movements/nope/reversal', { reason: 'x' }))).toEqual(['id']);
      expect((await post(tokens.manager, `/inventory/movements/${randomUUID()}/reversal`, { reason: 'x' })).status).toBe(404);
      const atMobile = await receive(itemId, 'R3', 120, 2, mobile, tokens.admin);
      expect((await post(tokens.manager, `/inventory/movements/${atMobile.movements[0].id}/reversal`, { reason: 'x' })).status).toBe(404);
      expect((await post(tokens.nurse, `/inventory/movements/${receipt.movements[0].id}/reversal`, { reason: 'x' })).status).toBe(403);
    });
  });

  describe('reads', () => {
    it('lists movements newest first with filters, in scope only', async () => {
      const itemId = await newItem();
      await receive(itemId, 'M1', 120, 10);
      await post(tokens.nurse, '/inventory/issues', { locationId: store, itemId, quantity: 1 }).expect(201);
      const res = await get(tokens.viewer, `/inventory/movements?itemId=${itemId}&from=${clinicToday()}&to=${clinicToday()}`).expect(200);
      expect(res.body.data.map((m: { kind: string }) => m.kind)).toEqual(['issue', 'receipt']);
      expect(res.body.meta).toMatchObject({ total: 2, page: 1 });
      const yesterday = await get(tokens.viewer, `/inventory/movements?itemId=${itemId}&to=${addDays(-1)}`).expect(200);
      expect(yesterday.body.meta.total).toBe(0);
      const mine = await get(tokens.manager, '/inventory/movements?perPage=100').expect(200);
      expect(mine.body.data.every((m: { locationId: string }) => m.locationId === store)).toBe(true);
      expect((await get(tokens.manager, `/inventory/movements?locationId=${mobile}`)).status).toBe(404);
      expect(fields(await get(tokens.manager, '/inventory/movements?kind=gift&from=2025-02-30&perPage=1000'))).toEqual(['from', 'kind', 'perPage']);
      expect(fields(await get(tokens.manager, `/inventory/movements?from=${clinicToday()}&to=${addDays(-1)}`))).toEqual(['to']);
      expect((await get(tokens.clerk, '/inventory/movements')).status).toBe(403);
    });

    it('reports on-hand by item and location, batches, and stock value', async () => {
      const itemId = await newItem();
      await receive(itemId, 'OH1', 20, 4, store, tokens.manager, 1.5);
      await receive(itemId, 'OH2', 200, 6, store, tokens.manager, 2);
      await expiredStock(itemId, 'OH0', 3);
      await t.db.query('INSERT INTO stock_levels (item_id, location_id, reorder_level, reorder_quantity) VALUES (?, ?, 10, 50)', [itemId, store]);
      const res = await get(tokens.doctor, `/inventory/on-hand?itemId=${itemId}`).expect(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({
          itemId,
          locationId: store,
          locationCode: 'GP-TSH-001-STORE',
          quantity: 13,
          usableQuantity: 10,
          expiredQuantity: 3,
          batchCount: 3,
          nearestExpiry: addDays(20),
          reorderLevel: 10,
          reorderQuantity: 50,
          belowReorder: true,
        }),
      ]);
      const below = await get(tokens.doctor, `/inventory/on-hand?itemId=${itemId}&belowReorder=true`).expect(200);
      expect(below.body.meta.total).toBe(1);
      const batches = await get(tokens.doctor, `/inventory/batches?itemId=${itemId}`).expect(200);
      expect(batches.body.data.map((b: { lotNumber: string; expired: boolean; quantity: number; value: string }) => [b.lotNumber, b.expired, b.quantity, b.value])).toEqual([
        ['OH0', true, 3, '3.0000'],
        ['OH1', false, 4, '6.0000'],
        ['OH2', false, 6, '12.0000'],
      ]);
      const soon = await get(tokens.doctor, `/inventory/batches?itemId=${itemId}&expiringWithinDays=30`).expect(200);
      expect(soon.body.data.map((b: { lotNumber: string }) => b.lotNumber)).toEqual(['OH1']);
      expect(fields(await get(tokens.doctor, '/inventory/batches?expiringWithinDays=-1&includeEmpty=maybe'))).toEqual(['expiringWithinDays', 'includeEmpty']);
      expect(fields(await get(tokens.doctor, '/inventory/on-hand?belowReorder=1'))).toEqual(['belowReorder']);
      expect((await get(tokens.manager, `/inventory/on-hand?locationId=${mobile}`)).status).toBe(404);
      expect((await get(tokens.clerk, '/inventory/on-hand')).status).toBe(403);
      expect((await get(tokens.clerk, '/inventory/batches')).status).toBe(403);

      const value = await get(tokens.manager, '/inventory/stock-value').expect(200);
      expect(value.body.locations.map((l: { locationCode: string }) => l.locationCode)).toEqual(['GP-TSH-001-STORE']);
      const [expected] = (await t.db.query(
        'SELECT CAST(SUM(oh.quantity * b.unit_cost) AS DECIMAL(20,4)) AS v FROM stock_on_hand oh JOIN stock_batches b ON b.id = oh.batch_id WHERE oh.location_id = ?',
        [store],
      )) as { v: string }[];
      expect(value.body.totalValue).toBe(expected.v);
      const both = await get(tokens.admin, '/inventory/stock-value').expect(200);
      expect(both.body.locations.length).toBeGreaterThanOrEqual(2);
      expect((await get(tokens.manager, `/inventory/stock-value?locationId=${mobile}`)).status).toBe(404);
      expect(fields(await get(tokens.manager, '/inventory/stock-value?locationId=1'))).toEqual(['locationId']);
      expect((await get(tokens.clerk, '/inventory/stock-value')).status).toBe(403);
    });
  });

  describe('the ledger', () => {
    it('equals on-hand after a receipt, issue, transfer, adjustment, write-off, stock take and a reversal of the transfer', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'MIX', 150, 50, store, tokens.admin)).movements[0].batchId;
      await post(tokens.admin, '/inventory/issues', { locationId: store, itemId, quantity: 5 }).expect(201);
      const transfer = await post(tokens.admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId: batch, quantity: 20 }).expect(201);
      await post(tokens.admin, '/inventory/adjustments', { locationId: mobile, batchId: batch, quantityDelta: 1, reason: 'Miscounted at packing' }).expect(201);
      await post(tokens.admin, '/inventory/write-offs', { locationId: store, batchId: batch, quantity: 2, reason: 'damaged' }).expect(201);
      await post(tokens.admin, '/inventory/stock-takes', { locationId: store, lines: [{ batchId: batch, countedQuantity: 22 }] }).expect(201);
      await post(tokens.admin, `/inventory/movements/${transfer.body.movements[0].id}/reversal`, { reason: 'Unit did not leave' }).expect(201);
      // store: 50 - 5 - 20 - 2 = 23, counted 22, +20 back = 42; mobile: 20 + 1 - 20 = 1.
      expect([await onHand(batch, store), await onHand(batch, mobile)]).toEqual([42, 1]);
      const check = await get(tokens.admin, '/inventory/ledger-check').expect(200);
      expect(check.body).toMatchObject({ consistent: true, mismatches: [] });
      expect(await sqlMismatches()).toEqual([]);
      const scoped = await get(tokens.manager, `/inventory/ledger-check?locationId=${store}`).expect(200);
      expect(scoped.body.consistent).toBe(true);
      expect((await get(tokens.manager, `/inventory/ledger-check?locationId=${mobile}`)).status).toBe(404);
      expect((await get(tokens.clerk, '/inventory/ledger-check')).status).toBe(403);
    });

    it('finds a balance that disagrees with the ledger', async () => {
      const itemId = await newItem();
      const batch = (await receive(itemId, 'BAD', 150, 5)).movements[0].batchId;
      await t.db.query('UPDATE stock_on_hand SET quantity = 6 WHERE batch_id = ? AND location_id = ?', [batch, store]);
      const check = await get(tokens.manager, '/inventory/ledger-check').expect(200);
      expect(check.body.consistent).toBe(false);
      expect(check.body.mismatches).toEqual([{ batchId: batch, locationId: store, itemId, onHand: 6, ledger: 5 }]);
      await t.db.query('UPDATE stock_on_hand SET quantity = 5 WHERE batch_id = ? AND location_id = ?', [batch, store]);
    });

    it('cannot be edited or deleted: the triggers refuse', async () => {
      const [movement] = (await t.db.query('SELECT id FROM stock_movements LIMIT 1')) as { id: string }[];
      await expect(t.db.query('UPDATE stock_movements SET quantity = quantity + 1 WHERE id = ?', [movement.id])).rejects.toThrow(/append-only: UPDATE/);
      await expect(t.db.query('DELETE FROM stock_movements WHERE id = ?', [movement.id])).rejects.toThrow(/append-only: DELETE/);
    });
  });
});
