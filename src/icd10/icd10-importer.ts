import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { chapterOf, normaliseIcd10Code, type SexRestriction } from './icd10-rules';

/**
 * Loads a full ICD-10 code list (the SA Master Industry Table, or any CSV with the same columns)
 * into icd10_codes. Every row is checked first; only a file with no rejected row is written
 * (unless `allowRejects`), in one transaction, by batched INSERT … ON DUPLICATE KEY UPDATE.
 * Codes already in the table and absent from the file are left as they are.
 */

/**
 * Accepted headers, matched case-insensitively ignoring spaces and underscores. Only a code and a
 * description column are required; the rest default as shown.
 */
export const ICD10_IMPORT_COLUMNS = {
  code: ['code', 'ICD10_Code', 'ICD10'],
  description: ['description', 'WHO_Full_Desc', 'WHO_Full_Description'],
  validClinicalUse: ['valid_clinical_use', 'Valid_ICD10_ClinicalUse'],
  validPrimary: ['valid_primary', 'Valid_ICD10_Primary'],
  isAsterisk: ['is_asterisk', 'asterisk', 'Valid_ICD10_Asterisk'],
  isDagger: ['is_dagger', 'dagger', 'Valid_ICD10_Dagger'],
  gender: ['gender', 'sex', 'gender_restriction'],
  ageMin: ['age_min', 'age_min_years'],
  ageMax: ['age_max', 'age_max_years'],
  ageRange: ['age_range'],
  chapter: ['chapter', 'Chapter_No'],
  active: ['active'],
  saEndDate: ['SA_End_Date'],
} as const;

type ColumnKey = keyof typeof ICD10_IMPORT_COLUMNS;

/** The help text of `npm run icd10:import`, also the reference for the accepted file. */
export const ICD10_IMPORT_HELP = `Usage: npm run icd10:import -- FILE [--allow-rejects]

Loads ICD-10 codes from a CSV file (UTF-8 or Windows-1252; comma, semicolon or tab separated; first
row is the header) into the icd10_codes table of the configured database (DB_* variables). New codes
are inserted, existing ones updated; codes not in the file are left alone. Every row is checked
first and nothing is written if any row is rejected, unless --allow-rejects is given.

Columns (header names are matched case-insensitively, ignoring spaces and underscores):
  code               required  code, ICD10_Code, ICD10          e.g. E11.9 (dot optional, E119)
  description        required  description, WHO_Full_Desc      at most 255 characters
  valid_clinical_use           valid_clinical_use, Valid_ICD10_ClinicalUse   Y/N (default Y)
  valid_primary                valid_primary, Valid_ICD10_Primary            Y/N (default Y)
  is_asterisk                  is_asterisk, asterisk, Valid_ICD10_Asterisk   Y/N (default N, or Y for a code written G63.2*)
  is_dagger                    is_dagger, dagger, Valid_ICD10_Dagger         Y/N (default N, or Y for a code written A17.0+)
  gender                       gender, sex, gender_restriction  M, F or blank (U also means none)
  age_min, age_max             whole years, 0-150
  age_range                    Age_Range: 12-55, 0-28 days, 0-11 months, > 19 years, <= 1 year
  chapter                      chapter, Chapter_No: I-XXII or 1-22 (default: from the code)
  active                       Y/N (default Y)
  SA_End_Date                  a date (YYYY-MM-DD or YYYYMMDD) on or before today makes the code inactive

Y/N columns also take yes/no, true/false and 1/0. Other columns are ignored.

Exit status: 0 imported; 64 bad usage; 65 bad file or rejected rows (nothing written); 69 no database.`;

export interface Icd10ImportRow {
  code: string;
  description: string;
  chapter: string;
  validClinicalUse: boolean;
  validPrimary: boolean;
  isAsterisk: boolean;
  isDagger: boolean;
  genderRestriction: SexRestriction | null;
  ageMinYears: number | null;
  ageMaxYears: number | null;
  active: boolean;
}

export interface Icd10ImportRejection {
  /** Line of the file the row ends on (the header is line 1). */
  line: number;
  code: string | null;
  message: string;
}

export interface Icd10ImportReport {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: Icd10ImportRejection[];
  /** False when rejected rows stopped the import. */
  written: boolean;
}

/** The file itself cannot be imported: unreadable, not CSV, or missing a required column. */
export class Icd10ImportFileError extends Error {}

const BATCH = 500;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX', 'XXI', 'XXII'];
const COLUMNS = [
  'code',
  'description',
  'chapter',
  'valid_clinical_use',
  'valid_primary',
  'is_asterisk',
  'is_dagger',
  'gender_restriction',
  'age_min_years',
  'age_max_years',
  'active',
] as const;

const headerKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const HEADER_TO_COLUMN = new Map<string, ColumnKey>(
  (Object.entries(ICD10_IMPORT_COLUMNS) as [ColumnKey, readonly string[]][]).flatMap(([key, names]) => names.map((n) => [headerKey(n), key] as [string, ColumnKey])),
);

/** A reason the row is refused. */
class RowError extends Error {}

function yesNo(value: string | undefined, column: string, fallback: boolean): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (['y', 'yes', 'true', '1'].includes(v)) return true;
  if (['n', 'no', 'false', '0'].includes(v)) return false;
  throw new RowError(`${column} must be Y or N, not "${value}"`);
}

function gender(value: string | undefined): SexRestriction | null {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'u') return null;
  if (v === 'm' || v === 'male') return 'male';
  if (v === 'f' || v === 'female') return 'female';
  throw new RowError(`gender must be M, F or blank, not "${value}"`);
}

function wholeYears(value: string | undefined, column: string): number | null {
  const v = (value ?? '').trim();
  if (v === '') return null;
  if (!/^\d{1,3}$/.test(v) || Number(v) > 150) throw new RowError(`${column} must be whole years from 0 to 150, not "${value}"`);
  return Number(v);
}

/** Whole years from an amount in days, months or years (rounded down: '0-28 days' is 0-0 years). */
function toYears(amount: number, unit: string | undefined): number {
  if (!unit || unit.startsWith('y')) return amount;
  return Math.floor(unit.startsWith('m') ? amount / 12 : amount / 365);
}

/** Age_Range as the MIT writes it: '12-55', '0-28 days', '> 19 years', '<= 1 year'. */
export function parseAgeRange(value: string): { min: number | null; max: number | null } {
  const v = value.trim().toLowerCase();
  if (v === '') return { min: null, max: null };
  const unit = '(?:\\s*(days?|months?|years?))?';
  const span = new RegExp(`^(\\d{1,5})${unit}\\s*-\\s*(\\d{1,5})${unit}$`).exec(v);
  if (span) {
    const min = toYears(Number(span[1]), span[2] ?? span[4]);
    const max = toYears(Number(span[3]), span[4]);
    if (min <= max && max <= 150) return { min, max };
  }
  const bound = new RegExp(`^(>=|<=|>|<)\\s*(\\d{1,5})${unit}$`).exec(v);
  if (bound) {
    const [, op, n, u] = bound;
    const amount = Number(n);
    if (op === '>=') return { min: toYears(amount, u), max: null };
    if (op === '>') return { min: toYears(amount + 1, u), max: null };
    if (op === '<=') return { min: null, max: toYears(amount, u) };
    if (amount > 0) return { min: null, max: toYears(amount - 1, u) };
  }
  throw new RowError(`age_range "${value}" is not like 12-55, 0-28 days or > 19 years`);
}

function chapterFor(value: string | undefined, code: string): string {
  const v = (value ?? '').trim().toUpperCase();
  const derived = chapterOf(code);
  if (v === '') {
    if (!derived) throw new RowError(`${code} is outside every ICD-10 chapter`);
    return derived;
  }
  const chapter = /^\d{1,2}$/.test(v) ? ROMAN[Number(v) - 1] : ROMAN.includes(v) ? v : undefined;
  if (!chapter) throw new RowError(`chapter must be I-XXII or 1-22, not "${value}"`);
  return chapter;
}

function endedBy(value: string | undefined, today: string): boolean {
  const v = (value ?? '').trim();
  if (v === '') return false;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v);
  if (!m) throw new RowError(`SA_End_Date must be a date, not "${value}"`);
  return `${m[1]}-${m[2]}-${m[3]}` <= today;
}

/** One CSV record (keyed by column) to a row, or a RowError saying why not. */
export function toImportRow(record: Partial<Record<ColumnKey, string>>, today = new Date().toISOString().slice(0, 10)): Icd10ImportRow {
  const raw = (record.code ?? '').trim();
  const code = normaliseIcd10Code(raw);
  if (code === null) throw new RowError(raw === '' ? 'code is empty' : `code "${raw}" is not an ICD-10 code such as E11.9`);
  const description = (record.description ?? '').trim();
  if (description === '') throw new RowError('description is empty');
  if ([...description].length > 255) throw new RowError('description is longer than 255 characters');
  const range = parseAgeRange(record.ageRange ?? '');
  const ageMinYears = wholeYears(record.ageMin, 'age_min') ?? range.min;
  const ageMaxYears = wholeYears(record.ageMax, 'age_max') ?? range.max;
  if (ageMinYears !== null && ageMaxYears !== null && ageMinYears > ageMaxYears) throw new RowError('age_min is above age_max');
  return {
    code,
    description,
    chapter: chapterFor(record.chapter, code),
    validClinicalUse: yesNo(record.validClinicalUse, 'valid_clinical_use', true),
    validPrimary: yesNo(record.validPrimary, 'valid_primary', true),
    isAsterisk: yesNo(record.isAsterisk, 'is_asterisk', raw.endsWith('*')),
    isDagger: yesNo(record.isDagger, 'is_dagger', /[†+]$/.test(raw)),
    genderRestriction: gender(record.gender),
    ageMinYears,
    ageMaxYears,
    active: yesNo(record.active, 'active', true) && !endedBy(record.saEndDate, today),
  };
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else Windows-1252 (Excel's CSV on Windows). */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Reads and checks every row of the file; throws Icd10ImportFileError when the file as a whole is unusable. */
export async function readIcd10Csv(path: string): Promise<{ rows: Icd10ImportRow[]; rejected: Icd10ImportRejection[]; total: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Icd10ImportFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  const text = decode(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.trim() === '') throw new Icd10ImportFileError(`${path} is empty or has no header row`);
  // The separator is whichever of tab, semicolon and comma the header uses most.
  const delimiter = ['\t', ';', ','].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');

  const rows: Icd10ImportRow[] = [];
  const rejected: Icd10ImportRejection[] = [];
  const seen = new Map<string, number>();
  let columns: (ColumnKey | undefined)[] | null = null;
  let total = 0;
  const parser = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true });
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) {
        columns = record.map((name) => HEADER_TO_COLUMN.get(headerKey(name)));
        const missing = (['code', 'description'] as const).filter((c) => !columns!.includes(c));
        if (missing.length) {
          throw new Icd10ImportFileError(
            `The header row of ${path} has no ${missing.join(' or ')} column (found: ${record.join(', ')}). Run with --help for the accepted names.`,
          );
        }
        continue;
      }
      total += 1;
      const values: Partial<Record<ColumnKey, string>> = {};
      columns.forEach((key, i) => {
        if (key && values[key] === undefined) values[key] = record[i];
      });
      try {
        const row = toImportRow(values);
        const earlier = seen.get(row.code);
        if (earlier !== undefined) throw new RowError(`${row.code} is already on line ${earlier}`);
        seen.set(row.code, info.lines);
        rows.push(row);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        rejected.push({ line: info.lines, code: values.code?.trim() || null, message: error.message });
      }
    }
  } catch (error) {
    if (error instanceof Icd10ImportFileError) throw error;
    const e = error as { message?: string; code?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) throw new Icd10ImportFileError(`${path} is not a readable CSV file: ${e.message}`);
    throw error;
  }
  if (columns === null) throw new Icd10ImportFileError(`${path} is empty or has no header row`);
  if (total === 0) throw new Icd10ImportFileError(`${path} has a header row but no codes`);
  return { rows, rejected, total };
}

function columnValues(r: Icd10ImportRow): (string | number | null)[] {
  return [
    r.code,
    r.description,
    r.chapter,
    r.validClinicalUse ? 1 : 0,
    r.validPrimary ? 1 : 0,
    r.isAsterisk ? 1 : 0,
    r.isDagger ? 1 : 0,
    r.genderRestriction,
    r.ageMinYears,
    r.ageMaxYears,
    r.active ? 1 : 0,
  ];
}

interface StoredRow {
  code: string;
  description: string;
  chapter: string;
  valid_clinical_use: number;
  valid_primary: number;
  is_asterisk: number;
  is_dagger: number;
  gender_restriction: SexRestriction | null;
  age_min_years: number | null;
  age_max_years: number | null;
  active: number;
}

function sameRow(a: Icd10ImportRow, b: Icd10ImportRow): boolean {
  const right = columnValues(b);
  return columnValues(a).every((v, i) => v === right[i]);
}

const fromStored = (s: StoredRow): Icd10ImportRow => ({
  code: s.code,
  description: s.description,
  chapter: s.chapter,
  validClinicalUse: Number(s.valid_clinical_use) === 1,
  validPrimary: Number(s.valid_primary) === 1,
  isAsterisk: Number(s.is_asterisk) === 1,
  isDagger: Number(s.is_dagger) === 1,
  genderRestriction: s.gender_restriction,
  ageMinYears: s.age_min_years === null ? null : Number(s.age_min_years),
  ageMaxYears: s.age_max_years === null ? null : Number(s.age_max_years),
  active: Number(s.active) === 1,
});

/** Upserts checked rows in one transaction; rows identical to what is stored are not touched (their updated_at stays). */
export async function upsertIcd10Rows(dataSource: DataSource, rows: Icd10ImportRow[]): Promise<{ inserted: number; updated: number; unchanged: number }> {
  return inTransaction(dataSource, 'READ COMMITTED', async (manager: EntityManager) => {
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const stored = (await manager.query(
        `SELECT ${COLUMNS.join(', ')} FROM icd10_codes WHERE code IN (${batch.map(() => '?').join(', ')}) FOR UPDATE`,
        batch.map((r) => r.code),
      )) as StoredRow[];
      const existing = new Map(stored.map((s) => [s.code, fromStored(s)]));
      const changed = batch.filter((r) => {
        const before = existing.get(r.code);
        if (before && sameRow(before, r)) {
          counts.unchanged += 1;
          return false;
        }
        counts[before ? 'updated' : 'inserted'] += 1;
        return true;
      });
      if (changed.length === 0) continue;
      await manager.query(
        `INSERT INTO icd10_codes (${COLUMNS.join(', ')})
         VALUES ${changed.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
         ON DUPLICATE KEY UPDATE ${COLUMNS.slice(1).map((c) => `${c} = VALUES(${c})`).join(', ')}`,
        changed.flatMap(columnValues),
      );
    }
    return counts;
  });
}

/** Reads, checks and (when every row passed, or `allowRejects`) writes the file. */
export async function importIcd10Csv(dataSource: DataSource, path: string, options: { allowRejects?: boolean } = {}): Promise<Icd10ImportReport> {
  const { rows, rejected, total } = await readIcd10Csv(path);
  if (rejected.length > 0 && !options.allowRejects) {
    return { rows: total, inserted: 0, updated: 0, unchanged: 0, rejected, written: false };
  }
  const counts = await upsertIcd10Rows(dataSource, rows);
  return { rows: total, ...counts, rejected, written: true };
}
