import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { isDuplicateKeyError, isForeignKeyError, isRetryableLockError } from '../database/mysql-errors';
import type { AppRequest } from '../http/app-request';
import { ConflictError, DomainError } from './domain-errors';
import type { ErrorResponseDto } from './error-response.dto';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

type ErrorBody = Omit<ErrorResponseDto, 'requestId'>;

/**
 * Turns any error into the one error body, audits the failed request, and sends it. Used by the
 * global exception filter and by Fastify's own error handler (body parsing fails before Nest).
 */
@Injectable()
export class ErrorResponder {
  private readonly logger = new Logger('Errors');

  constructor(private readonly audit: AuditRecorder) {}

  toBody(error: unknown): ErrorBody {
    if (error instanceof ConflictError && error.existingId !== undefined) {
      return { statusCode: error.status, error: error.code, message: error.message, details: error.details, existingId: error.existingId };
    }
    if (error instanceof DomainError) {
      return { statusCode: error.status, error: error.code, message: error.message, details: error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : error.message;
      if (status === HttpStatus.TOO_MANY_REQUESTS) {
        // The throttler's own text ('ThrottlerException: Too Many Requests') names a class, not what to do.
        return { statusCode: status, error: CODE_BY_STATUS[status], message: 'Too many requests; try again later' };
      }
      return { statusCode: status, error: CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message };
    }
    if (isDuplicateKeyError(error)) {
      return { statusCode: HttpStatus.CONFLICT, error: 'DUPLICATE', message: 'A record with the same unique value already exists' };
    }
    if (isRetryableLockError(error)) {
      // Still contended after the transaction's own retries: the request changed nothing; the client may repeat it.
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'CONCURRENT_UPDATE', message: 'The records are busy with another change; try again' };
    }
    if (isForeignKeyError(error)) {
      return { statusCode: HttpStatus.CONFLICT, error: 'REFERENCE_CONFLICT', message: 'A referenced record does not exist or is still in use' };
    }
    const status = (error as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      return { statusCode: status, error: CODE_BY_STATUS[status] ?? 'BAD_REQUEST', message: clientErrorMessage(status) };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'INTERNAL_ERROR', message: 'An unexpected error occurred' };
  }

  async respond(error: unknown, request: AppRequest, reply: FastifyReply): Promise<void> {
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error({ err: safeError(error), requestId: request.id }, 'Unhandled error');
    if (this.audit.shouldAudit(request)) {
      try {
        const resourceId = error instanceof DomainError ? error.auditResourceId : undefined;
        await this.audit.record(request, body.statusCode, resourceId);
      } catch (auditError) {
        this.logger.error({ err: safeError(auditError), requestId: request.id }, 'Audit write failed');
      }
    }
    if (reply.sent) return;
    await reply.status(body.statusCode).type('application/json').send({ ...body, requestId: String(request.id) });
  }
}

function clientErrorMessage(status: number): string {
  switch (status) {
    case 413:
      return 'The request body is too large';
    case 415:
      return 'Unsupported content type; send application/json';
    default:
      return 'The request could not be read';
  }
}

/** What may be logged of an error: its type, codes and stack frames, never its message (it can hold SQL values). */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, errno, sqlState } = error as Error & { code?: unknown; errno?: unknown; sqlState?: unknown };
  const frames = (error.stack ?? '').split('\n').slice(1).join('\n');
  return { type: error.name, code, errno, sqlState, stack: frames };
}
