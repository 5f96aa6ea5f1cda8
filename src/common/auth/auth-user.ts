export const JURISDICTION_LEVELS = ['national', 'province', 'district', 'clinic'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/**
 * What part of the country a user may see. Later contexts put it into the WHERE clause of the query
 * that loads their data (see jurisdiction.ts), never filter after loading.
 */
export interface JurisdictionScope {
  level: JurisdictionLevel;
  provinceId: string | null;
  districtId: string | null;
  clinicId: string | null;
}

/** The authenticated caller, loaded fresh from the database on every request. */
export interface AuthUser {
  id: string;
  email: string;
  fullName: string;
  role: string;
  permissions: ReadonlySet<string>;
  sessionId: string;
  scope: JurisdictionScope;
}
