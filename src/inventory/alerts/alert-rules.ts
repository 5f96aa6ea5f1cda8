/*
 * The alert job's vocabulary and pure rules (no Nest, no database), unit-tested in alert-rules.spec.ts.
 */
import { createHash } from 'node:crypto';
import type { JurisdictionScope } from '../../common/auth/auth-user';
import { scopeCovers } from '../../common/auth/jurisdiction';
import { clinicToday } from '../../common/time/clinic-date';

export const STOCK_ALERT_KINDS = ['low_stock', 'expiring', 'expired_on_hand', 'warranty_expiring', 'maintenance_due'] as const;
export type StockAlertKind = (typeof STOCK_ALERT_KINDS)[number];

export const STOCK_ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type StockAlertStatus = (typeof STOCK_ALERT_STATUSES)[number];

export const JOB_NAMES = ['stock-alerts'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export const JOB_TRIGGERS = ['schedule', 'api', 'cli'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/** What asking for a run came to: it ran (and succeeded or failed), the period had already run, or another holder has the lock. */
export const JOB_RUN_RESULTS = ['ran', 'failed', 'already_ran', 'skipped_locked'] as const;
export type JobRunResult = (typeof JOB_RUN_RESULTS)[number];

export interface JobCounts {
  raised: number;
  updated: number;
  resolved: number;
  notified: number;
}

export const ZERO_COUNTS: JobCounts = { raised: 0, updated: 0, resolved: 0, notified: 0 };

/** Expiry bands, narrowest first: a batch expiring within 30 days is in the 30-day band. */
export const EXPIRY_WINDOWS = [30, 60, 90] as const;
export const EXPIRY_HORIZON_DAYS = 90;
export const WARRANTY_HORIZON_DAYS = 30;
export const MAINTENANCE_HORIZON_DAYS = 7;

/**
 * A nightly job's period is the clinics' calendar date of the run (Africa/Johannesburg): the 02:00
 * SAST run on 5 December is period '2026-12-05' although it is still 4 December in UTC.
 */
export function jobPeriod(now: Date = new Date()): string {
  return clinicToday(now);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The expiry band of a usable batch: 30, 60 or 90 days; null when it is expired (on or before today:
 * on its expiry date a batch is expired) or expires after the 90-day horizon.
 */
export function expiryWindow(expiryDate: string, today: string): 30 | 60 | 90 | null {
  const days = daysBetween(today, expiryDate);
  if (days <= 0) return null;
  return EXPIRY_WINDOWS.find((w) => days <= w) ?? null;
}

/**
 * The name of the MariaDB user lock that lets one instance run a job: per database (two databases on
 * one server never block each other) and at most 64 characters, as GET_LOCK requires.
 */
export function jobLockName(database: string, job: string): string {
  const name = `${database}:job:${job}`;
  if (name.length <= 64) return name;
  return `job:${job}:${createHash('sha256').update(database).digest('hex')}`.slice(0, 64);
}

export interface ManagerScope {
  email: string;
  scope: JurisdictionScope;
}

export interface AlertPlace {
  clinicId: string;
  districtId: string;
  provinceId: string;
}

/** The inventory managers whose jurisdiction covers the alert's clinic (national ones cover every clinic). */
export function recipientsFor<T extends ManagerScope>(managers: readonly T[], place: AlertPlace): T[] {
  return managers.filter((m) => scopeCovers(m.scope, place));
}

/** Keeps an error message short and free of SQL parameter dumps; codes and messages only, never values. */
export function safeErrorMessage(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? `${e.code}: ` : '';
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(error);
  return `${code}${message}`.slice(0, 1000);
}

export interface AlertMailFacts {
  kind: StockAlertKind;
  windowDays: number | null;
  quantity: number | null;
  threshold: number | null;
  dueDate: string | null;
  itemName: string | null;
  itemCode: string | null;
  unit: string | null;
  lotNumber: string | null;
  expiryDate: string | null;
  locationName: string | null;
  locationCode: string | null;
  assetTag: string | null;
  assetName: string | null;
  task: string | null;
}

const KIND_TITLES: Record<StockAlertKind, string> = {
  low_stock: 'Low stock',
  expiring: 'Stock expiring',
  expired_on_hand: 'Expired stock on hand',
  warranty_expiring: 'Warranty expiring',
  maintenance_due: 'Maintenance due',
};

/** The e-mail for one alert: stock and equipment facts only, never patient data. */
export function alertMessage(a: AlertMailFacts, portalUrl: string): { subject: string; text: string } {
  const location = a.locationName ? `${a.locationName}${a.locationCode ? ` (${a.locationCode})` : ''}` : 'unknown location';
  const item = a.itemName ? `${a.itemName}${a.itemCode ? ` [${a.itemCode}]` : ''}` : '';
  const units = a.unit ? ` ${a.unit}` : '';
  const asset = a.assetName ? `${a.assetName}${a.assetTag ? ` (${a.assetTag})` : ''}` : '';
  const lines: string[] = [];
  let headline: string;
  switch (a.kind) {
    case 'low_stock':
      headline = `${item} at ${location}`;
      lines.push(`Item: ${item}`, `Location: ${location}`, `Usable on hand: ${a.quantity ?? 0}${units}`, `Reorder level: ${a.threshold ?? 0}${units}`);
      break;
    case 'expiring':
    case 'expired_on_hand':
      headline = `${item} lot ${a.lotNumber ?? '?'} at ${location}`;
      lines.push(
        `Item: ${item}`,
        `Lot: ${a.lotNumber ?? '?'}`,
        `Expiry date: ${a.expiryDate ?? a.dueDate ?? '?'}`,
        ...(a.kind === 'expiring' ? [`Expires within: ${a.windowDays} days`] : ['Expired: do not dispense; write it off']),
        `Location: ${location}`,
        `Quantity on hand: ${a.quantity ?? 0}${units}`,
      );
      break;
    case 'warranty_expiring':
      headline = `${asset} at ${location}`;
      lines.push(`Asset: ${asset}`, `Location: ${location}`, `Warranty expires: ${a.dueDate ?? '?'}`);
      break;
    case 'maintenance_due':
      headline = `${asset}: ${a.task ?? 'maintenance'}`;
      lines.push(`Asset: ${asset}`, `Task: ${a.task ?? '?'}`, `Location: ${location}`, `Due: ${a.dueDate ?? '?'}`);
      break;
  }
  const title = a.kind === 'expiring' ? `${KIND_TITLES[a.kind]} within ${a.windowDays} days` : KIND_TITLES[a.kind];
  return {
    subject: `[Stock alert] ${title}: ${headline}`,
    text: `${title}\n\n${lines.join('\n')}\n\nSee the open alerts: ${portalUrl.replace(/\/$/, '')}/inventory/alerts\n`,
  };
}
