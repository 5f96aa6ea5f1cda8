import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';

/** What the pipeline learns about a request for its audit row. */
export interface AuditMark {
  action?: string;
  resourceType?: string;
  /** The route reads patient-identifying data and is audited although it is a GET. */
  auditRead?: boolean;
  resourceId?: string;
  /** Who acted, when the request itself established it (a sign-in) rather than a token. */
  actorId?: string;
  actorRole?: string;
  recorded?: boolean;
}

export type AppRequest = FastifyRequest & { user?: AuthUser; auditMark?: AuditMark };
