import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches, ValidateIf } from 'class-validator';

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
