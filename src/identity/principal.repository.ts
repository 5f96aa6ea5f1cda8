import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser, JurisdictionLevel } from '../common/auth/auth-user';

interface PrincipalRow {
  id: string;
  email: string;
  full_name: string;
  role: string;
  jurisdiction_level: JurisdictionLevel;
  province_id: string | null;
  district_id: string | null;
  clinic_id: string | null;
  permissions: string | string[] | null;
}

/**
 * Loads the caller behind an access token on every request: one indexed query that also checks the
 * user is active and the session not revoked, so deactivation, sign-out and permission changes take
 * effect on the next request rather than at the next sign-in.
 */
@Injectable()
export class PrincipalRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(userId: string, sessionId: string): Promise<Omit<AuthUser, 'sessionId'> | null> {
    const rows = (await this.dataSource.query(
      `SELECT u.id, u.email, u.full_name, r.name AS role, u.jurisdiction_level, u.province_id, u.district_id, u.clinic_id,
              (SELECT JSON_ARRAYAGG(rp.permission_code) FROM role_permissions rp WHERE rp.role_id = u.role_id) AS permissions
         FROM users u
         JOIN roles r ON r.id = u.role_id
         JOIN auth_sessions s ON s.id = ? AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > NOW(3)
        WHERE u.id = ? AND u.is_active = 1`,
      [sessionId, userId],
    )) as PrincipalRow[];
    const row = rows[0];
    if (!row) return null;
    const permissions = typeof row.permissions === 'string' ? (JSON.parse(row.permissions) as string[]) : row.permissions ?? [];
    return {
      id: row.id,
      email: row.email,
      fullName: row.full_name,
      role: row.role,
      permissions: new Set(permissions),
      scope: {
        level: row.jurisdiction_level,
        provinceId: row.province_id,
        districtId: row.district_id,
        clinicId: row.clinic_id,
      },
    };
  }
}
