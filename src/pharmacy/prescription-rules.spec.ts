import { deriveStatus, type DispensableItem, expiryWarnings, lineCost, planDispense, remainingOf } from './prescription-rules';

const item = (id: string, position: number, quantity: number | null, quantityDispensed = 0, drugId: string | null = `drug-${id}`): DispensableItem => ({
  id,
  position,
  quantity,
  quantityDispensed,
  drugId,
});

describe('prescription rules', () => {
  describe('remainingOf', () => {
    it('is what was prescribed less what was handed out, 0 when the quantity is unknown', () => {
      expect(remainingOf({ quantity: 30, quantityDispensed: 12 })).toBe(18);
      expect(remainingOf({ quantity: 30, quantityDispensed: 30 })).toBe(0);
      expect(remainingOf({ quantity: null, quantityDispensed: 0 })).toBe(0);
    });
  });

  describe('deriveStatus', () => {
    it('is active until anything is handed out', () => {
      expect(deriveStatus('active', [item('a', 0, 10), item('b', 1, 5)])).toBe('active');
    });
    it('is partially dispensed while anything remains', () => {
      expect(deriveStatus('active', [item('a', 0, 10, 10), item('b', 1, 5)])).toBe('partially_dispensed');
      expect(deriveStatus('active', [item('a', 0, 10, 3)])).toBe('partially_dispensed');
    });
    it('is dispensed once every item is handed out in full', () => {
      expect(deriveStatus('partially_dispensed', [item('a', 0, 10, 10), item('b', 1, 5, 5)])).toBe('dispensed');
    });
    it('never completes a prescription with an item of unknown quantity', () => {
      expect(deriveStatus('active', [item('a', 0, 10, 10), item('b', 1, null, 0, null)])).toBe('partially_dispensed');
    });
    it('keeps a cancelled prescription cancelled', () => {
      expect(deriveStatus('cancelled', [item('a', 0, 10, 10)])).toBe('cancelled');
    });
  });

  describe('planDispense', () => {
    const items = [item('a', 0, 10, 4), item('b', 1, 5, 5), item('c', 2, 20)];

    it('defaults to everything that remains', () => {
      const plan = planDispense(items, undefined);
      expect(plan).toEqual({ ok: true, lines: [{ item: items[0], quantity: 6 }, { item: items[2], quantity: 20 }] });
    });

    it('takes the listed items, all that remains unless a quantity is given', () => {
      const plan = planDispense(items, [{ prescriptionItemId: 'c', quantity: 7 }, { prescriptionItemId: 'a' }]);
      expect(plan).toEqual({ ok: true, lines: [{ item: items[2], quantity: 7 }, { item: items[0], quantity: 6 }] });
    });

    it('refuses unknown and repeated items, naming the field', () => {
      expect(planDispense(items, [{ prescriptionItemId: 'x' }, { prescriptionItemId: 'a' }, { prescriptionItemId: 'a' }])).toEqual({
        ok: false,
        kind: 'invalid',
        problems: [
          { field: 'items.0.prescriptionItemId', message: expect.stringContaining('not an item') },
          { field: 'items.2.prescriptionItemId', message: expect.stringContaining('twice') },
        ],
      });
    });

    it('refuses more than remains, and an item already handed out', () => {
      const plan = planDispense(items, [{ prescriptionItemId: 'a', quantity: 7 }, { prescriptionItemId: 'b' }]);
      expect(plan).toMatchObject({ ok: false, kind: 'exceeds_remaining', problems: [{ field: 'items.0.quantity' }, { field: 'items.1.quantity' }] });
    });

    it('says when nothing remains', () => {
      expect(planDispense([item('a', 0, 3, 3)], undefined)).toMatchObject({ ok: false, kind: 'nothing_remaining' });
    });

    it('refuses free-text items that are not in the catalogue, by default and when listed', () => {
      const legacy = [item('a', 0, 10), item('b', 1, 14, 0, null)];
      expect(planDispense(legacy, undefined)).toMatchObject({ ok: false, kind: 'not_in_catalogue', problems: [{ field: 'items.1' }] });
      expect(planDispense(legacy, [{ prescriptionItemId: 'b' }])).toMatchObject({ ok: false, kind: 'not_in_catalogue', problems: [{ field: 'items.0.prescriptionItemId' }] });
      expect(planDispense(legacy, [{ prescriptionItemId: 'a', quantity: 2 }])).toEqual({ ok: true, lines: [{ item: legacy[0], quantity: 2 }] });
    });
  });

  describe('expiryWarnings', () => {
    const batches = [
      { batchId: 'b1', lotNumber: 'L1', expiryDate: '2026-12-10' },
      { batchId: 'b2', lotNumber: 'L2', expiryDate: '2026-12-11' },
      { batchId: 'b3', lotNumber: 'L3', expiryDate: '2027-06-01' },
    ];
    it('warns for a batch expiring on or before the last day of the course (it is expired on its expiry date)', () => {
      const warnings = expiryWarnings('item-1', '2026-12-10', batches);
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'BATCH_EXPIRES_BEFORE_COURSE_END', prescriptionItemId: 'item-1', batchId: 'b1', lotNumber: 'L1', expiryDate: '2026-12-10', courseEndDate: '2026-12-10' }),
      ]);
    });
    it('has nothing to say without a course end', () => {
      expect(expiryWarnings('item-1', null, batches)).toEqual([]);
    });
  });

  describe('lineCost', () => {
    it('multiplies exactly to four decimals', () => {
      expect(lineCost('0.1100', 3)).toBe('0.3300');
      expect(lineCost('9.8000', 12)).toBe('117.6000');
      expect(lineCost('0.0001', 7)).toBe('0.0007');
      expect(lineCost('12', 2)).toBe('24.0000');
      expect(lineCost('0.3333', 3)).toBe('0.9999');
    });
  });
});
