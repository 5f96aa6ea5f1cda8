import { clinicToday } from '../common/time/clinic-date';
/**
 * South African identity numbers (Department of Home Affairs format): YYMMDD SSSS C A Z
 * - YYMMDD date of birth, SSSS sequence (0000-4999 female, 5000-9999 male),
 * - C citizenship (0 citizen, 1 permanent resident, 2 refugee), A (formerly race, now any digit),
 * - Z a Luhn check digit over the first twelve.
 * Pure functions; no I/O.
 */

export type SaIdCitizenship = 'citizen' | 'permanent_resident' | 'refugee';

export interface SaIdParts {
  /** YYYY-MM-DD, the century chosen so the person is not born in the future. */
  dateOfBirth: string;
  sex: 'female' | 'male';
  citizenship: SaIdCitizenship;
}

const CITIZENSHIP: Record<string, SaIdCitizenship> = { '0': 'citizen', '1': 'permanent_resident', '2': 'refugee' };

/** Luhn (mod 10) over all digits including the check digit: true when the check digit is right. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit for a twelve-digit prefix (used to build valid demo and test numbers). */
export function luhnCheckDigit(prefix: string): string {
  for (let d = 0; d <= 9; d += 1) if (luhnValid(`${prefix}${d}`)) return String(d);
  throw new Error('unreachable');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A real calendar date as YYYY-MM-DD, or null (e.g. 30 February). */
export function realDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}


/**
 * The date of birth an SA ID's YYMMDD encodes: 20YY unless that lies in the future, then 19YY.
 * Null when that date does not exist.
 */
export function saIdBirthDate(yymmdd: string, today = clinicToday()): string | null {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const recent = realDate(2000 + yy, mm, dd);
  if (recent !== null && recent <= today) return recent;
  // The 21st-century date is in the future (or does not exist, e.g. 29 Feb in a non-leap 20YY): the 20th century.
  if (recent !== null) return realDate(1900 + yy, mm, dd);
  const older = realDate(1900 + yy, mm, dd);
  return older;
}

/**
 * Checks an SA ID number, and that it agrees with the date of birth given, if any. Returns the
 * problems as messages about `field` (empty when valid) and the parts it encodes when readable.
 */
export function checkSaId(
  idNumber: string,
  dateOfBirth: string | undefined,
  field = 'identityNumber',
  today = clinicToday(),
): { problems: string[]; parts: SaIdParts | null } {
  if (!/^\d{13}$/.test(idNumber)) return { problems: [`${field} must be 13 digits`], parts: null };
  const problems: string[] = [];
  const birth = saIdBirthDate(idNumber.slice(0, 6), today);
  if (birth === null) problems.push(`${field} does not start with a real date of birth (YYMMDD)`);
  const citizenship = CITIZENSHIP[idNumber[10]];
  if (!citizenship) problems.push(`${field} has an invalid citizenship digit (must be 0, 1 or 2)`);
  if (!luhnValid(idNumber)) problems.push(`${field} has an invalid check digit`);
  // YYMMDD does not say the century: a given date of birth agrees with either reading that is not in
  // the future (someone born in 1925 carries 25MMDD, as does a child born in 2025).
  const agrees =
    dateOfBirth !== undefined && dateOfBirth.slice(2).replace(/-/g, '') === idNumber.slice(0, 6) && dateOfBirth <= today && dateOfBirth >= '1900-01-01';
  if (birth !== null && dateOfBirth !== undefined && !agrees) problems.push(`${field} does not match dateOfBirth`);
  const parts =
    birth !== null && citizenship
      ? { dateOfBirth: agrees ? dateOfBirth! : birth, sex: Number(idNumber.slice(6, 10)) < 5000 ? ('female' as const) : ('male' as const), citizenship }
      : null;
  return { problems, parts };
}
