/*
 * The asset register's vocabulary and lifecycle rules (no Nest, no database), unit-tested in
 * asset-lifecycle.spec.ts.
 */

export const ASSET_STATUSES = ['in_service', 'under_maintenance', 'retired'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** The statuses a status change may set; retirement has its own action (it needs a date and reason). */
export const SETTABLE_ASSET_STATUSES = ['in_service', 'under_maintenance'] as const;
export type SettableAssetStatus = (typeof SETTABLE_ASSET_STATUSES)[number];

export const MAINTENANCE_KINDS = ['preventive', 'corrective', 'calibration', 'inspection'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];

export type LifecycleCheck = { ok: true } | { ok: false; code: 'ASSET_RETIRED' | 'ASSET_STATUS'; message: string };

const RETIRED: LifecycleCheck = { ok: false, code: 'ASSET_RETIRED', message: 'The asset is retired; a retired asset cannot change' };

/** Retirement is final: nothing about a retired asset changes any more. */
export function checkEditable(status: AssetStatus): LifecycleCheck {
  return status === 'retired' ? RETIRED : { ok: true };
}

/** in_service ⇄ under_maintenance; moving to the status it already has is refused so a double submit is visible. */
export function checkStatusChange(from: AssetStatus, to: SettableAssetStatus): LifecycleCheck {
  if (from === 'retired') return RETIRED;
  if (from === to) return { ok: false, code: 'ASSET_STATUS', message: `The asset is already ${to.replace('_', ' ')}` };
  return { ok: true };
}

/** The statuses an asset may be moved to next (retirement included, as its own action). */
export function nextAssetStatuses(from: AssetStatus): AssetStatus[] {
  if (from === 'retired') return [];
  return ASSET_STATUSES.filter((s) => s !== from);
}

export type RetirementCheck = { ok: true } | { ok: false; field: 'retiredOn'; message: string };

/** An asset is retired on a day that has happened, not before it was bought. */
export function checkRetirementDate(retiredOn: string, today: string, purchaseDate: string | null): RetirementCheck {
  if (retiredOn > today) return { ok: false, field: 'retiredOn', message: 'retiredOn cannot be in the future' };
  if (purchaseDate !== null && retiredOn < purchaseDate) return { ok: false, field: 'retiredOn', message: 'retiredOn cannot be before the purchase date' };
  return { ok: true };
}

/** Maintenance is recorded on a day that has happened. */
export function checkPerformedOn(performedOn: string, today: string): string | null {
  return performedOn > today ? 'performedOn cannot be in the future' : null;
}

/** The date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A schedule is due again `intervalDays` after the maintenance that satisfied it. */
export function nextDueAfter(performedOn: string, intervalDays: number): string {
  return addDays(performedOn, intervalDays);
}

/** Whether a warranty ends within `days` from today (today included; already expired is not "expiring"). */
export function warrantyExpiringWithin(warrantyExpiry: string | null, today: string, days: number): boolean {
  return warrantyExpiry !== null && warrantyExpiry >= today && warrantyExpiry <= addDays(today, days);
}
