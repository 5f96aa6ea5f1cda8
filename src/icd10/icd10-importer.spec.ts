import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Icd10ImportFileError, parseAgeRange, readIcd10Csv, toImportRow } from './icd10-importer';

const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'icd10-sample.csv');

describe('parseAgeRange', () => {
  it.each([
    ['', null, null],
    ['12-55', 12, 55],
    ['12 - 55 years', 12, 55],
    ['0-28 days', 0, 0],
    ['0-11 months', 0, 0],
    ['0 days - 2 years', 0, 2],
    ['> 19 years', 20, null],
    ['>=19', 19, null],
    ['< 1 year', null, 0],
    ['<= 1 year', null, 1],
    ['< 28 days', null, 0],
  ])('%j is %p to %p whole years', (text, min, max) => {
    expect(parseAgeRange(text)).toEqual({ min, max });
  });

  it.each(['adults', '55-12', '< 0', '0-200', '12 to 55'])('refuses %j', (text) => {
    expect(() => parseAgeRange(text)).toThrow('age_range');
  });
});

describe('toImportRow', () => {
  const today = '2026-03-15';

  it('applies the defaults and derives the chapter from the code', () => {
    expect(toImportRow({ code: 'j069', description: ' Acute upper respiratory infection, unspecified ' }, today)).toEqual({
      code: 'J06.9',
      description: 'Acute upper respiratory infection, unspecified',
      chapter: 'X',
      validClinicalUse: true,
      validPrimary: true,
      isAsterisk: false,
      isDagger: false,
      genderRestriction: null,
      ageMinYears: null,
      ageMaxYears: null,
      active: true,
    });
  });

  it('reads Y/N flags, gender, ages, a numeric chapter and the end date', () => {
    expect(
      toImportRow(
        { code: 'O80.9', description: 'x', validPrimary: 'no', isDagger: 'TRUE', gender: 'f', ageMin: '12', ageMax: '55', chapter: '15', saEndDate: '20260315' },
        today,
      ),
    ).toMatchObject({ validPrimary: false, isDagger: true, genderRestriction: 'female', ageMinYears: 12, ageMaxYears: 55, chapter: 'XV', active: false });
    expect(toImportRow({ code: 'N40', description: 'x', gender: 'U', saEndDate: '2026-03-16' }, today)).toMatchObject({ genderRestriction: null, active: true });
  });

  it('lets separate age columns win over Age_Range', () => {
    expect(toImportRow({ code: 'P59.9', description: 'x', ageRange: '0-28 days', ageMax: '1' }, today)).toMatchObject({ ageMinYears: 0, ageMaxYears: 1 });
  });

  it.each([
    [{ code: '', description: 'x' }, 'code is empty'],
    [{ code: '123', description: 'x' }, 'code "123" is not an ICD-10 code such as E11.9'],
    [{ code: 'E11.9', description: '  ' }, 'description is empty'],
    [{ code: 'E11.9', description: 'x'.repeat(256) }, 'description is longer than 255 characters'],
    [{ code: 'E11.9', description: 'x', validPrimary: 'maybe' }, 'valid_primary must be Y or N, not "maybe"'],
    [{ code: 'E11.9', description: 'x', gender: 'X' }, 'gender must be M, F or blank, not "X"'],
    [{ code: 'E11.9', description: 'x', ageMin: '-1' }, 'age_min must be whole years from 0 to 150, not "-1"'],
    [{ code: 'E11.9', description: 'x', ageMin: '60', ageMax: '12' }, 'age_min is above age_max'],
    [{ code: 'E11.9', description: 'x', chapter: 'XXX' }, 'chapter must be I-XXII or 1-22, not "XXX"'],
    [{ code: 'Y99.9', description: 'x', chapter: '' }, 'Y99.9 is outside every ICD-10 chapter'],
    [{ code: 'E11.9', description: 'x', saEndDate: 'soon' }, 'SA_End_Date must be a date, not "soon"'],
  ])('refuses %j: %s', (record, message) => {
    expect(() => toImportRow(record, today)).toThrow(message);
  });
});

describe('readIcd10Csv', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'icd10-import-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the SA MIT column names of the sample file', async () => {
    const { rows, rejected, total } = await readIcd10Csv(FIXTURE);
    expect({ total, rejected }).toEqual({ total: 13, rejected: [] });
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('A00')).toMatchObject({ validClinicalUse: false, validPrimary: false });
    expect(byCode.get('A00.0')?.description).toBe('Cholera due to Vibrio cholerae 01, biovar cholerae');
    expect(byCode.get('E11.9')?.chapter).toBe('IV');
    expect(byCode.get('N49.2')?.genderRestriction).toBe('male');
    expect(byCode.get('P08.2')).toMatchObject({ ageMinYears: 0, ageMaxYears: 0 });
    expect(byCode.get('G02.0')).toMatchObject({ isAsterisk: true, validPrimary: false });
    expect(byCode.get('A90')?.active).toBe(false);
  });

  it('accepts semicolons, a BOM, CRLF line ends and Windows-1252 text', async () => {
    const text = '\uFEFFcode;description;gender\r\nH81.0;Ménière disease;\r\n';
    const utf8 = await readIcd10Csv(file('semicolon.csv', text));
    expect(utf8.rows).toEqual([expect.objectContaining({ code: 'H81.0', description: 'Ménière disease' })]);
    const latin = await readIcd10Csv(file('latin1.csv', Buffer.from('code,description\nH81.0,M\xe9ni\xe8re disease\n', 'latin1')));
    expect(latin.rows[0].description).toBe('Ménière disease');
  });

  it('rejects bad rows with their line numbers, and a code given twice', async () => {
    const text = [
      'code,description,valid_primary',
      'E11.9,Type 2 diabetes mellitus without complications,Y',
      'E1,Too short,Y',
      '"I10","Essential (primary)',
      'hypertension",Y',
      'I10,Again,Y',
      'J45.9,Asthma,perhaps',
      ',,',
    ].join('\n');
    const { rows, rejected, total } = await readIcd10Csv(file('bad-rows.csv', text));
    expect(total).toBe(6);
    expect(rows.map((r) => r.code)).toEqual(['E11.9', 'I10']);
    expect(rejected).toEqual([
      { line: 3, code: 'E1', message: 'code "E1" is not an ICD-10 code such as E11.9' },
      { line: 6, code: 'I10', message: 'I10 is already on line 5' },
      { line: 7, code: 'J45.9', message: 'valid_primary must be Y or N, not "perhaps"' },
      { line: 8, code: null, message: 'code is empty' },
    ]);
  });

  it.each([
    ['a missing file', null, /Cannot read .*nope\.csv/],
    ['an empty file', '', /is empty or has no header row/],
    ['a header without a code column', 'icd,description\nE11.9,x\n', /has no code column \(found: icd, description\)/],
    ['a header without a description column', 'ICD10_Code,Group_Desc\nE11.9,x\n', /has no description column/],
    ['a header and no codes', 'code,description\n', /has a header row but no codes/],
    ['an unclosed quote', 'code,description\nE11.9,"Type 2\n', /is not a readable CSV file/],
  ])('refuses %s as a whole', async (_, content, message) => {
    const path = content === null ? join(dir, 'nope.csv') : file(`whole-${Math.random()}.csv`, content);
    const read = readIcd10Csv(path);
    await expect(read).rejects.toBeInstanceOf(Icd10ImportFileError);
    await expect(read).rejects.toThrow(message);
  });
});
