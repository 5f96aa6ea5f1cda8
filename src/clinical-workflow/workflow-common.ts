import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { AuthUser } from '../common/auth/auth-user';
import type { PermissionCode } from '../common/auth/permissions';
import { FieldError, ForbiddenError, ValidationFailedError } from '../common/errors/domain-errors';
import { OptionalNotNull } from '../common/http/transforms';

export const MAX_VERSION = 2_147_483_647;

/** The optional `version` of a write: the version the client last read; 409 VISIT_VERSION_CONFLICT if it has moved on. */
export const ClientVersion = () =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The visit version you last read; 409 VISIT_VERSION_CONFLICT if it has changed since' }),
    OptionalNotNull(),
    IsInt(),
    Min(1),
    Max(MAX_VERSION),
  );

/** Refuses, like the permission guard does, a caller lacking a permission a part of the body needs. */
export function requirePermission(caller: AuthUser, permission: PermissionCode, what: string): void {
  if (!caller.permissions.has(permission)) throw new ForbiddenError('MISSING_PERMISSION', `${what} requires ${permission}`);
}

/** Re-throws another context's field errors under the name the field has in this body. */
export async function withFieldPrefix<T>(prefix: string, work: () => Promise<T>, rename: (field: string) => string = (f) => `${prefix}${f}`): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationFailedError && error.details) {
      throw new ValidationFailedError(error.details.map((d: FieldError) => ({ field: rename(d.field), message: d.message })), error.message);
    }
    throw error;
  }
}

/** Decimal columns come back from the driver as strings. */
export const decimal = (value: string | null): number | null => (value === null ? null : Number(value));

export const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** Names the record a refused action concerned, for its audit row (never sent to the client). */
export function withResource<T extends { auditResourceId?: string }>(error: T, id: string): T {
  error.auditResourceId = id;
  return error;
}
