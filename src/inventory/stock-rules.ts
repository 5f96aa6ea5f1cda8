/*
 * Inventory's vocabulary and pure stock rules (no Nest, no database), unit-tested in stock-rules.spec.ts.
 */

export const INVENTORY_ITEM_KINDS = ['medicine', 'consumable'] as const;
export type InventoryItemKind = (typeof INVENTORY_ITEM_KINDS)[number];

export const STOCK_LOCATION_KINDS = ['clinic_store', 'mobile_unit'] as const;
export type StockLocationKind = (typeof STOCK_LOCATION_KINDS)[number];

export const STOCK_MOVEMENT_KINDS = [
  'receipt',
  'issue',
  'dispense',
  'transfer_out',
  'transfer_in',
  'adjustment',
  'write_off',
  'stock_take',
  'reversal',
] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

export const WRITE_OFF_REASONS = ['expired', 'damaged', 'lost'] as const;
export type WriteOffReason = (typeof WRITE_OFF_REASONS)[number];

/** Movements that move stock out of a location for use; what an issue or a dispense writes. */
export const CONSUMING_KINDS = ['issue', 'dispense'] as const;

/** A batch is usable only while its expiry date lies after today: on its expiry date it is expired. */
export function isUsable(expiryDate: string, today: string): boolean {
  return expiryDate > today;
}

/** The date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface FefoCandidate {
  batchId: string;
  expiryDate: string;
  quantity: number;
}

/**
 * First-expiry-first-out: takes up to `wanted` units from the candidates in expiry order (then batch
 * id, the order they were locked in), skipping expired and empty batches. `taken` may be less than
 * wanted; the caller decides whether a shortfall is acceptable.
 */
export function planFefo(candidates: FefoCandidate[], wanted: number, today: string): { picks: { batchId: string; quantity: number }[]; taken: number } {
  const ordered = candidates
    .filter((c) => c.quantity > 0 && isUsable(c.expiryDate, today))
    .sort((a, b) => (a.expiryDate === b.expiryDate ? a.batchId.localeCompare(b.batchId) : a.expiryDate.localeCompare(b.expiryDate)));
  const picks: { batchId: string; quantity: number }[] = [];
  let taken = 0;
  for (const c of ordered) {
    if (taken >= wanted) break;
    const quantity = Math.min(c.quantity, wanted - taken);
    picks.push({ batchId: c.batchId, quantity });
    taken += quantity;
  }
  return { picks, taken };
}

export interface CountLine {
  batchId: string;
  systemQuantity: number;
  countedQuantity: number;
}

/** A stock take corrects each batch whose count differs from the system by the difference. */
export function stockTakeCorrections(lines: CountLine[]): { batchId: string; delta: number }[] {
  return lines.filter((l) => l.countedQuantity !== l.systemQuantity).map((l) => ({ batchId: l.batchId, delta: l.countedQuantity - l.systemQuantity }));
}

export interface LedgerLeg {
  id: string;
  kind: StockMovementKind;
  itemId: string;
  batchId: string;
  locationId: string;
  quantity: number;
  unitCost: string;
}

export type ReversalRefusal = 'dispense' | 'reversal';

/**
 * Why an operation cannot be reversed here, or null. Dispensing is undone by a pharmacy return (a
 * later feature, with the patient's record), and a reversal is final: a wrong reversal is followed
 * by a new movement, not a reversal of the reversal.
 */
export function reversalRefusal(legs: Pick<LedgerLeg, 'kind'>[]): ReversalRefusal | null {
  if (legs.some((l) => l.kind === 'dispense')) return 'dispense';
  if (legs.some((l) => l.kind === 'reversal')) return 'reversal';
  return null;
}

/**
 * The reversing legs of an operation: each leg's quantity negated, increments first so that legs on
 * the same batch and location never dip below zero on the way.
 */
export function reversalLegs(legs: LedgerLeg[]): (Omit<LedgerLeg, 'id' | 'kind'> & { reversesMovementId: string })[] {
  return legs
    .map((l) => ({ reversesMovementId: l.id, itemId: l.itemId, batchId: l.batchId, locationId: l.locationId, quantity: -l.quantity, unitCost: l.unitCost }))
    .sort((a, b) => b.quantity - a.quantity);
}
