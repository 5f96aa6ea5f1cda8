import { isISO31661Alpha2 } from 'class-validator';
import type { FieldError } from '../common/errors/domain-errors';
import type { IdentityType } from './patient.entity';
import { clinicToday } from '../common/time/clinic-date';
import { checkSaId } from './sa-id';

/** AAD purposes of the encrypted columns: a ciphertext only decrypts in the column it was written for. */
export const IDENTITY_NUMBER_PURPOSE = 'patients.identity_number';
export const MEMBER_NUMBER_PURPOSE = 'patients.member_number';

/** A patient has at most this many emergency / next-of-kin / secondary contacts. */
export const MAX_CONTACTS = 5;

/** Strips white space and dashes that people type into numbers ('800101 5009 087', 'A-1234567'). */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * The blind-index input for an identity document. The kind and (for passports) the issuing country
 * are part of it: a passport number is unique only within its country, and an SA ID number must
 * never collide with a foreign passport that happens to have the same characters.
 */
export function identityIndexInput(type: Exclude<IdentityType, 'none'>, number: string, passportCountry?: string | null): string {
  const compact = compactIdentifier(number);
  return type === 'sa_id' ? `sa_id:${compact}` : `passport:${(passportCountry ?? '').toUpperCase()}:${compact}`;
}

/**
 * The blind-index input for a medical-aid member number. Deliberately without the scheme: scheme
 * names are free text ('Polmed', 'POLMED Aquarium') and a clerk searches with the number on the card.
 * Not unique: dependants share the principal member's number.
 */
export function memberIndexInput(number: string): string {
  return `member:${compactIdentifier(number)}`;
}

/** '*********5087': shows at most the last four characters, and never more than half. */
export function maskIdentifier(value: string): string {
  const shown = Math.min(4, Math.floor(value.length / 2));
  return '*'.repeat(value.length - shown) + value.slice(value.length - shown);
}

/**
 * Normalises a phone number to E.164, reading a South African local number ('082 123 4567',
 * '0821234567') or a national one without '+' ('27821234567'). Null when it cannot be a phone number.
 */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  let e164: string;
  if (trimmed.startsWith('+')) e164 = `+${digits}`;
  else if (trimmed.startsWith('00')) e164 = `+${digits.slice(2)}`;
  else if (/^0\d{9}$/.test(digits)) e164 = `+27${digits.slice(1)}`;
  else if (/^27\d{9}$/.test(digits)) e164 = `+${digits}`;
  else return null;
  return /^\+[1-9]\d{7,14}$/.test(e164) ? e164 : null;
}

/**
 * A name search: one word matches the start of the first or the last name; two or more words match
 * the first word against the first name and the last word against the last name, in either order.
 */
export function nameSearchTerms(query: string): { kind: 'one'; prefix: string } | { kind: 'two'; first: string; last: string } | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  if (words.length === 1) return { kind: 'one', prefix: words[0] };
  return { kind: 'two', first: words[0], last: words[words.length - 1] };
}

/** LIKE pattern for a prefix, with LIKE's own wildcards escaped. */
export function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface IdentityInput {
  identityType: IdentityType;
  identityNumber?: string | null;
  passportCountry?: string | null;
  dateOfBirth: string;
}

/**
 * The identity document rules: an SA ID is 13 digits with a real embedded date of birth that agrees
 * with dateOfBirth, a valid citizenship digit and Luhn check digit; a passport needs its issuing
 * country (ISO 3166-1 alpha-2) and a 5-20 character alphanumeric number; 'none' carries neither.
 * Returns field errors (empty when valid) and the number as it is stored and indexed.
 */
export function checkIdentity(input: IdentityInput, today = clinicToday()): { problems: FieldError[]; number: string | null; passportCountry: string | null } {
  const problems: FieldError[] = [];
  const number = input.identityNumber == null ? null : compactIdentifier(input.identityNumber);
  const country = input.passportCountry == null ? null : input.passportCountry.trim().toUpperCase();
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (input.identityType !== 'passport' && country !== null) problem('passportCountry', 'passportCountry must be left out unless identityType is passport');
  switch (input.identityType) {
    case 'none':
      if (number !== null) problem('identityNumber', 'identityNumber must be left out when identityType is none');
      return { problems, number: null, passportCountry: null };
    case 'sa_id':
      if (!number) problem('identityNumber', 'identityNumber is required when identityType is sa_id');
      else for (const message of checkSaId(number, input.dateOfBirth, 'identityNumber', today).problems) problem('identityNumber', message);
      return { problems, number, passportCountry: null };
    case 'passport':
      if (!country) problem('passportCountry', 'passportCountry is required when identityType is passport');
      else if (!isISO31661Alpha2(country)) problem('passportCountry', 'passportCountry must be an ISO 3166-1 alpha-2 country code, e.g. ZW');
      if (!number) problem('identityNumber', 'identityNumber is required when identityType is passport');
      else if (!/^[A-Z0-9]{5,20}$/.test(number)) problem('identityNumber', 'identityNumber must be a passport number of 5-20 letters or digits');
      return { problems, number, passportCountry: country };
  }
}
