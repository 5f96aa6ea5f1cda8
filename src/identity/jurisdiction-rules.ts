import type { JurisdictionLevel, JurisdictionScope } from '../common/auth/auth-user';

const BREADTH: Record<JurisdictionLevel, number> = { national: 3, province: 2, district: 1, clinic: 0 };

/**
 * Whether an administrator with `actor` scope may give a user the `target` scope: the target must be
 * no wider than the actor's and lie inside it. Keeps a provincial administrator from minting national users.
 */
export function scopeContains(actor: JurisdictionScope, target: JurisdictionScope): boolean {
  if (BREADTH[target.level] > BREADTH[actor.level]) return false;
  switch (actor.level) {
    case 'national':
      return true;
    case 'province':
      return target.provinceId === actor.provinceId;
    case 'district':
      return target.districtId === actor.districtId;
    case 'clinic':
      return target.clinicId === actor.clinicId;
  }
}
