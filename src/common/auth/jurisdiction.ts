import { ForbiddenError } from '../errors/domain-errors';
import type { JurisdictionScope } from './auth-user';

export interface ScopeCondition {
  /** SQL fragment, or '1=1' for national scope. */
  sql: string;
  params: Record<string, string>;
}

/**
 * Builds the WHERE fragment that limits rows to the caller's jurisdiction. `columns` names the
 * row's province, district and clinic columns (a clinic row carries all three, denormalised, so
 * every level is one indexed equality).
 */
export function scopeCondition(
  scope: JurisdictionScope,
  columns: { province: string; district: string; clinic: string },
): ScopeCondition {
  switch (scope.level) {
    case 'national':
      return { sql: '1=1', params: {} };
    case 'province':
      return { sql: `${columns.province} = :scopeProvinceId`, params: { scopeProvinceId: scope.provinceId ?? '' } };
    case 'district':
      return { sql: `${columns.district} = :scopeDistrictId`, params: { scopeDistrictId: scope.districtId ?? '' } };
    case 'clinic':
      return { sql: `${columns.clinic} = :scopeClinicId`, params: { scopeClinicId: scope.clinicId ?? '' } };
  }
}

/** Whether a place (given by its clinic, district and province) lies inside the scope. */
export function scopeCovers(
  scope: JurisdictionScope,
  place: { provinceId: string | null; districtId: string | null; clinicId: string | null },
): boolean {
  switch (scope.level) {
    case 'national':
      return true;
    case 'province':
      return scope.provinceId !== null && place.provinceId === scope.provinceId;
    case 'district':
      return scope.districtId !== null && place.districtId === scope.districtId;
    case 'clinic':
      return scope.clinicId !== null && place.clinicId === scope.clinicId;
  }
}

/**
 * For what belongs to no place and so to everyone (the role catalogue, the whole audit trail):
 * only national staff act on it, whatever permissions a provincial role carries.
 */
export function requireNationalScope(scope: JurisdictionScope): void {
  if (scope.level !== 'national') {
    throw new ForbiddenError('NATIONAL_SCOPE_REQUIRED', 'Only users with national jurisdiction can do this');
  }
}
