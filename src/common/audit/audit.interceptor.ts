import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { mergeMap, Observable } from 'rxjs';
import type { AppRequest } from '../http/app-request';
import { AuditRecorder } from './audit-recorder.service';

/**
 * Writes the audit row of a request whose handler succeeded, before the response goes out.
 * Failures (guards, pipes, handlers) are audited by the error responder instead, so each request
 * gets exactly one row.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly recorder: AuditRecorder,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AppRequest>();
    if (!this.recorder.shouldAudit(request)) return next.handle();
    const status =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const createdId =
          body && typeof body === 'object' && 'id' in body && typeof body.id === 'string' ? body.id : null;
        await this.recorder.record(request, status, createdId);
        return body;
      }),
    );
  }
}
