import { addDays, isUsable, planFefo, reversalLegs, reversalRefusal, stockTakeCorrections } from './stock-rules';

const TODAY = '2026-03-10';

describe('stock rules', () => {
  describe('isUsable', () => {
    it('counts a batch as expired on its expiry date', () => {
      expect(isUsable('2026-03-11', TODAY)).toBe(true);
      expect(isUsable('2026-03-10', TODAY)).toBe(false);
      expect(isUsable('2026-03-09', TODAY)).toBe(false);
    });
  });

  describe('addDays', () => {
    it('crosses months and leap days', () => {
      expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    });
  });

  describe('planFefo', () => {
    const candidates = [
      { batchId: 'c', expiryDate: '2026-09-01', quantity: 10 },
      { batchId: 'a', expiryDate: '2026-04-01', quantity: 4 },
      { batchId: 'expired', expiryDate: '2026-03-10', quantity: 100 },
      { batchId: 'b', expiryDate: '2026-06-01', quantity: 5 },
      { batchId: 'empty', expiryDate: '2026-03-20', quantity: 0 },
    ];

    it('takes the earliest expiry first, skipping expired and empty batches', () => {
      expect(planFefo(candidates, 12, TODAY)).toEqual({
        picks: [
          { batchId: 'a', quantity: 4 },
          { batchId: 'b', quantity: 5 },
          { batchId: 'c', quantity: 3 },
        ],
        taken: 12,
      });
    });

    it('takes what there is when there is not enough', () => {
      expect(planFefo(candidates, 50, TODAY).taken).toBe(19);
    });

    it('orders batches of the same expiry by id, the order they were locked in', () => {
      const same = [
        { batchId: 'y', expiryDate: '2026-05-01', quantity: 2 },
        { batchId: 'x', expiryDate: '2026-05-01', quantity: 2 },
      ];
      expect(planFefo(same, 3, TODAY).picks).toEqual([
        { batchId: 'x', quantity: 2 },
        { batchId: 'y', quantity: 1 },
      ]);
    });

    it('takes nothing from nothing', () => {
      expect(planFefo([], 5, TODAY)).toEqual({ picks: [], taken: 0 });
    });
  });

  describe('stockTakeCorrections', () => {
    it('corrects only the lines whose count differs, by the difference', () => {
      expect(
        stockTakeCorrections([
          { batchId: 'a', systemQuantity: 10, countedQuantity: 8 },
          { batchId: 'b', systemQuantity: 5, countedQuantity: 5 },
          { batchId: 'c', systemQuantity: 0, countedQuantity: 3 },
        ]),
      ).toEqual([
        { batchId: 'a', delta: -2 },
        { batchId: 'c', delta: 3 },
      ]);
    });
  });

  describe('reversals', () => {
    const transfer = [
      { id: 'out', kind: 'transfer_out' as const, itemId: 'i', batchId: 'b', locationId: 'store', quantity: -4, unitCost: '1.0000' },
      { id: 'in', kind: 'transfer_in' as const, itemId: 'i', batchId: 'b', locationId: 'unit', quantity: 4, unitCost: '1.0000' },
    ];

    it('negates every leg, increments first', () => {
      expect(reversalLegs(transfer)).toEqual([
        { reversesMovementId: 'out', itemId: 'i', batchId: 'b', locationId: 'store', quantity: 4, unitCost: '1.0000' },
        { reversesMovementId: 'in', itemId: 'i', batchId: 'b', locationId: 'unit', quantity: -4, unitCost: '1.0000' },
      ]);
    });

    it('refuses dispensing and reversals, allows the rest', () => {
      expect(reversalRefusal(transfer)).toBeNull();
      expect(reversalRefusal([{ kind: 'receipt' }, { kind: 'stock_take' }])).toBeNull();
      expect(reversalRefusal([{ kind: 'dispense' }])).toBe('dispense');
      expect(reversalRefusal([{ kind: 'reversal' }])).toBe('reversal');
    });
  });
});
