import type { JurisdictionLevel, JurisdictionScope } from '../common/auth/auth-user';

const BREADTH: Record<JurisdictionLevel, number> = { national: 3, province: 2, district: 1, clinic: 0 };

/** Whether the target's level is no wider than the actor's (a clinic is narrower than a province). */
export function scopeNoWider(actor: JurisdictionScope, target: JurisdictionScope): boolean {
  return BREADTH[target.level] <= BREADTH[actor.level];
}

/**
 * Whether an administrator with `actor` scope may give a user the `target` scope: the target must be
 * no wider than the actor's and lie inside it. Keeps a provincial administrator from minting national users.
 */
export function scopeContains(actor: JurisdictionScope, target: JurisdictionScope): boolean {
  if (!scopeNoWider(actor, target)) return false;
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
