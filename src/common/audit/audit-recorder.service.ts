import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { AppRequest } from '../http/app-request';
import { clientAddress } from '../http/client-address';
import { fitColumn } from '../database/fit-column';
import { AuditOutcome } from './audit-chain';
import { AuditWriter } from './audit-writer.service';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function outcomeForStatus(statusCode: number): AuditOutcome {
  if (statusCode < 400) return 'success';
  if (statusCode === 401 || statusCode === 403) return 'denied';
  return 'failure';
}

/**
 * Turns a finished request into its one audit row. Called by the audit interceptor for handled
 * requests and by the error responder for everything that failed, wherever it failed.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    private readonly writer: AuditWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  shouldAudit(request: AppRequest): boolean {
    if (!this.config.audit.enabled || request.auditMark?.recorded) return false;
    return !READ_METHODS.has(request.method) || request.auditMark?.auditRead === true;
  }

  async record(request: AppRequest, statusCode: number, resourceId?: string | null): Promise<void> {
    const mark = (request.auditMark ??= {});
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const path = request.url.split('?')[0];
    await this.writer.append({
      id: randomUUID(),
      occurredAt: new Date(),
      actorId: request.user?.id ?? mark.actorId ?? null,
      actorRole: fitColumn(request.user?.role ?? mark.actorRole ?? null, 64),
      action: fitColumn(mark.action ?? `${request.method} ${request.routeOptions?.url ?? 'unmatched route'}`, 128) ?? '',
      resourceType: fitColumn(mark.resourceType ?? null, 64),
      resourceId: fitColumn(mark.resourceId ?? resourceId ?? params.id ?? null, 64),
      // Any method Node accepts reaches here, including long non-standard ones.
      method: fitColumn(request.method, 10) ?? '',
      path: fitColumn(path, 512) ?? '',
      outcome: outcomeForStatus(statusCode),
      statusCode,
      clientIp: clientAddress(request),
      userAgent: fitColumn(headerValue(request.headers['user-agent']), 512),
      requestId: fitColumn(String(request.id), 128),
    });
    // Only now: if the write failed, the error responder still records the request (as failed).
    mark.recorded = true;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
