import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min, ValidateBy } from 'class-validator';
import type { AuthUser } from '../common/auth/auth-user';
import type { PermissionCode } from '../common/auth/permissions';
import { FieldError, ForbiddenError, ValidationFailedError } from '../common/errors/domain-errors';
import { OptionalNotNull, Trim } from '../common/http/transforms';

/** Trimmed text of min..max characters (VARCHAR counts characters). */
export const FreeText = (max: number, min = 1) => applyDecorators(Trim(), IsString(), Length(min, max));

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1900-01-01' && value <= '9999-12-31';
}

export const IsDateOnly = () =>
  ValidateBy({
    name: 'isDateOnly',
    validator: { validate: (value: unknown) => isCalendarDate(value), defaultMessage: (args) => `${args?.property} must be a date written YYYY-MM-DD` },
  });

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
