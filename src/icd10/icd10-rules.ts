/**
 * The South African ICD-10 Master Industry Table (MIT) rules for coding diagnoses, as pure functions
 * (no Nest, no database): Icd10Service loads the codes and applies these.
 */
import type { FieldError } from '../common/errors/domain-errors';

/** A code as stored: a letter, two digits, then optionally a dot and one to four characters. */
export const ICD10_CODE_PATTERN = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

export const SEX_RESTRICTIONS = ['male', 'female'] as const;
export type SexRestriction = (typeof SEX_RESTRICTIONS)[number];

export const PATIENT_SEXES = ['male', 'female', 'other', 'unknown'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

/** What the rules need to know about one code (a row of icd10_codes). */
export interface Icd10CodeFacts {
  code: string;
  description: string;
  validClinicalUse: boolean;
  validPrimary: boolean;
  genderRestriction: SexRestriction | null;
  ageMinYears: number | null;
  ageMaxYears: number | null;
  active: boolean;
}

export interface DiagnosisInput {
  code: string;
  primary: boolean;
}

export interface PatientFacts {
  sex: PatientSex;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** When the diagnosis is made (age is computed on this day); now when left out. */
  onDate?: Date;
}

export interface ResolvedDiagnosis {
  /** Normalised: 'E11.9'. */
  code: string;
  description: string;
  primary: boolean;
}

/**
 * Upper-cases, trims, drops white space and a trailing dagger/asterisk mark, and inserts the dot
 * when it was left out: ' e119 ' → 'E11.9', 'G63.2*' → 'G63.2'. Null when the result is not
 * shaped like an ICD-10 code.
 */
export function normaliseIcd10Code(input: string): string | null {
  let code = input.toUpperCase().replace(/\s+/g, '').replace(/[*†+]$/, '');
  if (code.endsWith('.')) code = code.slice(0, -1);
  if (/^[A-Z][0-9]{2}[0-9A-Z]{1,4}$/.test(code)) code = `${code.slice(0, 3)}.${code.slice(3)}`;
  return ICD10_CODE_PATTERN.test(code) ? code : null;
}

const CHAPTERS: [from: string, to: string, chapter: string][] = [
  ['A00', 'B99', 'I'],
  ['C00', 'D48', 'II'],
  ['D50', 'D89', 'III'],
  ['E00', 'E90', 'IV'],
  ['F00', 'F99', 'V'],
  ['G00', 'G99', 'VI'],
  ['H00', 'H59', 'VII'],
  ['H60', 'H95', 'VIII'],
  ['I00', 'I99', 'IX'],
  ['J00', 'J99', 'X'],
  ['K00', 'K93', 'XI'],
  ['L00', 'L99', 'XII'],
  ['M00', 'M99', 'XIII'],
  ['N00', 'N99', 'XIV'],
  ['O00', 'O99', 'XV'],
  ['P00', 'P96', 'XVI'],
  ['Q00', 'Q99', 'XVII'],
  ['R00', 'R99', 'XVIII'],
  ['S00', 'T98', 'XIX'],
  ['V01', 'Y98', 'XX'],
  ['Z00', 'Z99', 'XXI'],
  ['U00', 'U99', 'XXII'],
];

/** The WHO chapter (Roman numeral) of a normalised code, or null outside every chapter. */
export function chapterOf(code: string): string | null {
  const category = code.slice(0, 3);
  return CHAPTERS.find(([from, to]) => category >= from && category <= to)?.[2] ?? null;
}

const inCategoryRange = (code: string, from: string, to: string) => code.slice(0, 3) >= from && code.slice(0, 3) <= to;

/** Injury, poisoning and other consequences of external causes (chapter XIX). */
export const isInjuryCode = (code: string) => inCategoryRange(code, 'S00', 'T98');

/** External causes of morbidity (chapter XX). */
export const isExternalCauseCode = (code: string) => inCategoryRange(code, 'V01', 'Y98');

// South Africa keeps one time zone all year (SAST, UTC+2, no daylight saving).
const SAST_OFFSET_MS = 2 * 3600 * 1000;

/** Completed years between a YYYY-MM-DD birth date and the South African calendar day of `on`. */
export function ageInYears(dateOfBirth: string, on: Date): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const birth = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !birth || birth.toISOString().slice(0, 10) !== dateOfBirth) throw new Error('dateOfBirth must be a date as YYYY-MM-DD');
  const day = new Date(on.getTime() + SAST_OFFSET_MS);
  let age = day.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    day.getUTCMonth() < birth.getUTCMonth() || (day.getUTCMonth() === birth.getUTCMonth() && day.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

function ageRangeText(min: number | null, max: number | null): string {
  if (min !== null && max !== null) {
    if (min === 0) return `under ${max + 1} year${max === 0 ? '' : 's'} old`;
    return `aged ${min} to ${max} years`;
  }
  if (min !== null) return `aged ${min} years or older`;
  return `aged ${max} years or younger`;
}

/** Field errors for one known code used at `field`: retired, a category, or the patient's sex or age. */
function codeErrors(facts: Icd10CodeFacts, field: string, patient?: { sex: PatientSex; age: number }): FieldError[] {
  const errors: FieldError[] = [];
  const { code } = facts;
  if (!facts.active) errors.push({ field, message: `${code} has been retired from the ICD-10 code list` });
  if (!facts.validClinicalUse) {
    errors.push({
      field,
      message: `${code} is a category with subdivisions and is not valid for clinical use: choose a more specific code (${code}.x)`,
    });
  }
  if (!patient) return errors;
  const restriction = facts.genderRestriction;
  // Sex restrictions bind only a patient recorded as male or female.
  if (restriction && (patient.sex === 'male' || patient.sex === 'female') && patient.sex !== restriction) {
    errors.push({ field, message: `${code} applies only to ${restriction} patients` });
  }
  const { ageMinYears: min, ageMaxYears: max } = facts;
  if ((min !== null && patient.age < min) || (max !== null && patient.age > max)) {
    errors.push({ field, message: `${code} applies only to patients ${ageRangeText(min, max)}` });
  }
  return errors;
}

/**
 * Checks a single code (a chronic condition in a patient's history): shaped like a code, known,
 * in use and valid for clinical use; with `patient`, also its sex and age (at `onDate`, e.g. the
 * condition's onset). No primary rule.
 */
export function checkUsableCode(
  input: string,
  field: string,
  lookup: (code: string) => Icd10CodeFacts | undefined,
  patient?: PatientFacts,
): { resolved: { code: string; description: string } | null; errors: FieldError[] } {
  const code = normaliseIcd10Code(input);
  if (code === null) return { resolved: null, errors: [{ field, message: `${field} must be an ICD-10 code such as E11.9` }] };
  const facts = lookup(code);
  if (!facts) return { resolved: null, errors: [{ field, message: `${code} is not a known ICD-10 code` }] };
  const errors = codeErrors(facts, field, patient ? { sex: patient.sex, age: ageInYears(patient.dateOfBirth, patient.onDate ?? new Date()) } : undefined);
  return { resolved: errors.length ? null : { code, description: facts.description }, errors };
}

/**
 * The SA MIT rules for a visit's diagnoses. Per code: shaped like a code, known, in use, valid for
 * clinical use, the patient's sex and age (age on `onDate`). For the list: no code twice, exactly
 * one primary diagnosis that is valid as primary, and an injury (S00–T98) needs an external-cause
 * code (V01–Y98) in the same list. Field names are `diagnoses[i].code` / `diagnoses[i].primary`.
 */
export function checkDiagnoses(
  patient: PatientFacts,
  diagnoses: DiagnosisInput[],
  lookup: (code: string) => Icd10CodeFacts | undefined,
): { resolved: ResolvedDiagnosis[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const age = ageInYears(patient.dateOfBirth, patient.onDate ?? new Date());
  if (age < 0) errors.push({ field: 'dateOfBirth', message: 'The diagnosis date is before the date of birth' });
  const codes = diagnoses.map((d) => normaliseIcd10Code(d.code));
  const firstIndex = new Map<string, number>();
  const resolved: ResolvedDiagnosis[] = [];

  diagnoses.forEach((diagnosis, i) => {
    const field = `diagnoses[${i}].code`;
    const code = codes[i];
    if (code === null) {
      errors.push({ field, message: `${field} must be an ICD-10 code such as E11.9` });
      return;
    }
    const earlier = firstIndex.get(code);
    if (earlier !== undefined) {
      errors.push({ field, message: `${code} is already listed as diagnoses[${earlier}]` });
      return;
    }
    firstIndex.set(code, i);
    const facts = lookup(code);
    if (!facts) {
      errors.push({ field, message: `${code} is not a known ICD-10 code` });
      return;
    }
    errors.push(...codeErrors(facts, field, age >= 0 ? { sex: patient.sex, age } : undefined));
    if (diagnosis.primary && facts.validClinicalUse && !facts.validPrimary) {
      errors.push({
        field,
        message: `${code} may not be the primary diagnosis (external causes, asterisk and supplementary codes are secondary only)`,
      });
    }
    resolved.push({ code, description: facts.description, primary: diagnosis.primary });
  });

  const primaries = diagnoses.flatMap((d, i) => (d.primary ? [i] : []));
  if (diagnoses.length > 0 && primaries.length === 0) {
    errors.push({ field: 'diagnoses', message: 'Exactly one diagnosis must be primary; none is' });
  }
  for (const i of primaries.slice(1)) {
    errors.push({ field: `diagnoses[${i}].primary`, message: `Only one diagnosis may be primary; diagnoses[${primaries[0]}] already is` });
  }

  // SA coding standard: every injury is coded with how it happened.
  const shaped = codes.filter((c): c is string => c !== null);
  if (!shaped.some(isExternalCauseCode)) {
    codes.forEach((code, i) => {
      if (code !== null && isInjuryCode(code) && firstIndex.get(code) === i) {
        errors.push({
          field: `diagnoses[${i}].code`,
          message: `${code} is an injury or poisoning (S00–T98): add an external-cause code (V01–Y98) saying how it happened`,
        });
      }
    });
  }

  return { resolved: errors.length ? [] : resolved, errors };
}
