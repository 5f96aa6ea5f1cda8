import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/** Trims surrounding white space from a string field before validation. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** E-mail addresses are compared case-insensitively: store and look them up lower-cased. */
export const NormaliseEmail = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

const E164 = /^\+[1-9]\d{7,14}$/;

/** A phone number in E.164 form, e.g. +27821234567. */
export const IsE164Phone = () => applyDecorators(Matches(E164, { message: '$property must be in E.164 form, e.g. +27821234567' }));

/**
 * May be left out, but not sent as null: unlike @IsOptional(), a null goes on to the field's other
 * validators and is refused there (a null name would otherwise reach the database).
 */
export const OptionalNotNull = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** Trimmed text of min..max characters (VARCHAR counts characters). */
export const FreeText = (max: number, min = 1) => applyDecorators(Trim(), IsString(), Length(min, max));

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD, from 1900 on (2025-02-30 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_ONLY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1900-01-01';
}

/** A date without time, YYYY-MM-DD, from 1900 on. */
export const IsDateOnly = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date written YYYY-MM-DD`,
      },
    },
    options,
  );
