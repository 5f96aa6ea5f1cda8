import { batchExpiresBeforeCourseEnds } from './prescription-safety';

/*
 * Pure rules of prescriptions and dispensing (status, what a dispensing takes, expiry warnings,
 * cost), unit-tested without Nest or a database. The safety checks are in prescription-safety.ts.
 */

export const PRESCRIPTION_STATUSES = ['active', 'partially_dispensed', 'dispensed', 'cancelled'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

export interface ItemQuantities {
  /** Prescribed, in dispensing units; null on migrated items written without one. */
  quantity: number | null;
  quantityDispensed: number;
}

/** What is still to hand out (0 when the quantity is unknown: such an item cannot be dispensed). */
export function remainingOf(item: ItemQuantities): number {
  return item.quantity === null ? 0 : Math.max(0, item.quantity - item.quantityDispensed);
}

/**
 * A prescription's status from its items: dispensed once every item with a known quantity is
 * fully handed out, partially dispensed once anything was, active before. Cancelled stays cancelled.
 */
export function deriveStatus(current: PrescriptionStatus, items: ItemQuantities[]): PrescriptionStatus {
  if (current === 'cancelled') return 'cancelled';
  const anyDispensed = items.some((i) => i.quantityDispensed > 0);
  const countable = items.filter((i) => i.quantity !== null);
  if (countable.length > 0 && countable.length === items.length && countable.every((i) => remainingOf(i) === 0)) return 'dispensed';
  return anyDispensed ? 'partially_dispensed' : 'active';
}

export interface DispensableItem extends ItemQuantities {
  id: string;
  position: number;
  drugId: string | null;
}

export interface DispenseRequestLine {
  prescriptionItemId: string;
  quantity?: number;
}

export type DispensePlan<T extends DispensableItem = DispensableItem> =
  | { ok: true; lines: { item: T; quantity: number }[] }
  | {
      ok: false;
      kind: 'invalid' | 'not_in_catalogue' | 'exceeds_remaining' | 'nothing_remaining';
      problems: { field: string; message: string }[];
    };

/**
 * Which items and how many units one dispensing asks for: the listed items (all they have left
 * unless a quantity is given) or, with no list, everything remaining. Refuses unknown or repeated
 * items, more than remains, and items without a catalogue drug.
 */
export function planDispense<T extends DispensableItem>(items: T[], request: DispenseRequestLine[] | undefined): DispensePlan<T> {
  const byId = new Map(items.map((i) => [i.id, i]));
  if (request === undefined) {
    const open = items.filter((i) => remainingOf(i) > 0 || (i.quantity === null && i.drugId === null));
    const uncatalogued = open.filter((i) => i.drugId === null);
    if (uncatalogued.length > 0) {
      return {
        ok: false,
        kind: 'not_in_catalogue',
        problems: uncatalogued.map((i) => ({ field: `items.${i.position}`, message: `Item ${i.position} is not a catalogue drug and cannot be dispensed` })),
      };
    }
    const lines = open.map((item) => ({ item, quantity: remainingOf(item) }));
    if (lines.length === 0) return { ok: false, kind: 'nothing_remaining', problems: [{ field: 'items', message: 'Nothing remains to be dispensed' }] };
    return { ok: true, lines };
  }
  const invalid: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  request.forEach((line, i) => {
    if (!byId.has(line.prescriptionItemId)) invalid.push({ field: `items.${i}.prescriptionItemId`, message: 'prescriptionItemId is not an item of this prescription' });
    else if (seen.has(line.prescriptionItemId)) invalid.push({ field: `items.${i}.prescriptionItemId`, message: 'prescriptionItemId is listed twice' });
    seen.add(line.prescriptionItemId);
  });
  if (invalid.length > 0) return { ok: false, kind: 'invalid', problems: invalid };
  const chosen = request.map((line, i) => ({ index: i, item: byId.get(line.prescriptionItemId)!, asked: line.quantity }));
  const uncatalogued = chosen.filter((c) => c.item.drugId === null);
  if (uncatalogued.length > 0) {
    return {
      ok: false,
      kind: 'not_in_catalogue',
      problems: uncatalogued.map((c) => ({ field: `items.${c.index}.prescriptionItemId`, message: `Item ${c.item.position} is not a catalogue drug and cannot be dispensed` })),
    };
  }
  const over = chosen.filter((c) => remainingOf(c.item) === 0 || (c.asked !== undefined && c.asked > remainingOf(c.item)));
  if (over.length > 0) {
    return {
      ok: false,
      kind: 'exceeds_remaining',
      problems: over.map((c) => ({
        field: `items.${c.index}.quantity`,
        message: c.item.quantity === null ? `Item ${c.item.position} has no prescribed quantity` : `Only ${remainingOf(c.item)} remain to be dispensed for item ${c.item.position}`,
      })),
    };
  }
  return { ok: true, lines: chosen.map((c) => ({ item: c.item, quantity: c.asked ?? remainingOf(c.item) })) };
}

export interface BatchTaken {
  batchId: string;
  lotNumber: string;
  /** YYYY-MM-DD */
  expiryDate: string;
}

export interface ExpiryWarning {
  code: 'BATCH_EXPIRES_BEFORE_COURSE_END';
  message: string;
  prescriptionItemId: string;
  batchId: string;
  lotNumber: string;
  expiryDate: string;
  courseEndDate: string;
}

/** A warning per batch that is no longer usable before the course's last day. */
export function expiryWarnings(prescriptionItemId: string, courseEnd: string | null, batches: BatchTaken[]): ExpiryWarning[] {
  if (!courseEnd) return [];
  return batches
    .filter((b) => batchExpiresBeforeCourseEnds(b.expiryDate, courseEnd))
    .map((b) => ({
      code: 'BATCH_EXPIRES_BEFORE_COURSE_END' as const,
      message: `Batch ${b.lotNumber} expires on ${b.expiryDate}, before the course ends on ${courseEnd}`,
      prescriptionItemId,
      batchId: b.batchId,
      lotNumber: b.lotNumber,
      expiryDate: b.expiryDate,
      courseEndDate: courseEnd,
    }));
}

/** quantity × unit cost to 4 decimals, in integer arithmetic (no float rounding of money). */
export function lineCost(unitCost: string, quantity: number): string {
  const [whole, fraction = ''] = unitCost.split('.');
  const negative = whole.startsWith('-');
  const tenThousandths = BigInt(whole.replace('-', '') + fraction.padEnd(4, '0').slice(0, 4)) * BigInt(quantity);
  const digits = tenThousandths.toString().padStart(5, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}
