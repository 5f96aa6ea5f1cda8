import { ICD10_SEED_ROWS } from './icd10-seed-data';
import {
  ageInYears,
  chapterOf,
  checkDiagnoses,
  checkUsableCode,
  DiagnosisInput,
  ICD10_CODE_PATTERN,
  Icd10CodeFacts,
  isExternalCauseCode,
  isInjuryCode,
  normaliseIcd10Code,
  PatientFacts,
} from './icd10-rules';

// The seeded codes, plus one retired code, as the database would return them.
const TABLE = new Map<string, Icd10CodeFacts>(
  ICD10_SEED_ROWS.map(([code, description, , clinical, primary, , , sex, min, max]) => [
    code,
    { code, description, validClinicalUse: clinical === 1, validPrimary: primary === 1, genderRestriction: sex, ageMinYears: min, ageMaxYears: max, active: true },
  ]),
);
TABLE.set('J10.0', { ...TABLE.get('J18.9')!, code: 'J10.0', description: 'Retired for the test', active: false });
const lookup = (code: string) => TABLE.get(code);

const ON = new Date('2026-03-15T10:00:00Z');
const adultWoman: PatientFacts = { sex: 'female', dateOfBirth: '1990-06-01', onDate: ON };
const adultMan: PatientFacts = { sex: 'male', dateOfBirth: '1980-01-20', onDate: ON };

const dx = (...codes: string[]): DiagnosisInput[] => codes.map((code, i) => ({ code, primary: i === 0 }));
const check = (patient: PatientFacts, diagnoses: DiagnosisInput[]) => checkDiagnoses(patient, diagnoses, lookup);

describe('normaliseIcd10Code', () => {
  it.each([
    ['E11.9', 'E11.9'],
    ['e119', 'E11.9'],
    [' e11.9 ', 'E11.9'],
    ['E11', 'E11'],
    ['e11.', 'E11'],
    ['G63.2*', 'G63.2'],
    ['A17.0†', 'A17.0'],
    ['A17.0+', 'A17.0'],
    ['s52 5', 'S52.5'],
    ['W1900', 'W19.00'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseIcd10Code(input)).toBe(expected);
  });

  it.each(['', 'E1', '11.9', 'E11.99999', 'E11..9', 'EE1.9', 'E11-9', 'E11.9; DROP'])('refuses %j', (input) => {
    expect(normaliseIcd10Code(input)).toBeNull();
  });
});

describe('the seed data', () => {
  it('has at least 400 well-formed, distinct codes in their WHO chapter', () => {
    expect(ICD10_SEED_ROWS.length).toBeGreaterThanOrEqual(400);
    expect(new Set(ICD10_SEED_ROWS.map((r) => r[0])).size).toBe(ICD10_SEED_ROWS.length);
    for (const [code, description, chapter] of ICD10_SEED_ROWS) {
      expect({ code, ok: ICD10_CODE_PATTERN.test(code) && description.length > 0 && description.length <= 255 }).toEqual({ code, ok: true });
      expect({ code, chapter }).toEqual({ code, chapter: chapterOf(code) });
    }
  });

  it('flags exactly the categories that have subdivisions as not valid for clinical use', () => {
    const codes = ICD10_SEED_ROWS.map((r) => r[0]);
    for (const [code, , , clinical] of ICD10_SEED_ROWS) {
      const hasSubdivisions = codes.some((c) => c.startsWith(`${code}.`));
      expect({ code, clinical }).toEqual({ code, clinical: hasSubdivisions ? 0 : 1 });
    }
    expect(TABLE.get('E11')).toMatchObject({ description: 'Type 2 diabetes mellitus', validClinicalUse: false });
    expect(TABLE.get('E11.9')).toMatchObject({ validClinicalUse: true, validPrimary: true });
    expect(TABLE.get('I10')).toMatchObject({ validClinicalUse: true, validPrimary: true });
  });

  it('never lets an external cause be primary', () => {
    const external = ICD10_SEED_ROWS.filter(([code]) => isExternalCauseCode(code));
    expect(external.length).toBeGreaterThan(50);
    expect(external.every((r) => r[4] === 0)).toBe(true);
  });
});

describe('chapterOf, isInjuryCode, isExternalCauseCode', () => {
  it.each([
    ['A09.0', 'I'],
    ['D48.9', 'II'],
    ['D50.9', 'III'],
    ['H59.9', 'VII'],
    ['H60.9', 'VIII'],
    ['T14.9', 'XIX'],
    ['V43.5', 'XX'],
    ['Y98', 'XX'],
    ['Z76.0', 'XXI'],
    ['U07.1', 'XXII'],
  ])('%s is in chapter %s', (code, chapter) => {
    expect(chapterOf(code)).toBe(chapter);
  });

  it('tells injuries from external causes', () => {
    expect([isInjuryCode('S00.0'), isInjuryCode('T98.3'), isInjuryCode('R51'), isInjuryCode('V01.0')]).toEqual([true, true, false, false]);
    expect([isExternalCauseCode('V01.0'), isExternalCauseCode('Y98'), isExternalCauseCode('Z00.0'), isExternalCauseCode('T14.9')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('ageInYears', () => {
  it('counts completed years on the South African calendar day', () => {
    expect(ageInYears('2000-03-15', new Date('2026-03-15T00:00:00+02:00'))).toBe(26);
    expect(ageInYears('2000-03-16', new Date('2026-03-15T12:00:00Z'))).toBe(25);
    // 23:30 UTC on the 14th is already the 15th in South Africa: the birthday has come.
    expect(ageInYears('2000-03-15', new Date('2026-03-14T23:30:00Z'))).toBe(26);
    expect(ageInYears('2024-02-29', new Date('2025-02-28T12:00:00Z'))).toBe(0);
    expect(ageInYears('2024-02-29', new Date('2025-03-01T12:00:00Z'))).toBe(1);
  });

  it('refuses a date of birth that is not a real YYYY-MM-DD date', () => {
    expect(() => ageInYears('2001-02-29', ON)).toThrow('YYYY-MM-DD');
    expect(() => ageInYears('15/03/2000', ON)).toThrow('YYYY-MM-DD');
  });
});

describe('checkDiagnoses', () => {
  it('resolves a valid list, normalising the codes', () => {
    const result = check(adultWoman, [
      { code: 'e119', primary: true },
      { code: 'I10', primary: false },
    ]);
    expect(result).toEqual({
      errors: [],
      resolved: [
        { code: 'E11.9', description: 'Type 2 diabetes mellitus without complications', primary: true },
        { code: 'I10', description: 'Essential (primary) hypertension', primary: false },
      ],
    });
  });

  it('accepts an empty list', () => {
    expect(check(adultMan, [])).toEqual({ errors: [], resolved: [] });
  });

  it('names a malformed and an unknown code by their place in the list', () => {
    const { errors, resolved } = check(adultMan, dx('I10', 'not-a-code', 'E11.99'));
    expect(resolved).toEqual([]);
    expect(errors).toEqual([
      { field: 'diagnoses[1].code', message: 'diagnoses[1].code must be an ICD-10 code such as E11.9' },
      { field: 'diagnoses[2].code', message: 'E11.99 is not a known ICD-10 code' },
    ]);
  });

  it('refuses a category that has subdivisions and suggests a more specific code', () => {
    const { errors } = check(adultMan, dx('E11'));
    expect(errors).toEqual([{ field: 'diagnoses[0].code', message: expect.stringMatching(/E11 is a category.*more specific code \(E11\.x\)/) }]);
  });

  it('refuses a retired code', () => {
    expect(check(adultMan, dx('J10.0')).errors).toEqual([{ field: 'diagnoses[0].code', message: 'J10.0 has been retired from the ICD-10 code list' }]);
  });

  it('needs exactly one primary diagnosis', () => {
    expect(
      check(adultMan, [
        { code: 'I10', primary: false },
        { code: 'E11.9', primary: false },
      ]).errors,
    ).toEqual([{ field: 'diagnoses', message: 'Exactly one diagnosis must be primary; none is' }]);
    expect(
      check(adultMan, [
        { code: 'I10', primary: true },
        { code: 'E11.9', primary: true },
        { code: 'J45.9', primary: true },
      ]).errors,
    ).toEqual([
      { field: 'diagnoses[1].primary', message: 'Only one diagnosis may be primary; diagnoses[0] already is' },
      { field: 'diagnoses[2].primary', message: 'Only one diagnosis may be primary; diagnoses[0] already is' },
    ]);
  });

  it.each([
    ['an external cause', 'W19.9', 'S52.5'],
    ['an asterisk code', 'G63.2', 'E11.4'],
    ['a supplementary agent code', 'B95.6', 'L03.9'],
  ])('refuses %s as the primary diagnosis', (_, primary, other) => {
    const { errors } = check(adultMan, dx(primary, other));
    expect(errors).toEqual([{ field: 'diagnoses[0].code', message: expect.stringContaining(`${primary} may not be the primary diagnosis`) }]);
  });

  it('accepts the same codes as secondary diagnoses', () => {
    expect(check(adultMan, dx('S52.5', 'W19.9')).errors).toEqual([]);
    expect(check(adultMan, dx('E11.4', 'G63.2')).errors).toEqual([]);
  });

  it('refuses a code that does not fit the patient sex', () => {
    expect(check(adultMan, dx('N39.0', 'O23.4')).errors).toEqual([{ field: 'diagnoses[1].code', message: 'O23.4 applies only to female patients' }]);
    expect(check(adultWoman, dx('N40')).errors).toEqual([{ field: 'diagnoses[0].code', message: 'N40 applies only to male patients' }]);
    expect(check(adultWoman, dx('Z01.4')).errors).toEqual([]);
  });

  it('does not apply sex restrictions to a patient recorded as other or unknown', () => {
    expect(check({ ...adultMan, sex: 'other' }, dx('N40')).errors).toEqual([]);
    expect(check({ ...adultMan, sex: 'unknown' }, dx('Z34.9')).errors).toEqual([]);
  });

  it('refuses a code outside its age range, age taken on the diagnosis date', () => {
    const newborn: PatientFacts = { sex: 'female', dateOfBirth: '2026-03-01', onDate: ON };
    expect(check(newborn, dx('P59.9')).errors).toEqual([]);
    expect(check(adultWoman, dx('P59.9')).errors).toEqual([{ field: 'diagnoses[0].code', message: 'P59.9 applies only to patients under 2 years old' }]);
    const girl: PatientFacts = { sex: 'female', dateOfBirth: '2016-01-01', onDate: ON };
    expect(check(girl, dx('O80.9')).errors).toEqual([{ field: 'diagnoses[0].code', message: 'O80.9 applies only to patients aged 12 to 55 years' }]);
    expect(check(adultWoman, dx('O80.9', 'Z37.0')).errors).toEqual([]);
    // The same woman on a date before her twelfth birthday.
    expect(check({ ...adultWoman, onDate: new Date('2002-05-31T12:00:00Z') }, dx('O80.9')).errors).toHaveLength(1);
    expect(check({ ...adultWoman, onDate: new Date('2002-06-01T12:00:00Z') }, dx('O80.9')).errors).toEqual([]);
    expect(check(newborn, dx('Z38.0')).errors).toEqual([]);
    expect(check(girl, dx('Z38.0')).errors).toEqual([{ field: 'diagnoses[0].code', message: 'Z38.0 applies only to patients under 1 year old' }]);
  });

  it('reports a sex and an age violation of the same code together', () => {
    const boy: PatientFacts = { sex: 'male', dateOfBirth: '2020-01-01', onDate: ON };
    expect(check(boy, dx('O80.9')).errors.map((e) => e.message)).toEqual([
      'O80.9 applies only to female patients',
      'O80.9 applies only to patients aged 12 to 55 years',
    ]);
  });

  it('refuses a diagnosis date before the date of birth', () => {
    expect(check({ ...adultMan, dateOfBirth: '2027-01-01' }, dx('I10')).errors).toEqual([
      { field: 'dateOfBirth', message: 'The diagnosis date is before the date of birth' },
    ]);
  });

  it('needs an external-cause code with every injury', () => {
    expect(check(adultMan, dx('S52.5', 'T14.9', 'I10')).errors).toEqual([
      { field: 'diagnoses[0].code', message: expect.stringContaining('S52.5 is an injury or poisoning (S00–T98): add an external-cause code (V01–Y98)') },
      { field: 'diagnoses[1].code', message: expect.stringContaining('T14.9 is an injury') },
    ]);
    expect(check(adultMan, dx('T78.4', 'X59.9')).errors).toEqual([]);
    expect(check(adultMan, dx('S93.4', 'V43.5')).errors).toEqual([]);
  });

  it('counts a mistyped external cause as present, so only the typo is reported', () => {
    expect(check(adultMan, dx('S52.5', 'W19.99')).errors).toEqual([{ field: 'diagnoses[1].code', message: 'W19.99 is not a known ICD-10 code' }]);
  });

  it('refuses the same code twice, however it is written', () => {
    expect(check(adultMan, dx('E11.9', 'I10', 'e119')).errors).toEqual([{ field: 'diagnoses[2].code', message: 'E11.9 is already listed as diagnoses[0]' }]);
  });

  it('collects every problem of the list at once', () => {
    const { errors } = check(adultMan, [
      { code: 'E11', primary: false },
      { code: 'O80.9', primary: false },
      { code: 'S01.9', primary: false },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['diagnoses[0].code', 'diagnoses[1].code', 'diagnoses', 'diagnoses[2].code']);
  });
});

describe('checkUsableCode', () => {
  const usable = (code: string) => checkUsableCode(code, 'conditions[0].icd10Code', lookup);

  it('resolves a usable code, normalised', () => {
    expect(usable('e11.9')).toEqual({ resolved: { code: 'E11.9', description: 'Type 2 diabetes mellitus without complications' }, errors: [] });
  });

  it('applies no primary, sex or age rule', () => {
    expect(usable('W19.9').errors).toEqual([]);
    expect(usable('O80.9').errors).toEqual([]);
  });

  it('refuses malformed, unknown, retired and category codes under the given field', () => {
    expect(usable('xyz').errors).toEqual([{ field: 'conditions[0].icd10Code', message: 'conditions[0].icd10Code must be an ICD-10 code such as E11.9' }]);
    expect(usable('E11.99').errors).toEqual([{ field: 'conditions[0].icd10Code', message: 'E11.99 is not a known ICD-10 code' }]);
    expect(usable('J10.0').errors[0].message).toContain('retired');
    expect(usable('E11')).toEqual({ resolved: null, errors: [{ field: 'conditions[0].icd10Code', message: expect.stringContaining('more specific code') }] });
  });
});
