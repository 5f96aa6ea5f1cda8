import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AppRequest } from '../common/http/app-request';
import { uuidParamPipe } from '../common/http/id-param';

/**
 * The patient's `:id` path parameter (a UUID, else 400 naming it), also named as the audit row's
 * resource: every read and write of a patient's contacts and history shows in that patient's trail.
 */
export const PatientIdParam = () =>
  createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
    const request = ctx.switchToHttp().getRequest<AppRequest>();
    const id = (request.params as Record<string, string | undefined>).id;
    if (id !== undefined && /^[0-9a-fA-F-]{36}$/.test(id)) request.auditMark = { ...request.auditMark, resourceId: id };
    return id;
  })(uuidParamPipe('id'));
