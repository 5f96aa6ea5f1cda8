import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../common/errors/domain-errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// ~49,000 passwords from public breach corpora, shipped with zxcvbn-ts.
const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * Staff password rules: at least 12 characters, not the e-mail address, not a common password
 * (nor a common password padded with digits or symbols, such as "Password2026!").
 */
export function checkPassword(password: string, email: string, field = 'password'): FieldError[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const mail = email.toLowerCase();
  const localPart = mail.split('@')[0];
  if (lower === mail || (localPart.length >= 4 && lower.includes(localPart))) problems.push('must not contain your e-mail address');
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core))) problems.push('is too common; choose a less guessable password');
  return problems.map((message) => ({ field, message: `${field} ${message}` }));
}
