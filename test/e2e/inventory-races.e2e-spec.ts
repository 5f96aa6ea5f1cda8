import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { clinicToday } from '../../src/common/time/clinic-date';
import { startTestApp, TestApp } from '../support/test-app';

const addDays = (days: number) => {
  const d = new Date(`${clinicToday()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Requests that race for the same stock: each round fires them together and then checks every
 * response, the on-hand left (never negative) and that on-hand still equals the ledger.
 */
describe('inventory races', () => {
  let t: TestApp;
  let admin: string;
  let nurse: string;
  let store: string;
  let mobile: string;
  let itemSeq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: object) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const outcome = (res: Response) => `${res.status}${res.body.error ? ` ${res.body.error}` : ''}`;
  const tally = (responses: Response[]) =>
    responses.map(outcome).reduce<Record<string, number>>((acc, o) => {
      acc[o] = (acc[o] ?? 0) + 1;
      return acc;
    }, {});

  const newItem = async (): Promise<string> => {
    itemSeq += 1;
    const id = randomUUID();
    await t.db.query("INSERT INTO inventory_items (id, code, name, kind, category, unit) VALUES (?, ?, ?, 'consumable', 'test', 'each')", [
      id,
      `RACE-ITEM-${itemSeq}-${id.slice(0, 6)}`,
      `Race item ${itemSeq}`,
    ]);
    return id;
  };
  const receive = async (itemId: string, lot: string, quantity: number, expiryDays = 200, locationId = store): Promise<{ batchId: string; movementId: string }> => {
    const res = await post(admin, '/inventory/stock', { locationId, itemId, lotNumber: lot, expiryDate: addDays(expiryDays), quantity, unitCost: 1 });
    expect(res.status).toBe(201);
    return { batchId: res.body.movements[0].batchId, movementId: res.body.movements[0].id };
  };
  const onHand = async (batchId: string, locationId = store): Promise<number> => {
    const rows = (await t.db.query('SELECT quantity FROM stock_on_hand WHERE batch_id = ? AND location_id = ?', [batchId, locationId])) as { quantity: number }[];
    return rows[0] ? Number(rows[0].quantity) : 0;
  };
  const expectLedgerEqualsOnHand = async () => {
    const check = await t.http().get('/api/v1/inventory/ledger-check').set(auth(admin)).expect(200);
    expect(check.body.mismatches).toEqual([]);
    const rows = await t.db.query(
      `SELECT oh.batch_id FROM stock_on_hand oh
         LEFT JOIN (SELECT batch_id, location_id, SUM(quantity) AS total FROM stock_movements GROUP BY batch_id, location_id) led
                ON led.batch_id = oh.batch_id AND led.location_id = oh.location_id
        WHERE oh.quantity <> COALESCE(led.total, 0)`,
    );
    expect(rows).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '25' });
    [admin, nurse] = await Promise.all([t.tokenFor('admin'), t.tokenFor('nurse')]);
    const locations = (await t.db.query("SELECT id, code FROM stock_locations WHERE code IN ('GP-TSH-001-STORE', 'GP-TSH-M01-UNIT')")) as { id: string; code: string }[];
    store = locations.find((l) => l.code === 'GP-TSH-001-STORE')!.id;
    mobile = locations.find((l) => l.code === 'GP-TSH-M01-UNIT')!.id;
  });
  afterAll(() => t.close());

  it('twenty concurrent issues against one batch: exactly floor(stock / quantity) succeed, the rest 409', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'R20', 50);
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(nurse, '/inventory/issues', { locationId: store, itemId, batchId, quantity: 7 })));
    expect(tally(responses)).toEqual({ '201': 7, '409 INSUFFICIENT_STOCK': 13 });
    expect(await onHand(batchId)).toBe(1);
    await expectLedgerEqualsOnHand();
  });

  it('twenty concurrent first-expiry-first-out issues across two batches never oversell', async () => {
    const itemId = await newItem();
    const early = await receive(itemId, 'F1', 23, 40);
    const late = await receive(itemId, 'F2', 20, 300);
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(nurse, '/inventory/issues', { locationId: store, itemId, quantity: 5 })));
    // 43 units, 5 each: 8 issues fit.
    expect(tally(responses)).toEqual({ '201': 8, '409 INSUFFICIENT_STOCK': 12 });
    expect([await onHand(early.batchId), await onHand(late.batchId)]).toEqual([0, 3]);
    await expectLedgerEqualsOnHand();
  });

  it('two transfers racing for the same units: exactly one wins', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'T2', 10);
    for (let round = 0; round < 3; round++) {
      const before = await onHand(batchId);
      const quantity = Math.floor(before / 2) + 1;
      const responses = await Promise.all([
        post(admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId, quantity }),
        post(admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId, quantity }),
      ]);
      expect(tally(responses)).toEqual({ '201': 1, '409 INSUFFICIENT_STOCK': 1 });
      expect(await onHand(batchId)).toBe(before - quantity);
      // Put it back for the next round.
      const winner = responses.find((r) => r.status === 201)!;
      await post(admin, `/inventory/movements/${winner.body.movements[0].id}/reversal`, { reason: 'Next round' }).expect(201);
    }
    await expectLedgerEqualsOnHand();
  });

  it('transfers in opposite directions over the same rows both complete', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'T3', 30);
    await receive(itemId, 'T3', 30, 200, mobile);
    for (let round = 0; round < 5; round++) {
      const responses = await Promise.all([
        post(admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId, quantity: 3 }),
        post(admin, '/inventory/transfers', { fromLocationId: mobile, toLocationId: store, batchId, quantity: 2 }),
      ]);
      expect(tally(responses)).toEqual({ '201': 2 });
    }
    expect([await onHand(batchId, store), await onHand(batchId, mobile)]).toEqual([25, 35]);
    await expectLedgerEqualsOnHand();
  });

  it('two reversals of one transfer: exactly one reverses it', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'RV', 10);
    for (let round = 0; round < 3; round++) {
      const transfer = await post(admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId, quantity: 4 }).expect(201);
      const [outLeg, inLeg] = transfer.body.movements as { id: string }[];
      const responses = await Promise.all([
        post(admin, `/inventory/movements/${outLeg.id}/reversal`, { reason: 'Race A' }),
        post(admin, `/inventory/movements/${inLeg.id}/reversal`, { reason: 'Race B' }),
      ]);
      expect(tally(responses)).toEqual({ '201': 1, '409 MOVEMENT_ALREADY_REVERSED': 1 });
      expect([await onHand(batchId, store), await onHand(batchId, mobile)]).toEqual([10, 0]);
    }
    const reversals = await t.db.query("SELECT COUNT(*) AS n FROM stock_movements WHERE batch_id = ? AND kind = 'reversal'", [batchId]);
    expect(Number(reversals[0].n)).toBe(6);
    await expectLedgerEqualsOnHand();
  });

  it('a reversal racing an issue for the same units: never negative', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'RI', 10);
    for (let round = 0; round < 3; round++) {
      const transfer = await post(admin, '/inventory/transfers', { fromLocationId: store, toLocationId: mobile, batchId, quantity: 5 }).expect(201);
      const responses = await Promise.all([
        post(admin, `/inventory/movements/${transfer.body.movements[0].id}/reversal`, { reason: 'Race' }),
        post(admin, '/inventory/issues', { locationId: mobile, itemId, batchId, quantity: 5 }),
      ]);
      expect(responses.map(outcome).sort()).toEqual(['201', '409 INSUFFICIENT_STOCK']);
      expect(await onHand(batchId, mobile)).toBe(0);
      // Restore the store for the next round when the issue won.
      const left = await onHand(batchId, store);
      if (left < 10) await receive(itemId, 'RI', 10 - left);
    }
    await expectLedgerEqualsOnHand();
  });

  it('concurrent receipts of one new lot make one batch and add up', async () => {
    const itemId = await newItem();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post(admin, '/inventory/stock', { locationId: store, itemId, lotNumber: 'SAME', expiryDate: addDays(100), quantity: 5, unitCost: 1 })),
    );
    expect(tally(responses)).toEqual({ '201': 6 });
    expect(new Set(responses.map((r) => r.body.movements[0].batchId)).size).toBe(1);
    expect(await onHand(responses[0].body.movements[0].batchId)).toBe(30);
    await expectLedgerEqualsOnHand();
  });

  it('receipts of an existing lot racing issues of it all complete, and the stock adds up', async () => {
    const itemId = await newItem();
    const { batchId } = await receive(itemId, 'RX', 10);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? post(admin, '/inventory/stock', { locationId: store, itemId, lotNumber: 'RX', expiryDate: addDays(200), quantity: 2, unitCost: 1 })
          : post(nurse, '/inventory/issues', { locationId: store, itemId, batchId, quantity: 1 }),
      ),
    );
    expect(tally(responses)).toEqual({ '201': 10 });
    expect(await onHand(batchId)).toBe(10 + 5 * 2 - 5);
    await expectLedgerEqualsOnHand();
  });

  it('two stock takes counting the same batches at once both complete; the second finds nothing to correct', async () => {
    const itemId = await newItem();
    const [a, b] = [await receive(itemId, 'ST-A', 10), await receive(itemId, 'ST-B', 10)];
    const count = () =>
      post(admin, '/inventory/stock-takes', {
        locationId: store,
        lines: [
          { batchId: b.batchId, countedQuantity: 7 },
          { batchId: a.batchId, countedQuantity: 12 },
        ],
      });
    const responses = await Promise.all([count(), count(), post(nurse, '/inventory/issues', { locationId: store, itemId, batchId: a.batchId, quantity: 1 })]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const corrections = (await t.db.query("SELECT COUNT(*) AS n FROM stock_movements WHERE item_id = ? AND kind = 'stock_take'", [itemId])) as { n: string }[];
    expect(Number(corrections[0].n)).toBeGreaterThanOrEqual(2);
    expect(await onHand(b.batchId)).toBe(7);
    await expectLedgerEqualsOnHand();
  });
});
