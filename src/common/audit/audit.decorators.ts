import { SetMetadata } from '@nestjs/common';

export const AUDIT_RESOURCE = 'audit:resource';
export const AUDIT_READ = 'audit:read';

/** Names the kind of record a controller's routes act on, for the audit trail. */
export const AuditResource = (resourceType: string) => SetMetadata(AUDIT_RESOURCE, resourceType);

/** Audits a read: for routes that return patient-identifying or personal data. Mutations are always audited. */
export const AuditRead = () => SetMetadata(AUDIT_READ, true);
