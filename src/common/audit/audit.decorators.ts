import { SetMetadata } from '@nestjs/common';
import type { AppRequest } from '../http/app-request';

export const AUDIT_RESOURCE = 'audit:resource';
export const AUDIT_READ = 'audit:read';

/** Names the kind of record a controller's routes act on, for the audit trail. */
export const AuditResource = (resourceType: string) => SetMetadata(AUDIT_RESOURCE, resourceType);

/** Names the user a public request turned out to act as (a successful sign-in), for its audit row. */
export function markAuditActor(request: AppRequest, user: { id: string; role: string }): void {
  request.auditMark = { ...request.auditMark, actorId: user.id, actorRole: user.role, resourceId: user.id };
}

/** Audits a read: for routes that return patient-identifying or personal data. Mutations are always audited. */
export const AuditRead = () => SetMetadata(AUDIT_READ, true);
