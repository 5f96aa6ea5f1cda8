import {
  type ActiveTherapyItem,
  allergyFindings,
  type AllergyRecord,
  atcSubgroup,
  batchExpiresBeforeCourseEnds,
  courseEndDate,
  drugClassesOf,
  duplicateTherapyFindings,
  isControlledSchedule,
  nameComponents,
  normaliseClass,
  type SafetyDrug,
} from './prescription-safety';

const amoxicillin: SafetyDrug = { id: 'd-amox', genericName: 'amoxicillin', drugClass: 'penicillins', atcCode: 'J01CA04' };
const coAmoxiclav: SafetyDrug = { id: 'd-coamox', genericName: 'amoxicillin/clavulanic acid', drugClass: 'penicillins', atcCode: 'J01CR02' };
const cefalexin: SafetyDrug = { id: 'd-cef', genericName: 'cefalexin', drugClass: 'cephalosporins', atcCode: 'J01DB01' };
const cotrimoxazole: SafetyDrug = { id: 'd-ctx', genericName: 'sulfamethoxazole/trimethoprim', drugClass: 'sulfonamides', atcCode: 'J01EE01' };
const tld: SafetyDrug = { id: 'd-tld', genericName: 'tenofovir disoproxil fumarate/lamivudine/dolutegravir', drugClass: 'antiretrovirals', atcCode: 'J05AR27' };
const ibuprofen: SafetyDrug = { id: 'd-ibu', genericName: 'ibuprofen', drugClass: 'nsaids', atcCode: 'M01AE01' };
const paracetamol: SafetyDrug = { id: 'd-pcm', genericName: 'paracetamol', drugClass: 'analgesics', atcCode: 'N02BE01' };
const morphine: SafetyDrug = { id: 'd-mor', genericName: 'morphine sulfate', drugClass: 'opioids', atcCode: 'N02AA01' };

const allergy = (substance: string, drugClass: string | null = null, category = 'drug', id = `a-${substance}`): AllergyRecord => ({ id, substance, drugClass, category });

describe('prescription safety', () => {
  describe('names and classes', () => {
    it.each([
      ['amoxicillin/clavulanic acid', ['amoxicillin', 'clavulanic acid']],
      ['tenofovir + lamivudine', ['tenofovir', 'lamivudine']],
      ['Rifampicin, Isoniazid', ['rifampicin', 'isoniazid']],
      ['  Sulfamethoxazole  /  Trimethoprim ', ['sulfamethoxazole', 'trimethoprim']],
      ['Co-trimoxazole', ['sulfamethoxazole', 'trimethoprim']],
      ['Paracetamol', ['paracetamol']],
      ['Acetaminophen', ['paracetamol']],
    ])('splits %s into its components', (name, parts) => {
      expect(nameComponents(name)).toEqual(parts);
    });

    it.each([
      ['Penicillins', 'penicillin'],
      ['penicillin', 'penicillin'],
      ['Cephalosporins', 'cefalosporin'],
      ['ACE inhibitors', 'ace inhibitor'],
      ['NSAIDs', 'nsaid'],
      ['Sulpha drugs', 'sulfonamide'],
      ['sulfa', 'sulfonamide'],
      ['Sulphonamides', 'sulfonamide'],
      ['beta-lactams', 'beta lactam'],
      ['opiates', 'opioid'],
      ['glass', 'glass'],
    ])('normalises the class %s to %s', (name, normalised) => {
      expect(normaliseClass(name)).toBe(normalised);
    });

    it("takes classes from the drug's class and its ATC code", () => {
      expect([...drugClassesOf({ drugClass: 'antibiotics', atcCode: 'J01CA04' })].sort()).toEqual(['antibiotic', 'beta lactam', 'penicillin']);
      expect([...drugClassesOf({ drugClass: null, atcCode: 'M01AE01' })]).toEqual(['nsaid']);
      expect([...drugClassesOf({ drugClass: '  ', atcCode: null })]).toEqual([]);
    });
  });

  describe('allergyFindings', () => {
    it('finds nothing without allergies', () => {
      expect(allergyFindings(amoxicillin, [])).toEqual([]);
    });

    it('matches the substance case- and white-space-insensitively', () => {
      const findings = allergyFindings(amoxicillin, [allergy('  AMOXICILLIN ', null, 'drug', 'a1')]);
      expect(findings).toEqual([
        { code: 'ALLERGY', allergyId: 'a1', substance: '  AMOXICILLIN ', matchedOn: 'substance', message: expect.stringContaining('amoxicillin') },
      ]);
    });

    it('matches each component of a combination', () => {
      expect(allergyFindings(coAmoxiclav, [allergy('Clavulanic  Acid')])).toHaveLength(1);
      expect(allergyFindings(cotrimoxazole, [allergy('trimethoprim')])[0].matchedOn).toBe('substance');
      expect(allergyFindings(tld, [allergy('Lamivudine')])).toHaveLength(1);
      expect(allergyFindings(tld, [allergy('tenofovir')])).toHaveLength(1);
    });

    it('matches a combination named as the allergy against a single drug it contains', () => {
      expect(allergyFindings(amoxicillin, [allergy('Amoxicillin/clavulanic acid')])).toHaveLength(1);
      expect(allergyFindings(amoxicillin, [allergy('co-amoxiclav')])).toHaveLength(1);
    });

    it('matches a salt or ester of the substance', () => {
      expect(allergyFindings(morphine, [allergy('Morphine')])).toHaveLength(1);
      expect(allergyFindings({ ...amoxicillin, genericName: 'amoxicillin' }, [allergy('amoxicillin trihydrate')])).toHaveLength(1);
    });

    it('knows other names of the same medicine', () => {
      expect(allergyFindings(paracetamol, [allergy('Acetaminophen')])).toHaveLength(1);
      expect(allergyFindings(cotrimoxazole, [allergy('Bactrim')])).toHaveLength(1);
      expect(allergyFindings(cefalexin, [allergy('Cephalexin')])).toHaveLength(1);
      expect(allergyFindings({ genericName: 'acetylsalicylic acid', drugClass: 'nsaids', atcCode: 'N02BA01' }, [allergy('Aspirin')])).toHaveLength(1);
    });

    it('does not match a different substance that merely shares a prefix', () => {
      expect(allergyFindings(amoxicillin, [allergy('amox')])).toEqual([]);
      expect(allergyFindings(paracetamol, [allergy('para')])).toEqual([]);
    });

    it("matches the allergy's drug class against the drug's class", () => {
      const findings = allergyFindings(amoxicillin, [allergy('Benzylpenicillin', 'penicillins', 'drug', 'a2')]);
      expect(findings).toEqual([expect.objectContaining({ allergyId: 'a2', matchedOn: 'class' })]);
    });

    it('matches a substance that names a class', () => {
      expect(allergyFindings(amoxicillin, [allergy('Penicillin')])[0].matchedOn).toBe('class');
      expect(allergyFindings(cotrimoxazole, [allergy('Sulfa drugs')])).toHaveLength(1);
      expect(allergyFindings(cotrimoxazole, [allergy('sulphonamides')])).toHaveLength(1);
      expect(allergyFindings(ibuprofen, [allergy('NSAIDs')])).toHaveLength(1);
    });

    it("uses the ATC code when the drug's own class is entered differently", () => {
      expect(allergyFindings({ genericName: 'flucloxacillin', drugClass: 'antibiotics', atcCode: 'J01CF05' }, [allergy('x', 'penicillins')])).toHaveLength(1);
      expect(allergyFindings({ genericName: 'tramadol', drugClass: 'analgesics', atcCode: 'N02AX02' }, [allergy('x', 'Opioids')])).toHaveLength(1);
    });

    it('covers penicillins and cephalosporins under beta-lactams', () => {
      expect(allergyFindings(amoxicillin, [allergy('beta-lactam antibiotics', 'beta-lactams')])).toHaveLength(1);
      expect(allergyFindings(cefalexin, [allergy('Beta-lactams')])).toHaveLength(1);
      expect(allergyFindings(amoxicillin, [allergy('x', 'beta lactam')])).toHaveLength(1);
    });

    it('does not cross classes', () => {
      expect(allergyFindings(cefalexin, [allergy('Penicillin')])).toEqual([]);
      expect(allergyFindings(paracetamol, [allergy('x', 'nsaids')])).toEqual([]);
      expect(allergyFindings(amoxicillin, [allergy('Sulfa')])).toEqual([]);
      expect(allergyFindings(ibuprofen, [allergy('Peanuts', null, 'food')])).toEqual([]);
    });

    it('matches whatever the category, since a drug allergy may be filed as other', () => {
      expect(allergyFindings(amoxicillin, [allergy('amoxicillin', null, 'other')])).toHaveLength(1);
    });

    it('reports each matching allergy once, in order', () => {
      const findings = allergyFindings(coAmoxiclav, [
        allergy('Amoxicillin', 'penicillins', 'drug', 'a1'),
        allergy('Latex', null, 'environmental', 'a2'),
        allergy('Penicillin', null, 'drug', 'a3'),
      ]);
      expect(findings.map((f) => [f.allergyId, f.matchedOn])).toEqual([
        ['a1', 'substance'],
        ['a3', 'class'],
      ]);
    });

    it('copes with an allergy without a class', () => {
      expect(allergyFindings({ genericName: 'x', drugClass: null, atcCode: null }, [allergy('y', null)])).toEqual([]);
    });
  });

  describe('duplicateTherapyFindings', () => {
    const item = (overrides: Partial<ActiveTherapyItem>): ActiveTherapyItem => ({
      prescriptionItemId: 'pi-1',
      drugId: 'd-other',
      genericName: 'something',
      atcCode: 'A01AA01',
      courseEndDate: '2026-12-31',
      ...overrides,
    });

    it('finds a medicine the new drug shares with an active combination (single drug on a fixed-dose combination, and back)', () => {
      const combination = item({ drugId: 'd-tld', genericName: 'tenofovir disoproxil fumarate/lamivudine/dolutegravir', atcCode: 'J05AR27' });
      const dolutegravir = { id: 'd-dtg', genericName: 'dolutegravir', drugClass: null, atcCode: 'J05AJ03' };
      expect(duplicateTherapyFindings(dolutegravir, [combination]).map((f) => [f.drugId, f.reason])).toEqual([['d-tld', 'same_drug']]);
      const lamivudineAlone = item({ drugId: 'd-3tc', genericName: 'lamivudine', atcCode: 'J05AF05' });
      const tld = { id: 'd-tld', genericName: 'tenofovir/lamivudine/dolutegravir', drugClass: null, atcCode: 'J05AR27' };
      expect(duplicateTherapyFindings(tld, [lamivudineAlone]).map((f) => [f.drugId, f.reason])).toEqual([['d-3tc', 'same_drug']]);
      const efavirenz = { id: 'd-efv', genericName: 'efavirenz', drugClass: null, atcCode: 'J05AG03' };
      expect(duplicateTherapyFindings(efavirenz, [combination])).toEqual([]);
    });

    it('finds the same drug by id', () => {
      const findings = duplicateTherapyFindings(amoxicillin, [item({ drugId: 'd-amox', genericName: 'amoxicillin', atcCode: 'J01CA04' })]);
      expect(findings).toEqual([
        {
          code: 'DUPLICATE_THERAPY',
          prescriptionItemId: 'pi-1',
          drugId: 'd-amox',
          genericName: 'amoxicillin',
          atcCode: 'J01CA04',
          courseEndDate: '2026-12-31',
          reason: 'same_drug',
          message: expect.stringContaining('amoxicillin'),
        },
      ]);
    });

    it('finds the same medicine in another strength or form by generic name', () => {
      const findings = duplicateTherapyFindings(amoxicillin, [item({ drugId: 'd-amox-susp', genericName: ' Amoxicillin ', atcCode: null })]);
      expect(findings[0].reason).toBe('same_drug');
      // Rows migrated from free text have no drug and no ATC code.
      expect(duplicateTherapyFindings(amoxicillin, [item({ drugId: null, genericName: 'AMOXICILLIN', atcCode: null })])).toHaveLength(1);
    });

    it('finds another drug of the same ATC level-4 subgroup', () => {
      const enalapril: SafetyDrug = { id: 'd-ena', genericName: 'enalapril', drugClass: 'ace inhibitors', atcCode: 'C09AA02' };
      const findings = duplicateTherapyFindings(enalapril, [item({ drugId: 'd-per', genericName: 'perindopril', atcCode: 'C09AA04' })]);
      expect(findings).toEqual([expect.objectContaining({ reason: 'same_therapeutic_group', message: expect.stringContaining('C09AA') })]);
    });

    it('treats two HIV fixed-dose combinations as duplicate therapy', () => {
      const tee = item({ drugId: 'd-tee', genericName: 'tenofovir disoproxil fumarate/emtricitabine/efavirenz', atcCode: 'J05AR06' });
      expect(duplicateTherapyFindings(tld, [tee])).toHaveLength(1);
    });

    it('does not flag drugs of different subgroups', () => {
      const amlodipine: SafetyDrug = { id: 'd-aml', genericName: 'amlodipine', drugClass: 'calcium channel blockers', atcCode: 'C08CA01' };
      const active = [
        item({ prescriptionItemId: 'pi-1', drugId: 'd-ena', genericName: 'enalapril', atcCode: 'C09AA02' }),
        item({ prescriptionItemId: 'pi-2', drugId: 'd-hct', genericName: 'hydrochlorothiazide', atcCode: 'C03AA03' }),
      ];
      expect(duplicateTherapyFindings(amlodipine, active)).toEqual([]);
      expect(duplicateTherapyFindings(paracetamol, [item({ genericName: 'ibuprofen', atcCode: 'M01AE01' })])).toEqual([]);
    });

    it('ignores a short or missing ATC code for the subgroup rule', () => {
      expect(duplicateTherapyFindings({ genericName: 'x', drugClass: null, atcCode: 'C09' }, [item({ genericName: 'y', atcCode: 'C09AA02' })])).toEqual([]);
      expect(duplicateTherapyFindings({ genericName: 'x', drugClass: null, atcCode: null }, [item({ genericName: 'y', atcCode: null })])).toEqual([]);
    });

    it('leaves out excluded items and courses that ended before today', () => {
      const active = [
        item({ prescriptionItemId: 'self', drugId: 'd-amox', genericName: 'amoxicillin' }),
        item({ prescriptionItemId: 'ended', drugId: 'd-amox', genericName: 'amoxicillin', courseEndDate: '2026-03-09' }),
        item({ prescriptionItemId: 'ends-today', drugId: 'd-amox', genericName: 'amoxicillin', courseEndDate: '2026-03-10' }),
        item({ prescriptionItemId: 'open', drugId: 'd-amox', genericName: 'amoxicillin', courseEndDate: null }),
      ];
      const findings = duplicateTherapyFindings(amoxicillin, active, { today: '2026-03-10', excludePrescriptionItemIds: ['self'] });
      expect(findings.map((f) => f.prescriptionItemId)).toEqual(['ends-today', 'open']);
    });

    it('without today, counts every item it is given', () => {
      expect(duplicateTherapyFindings(amoxicillin, [item({ drugId: 'd-amox', courseEndDate: '2000-01-01' })])).toHaveLength(1);
    });
  });

  describe('atcSubgroup', () => {
    it.each([
      ['J01CA04', 'J01CA'],
      ['j01ca04', 'J01CA'],
      ['A07CA', 'A07CA'],
      ['J01', null],
      [null, null],
      [undefined, null],
    ])('of %s is %s', (code, subgroup) => {
      expect(atcSubgroup(code)).toBe(subgroup);
    });
  });

  describe('isControlledSchedule', () => {
    it.each([
      ['S0', false],
      ['S1', false],
      ['S2', false],
      ['S3', false],
      ['S4', false],
      ['S5', true],
      ['S6', true],
      ['S7', false],
      ['S8', false],
      [null, false],
      [undefined, false],
    ])('%s → %s', (schedule, controlled) => {
      expect(isControlledSchedule(schedule)).toBe(controlled);
    });
  });

  describe('courseEndDate', () => {
    it('counts the start day as day one', () => {
      expect(courseEndDate('2026-03-02', 5)).toBe('2026-03-06');
      expect(courseEndDate('2026-03-02', 1)).toBe('2026-03-02');
    });

    it('crosses months, years and leap days', () => {
      expect(courseEndDate('2026-01-25', 14)).toBe('2026-02-07');
      expect(courseEndDate('2026-12-25', 10)).toBe('2027-01-03');
      expect(courseEndDate('2028-02-20', 10)).toBe('2028-02-29');
      expect(courseEndDate('2026-01-01', 180)).toBe('2026-06-29');
    });

    it('accepts a Date (its UTC calendar date, as DATE columns are read)', () => {
      expect(courseEndDate(new Date('2026-03-02T00:00:00Z'), 7)).toBe('2026-03-08');
    });

    it('refuses a duration that is not a positive whole number', () => {
      for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => courseEndDate('2026-03-02', bad)).toThrow(RangeError);
    });

    it('refuses a non-date', () => {
      expect(() => courseEndDate('02/03/2026', 5)).toThrow(RangeError);
    });
  });

  describe('batchExpiresBeforeCourseEnds', () => {
    it('is true when the batch expires before the last day of the course', () => {
      expect(batchExpiresBeforeCourseEnds('2026-03-05', '2026-03-06')).toBe(true);
    });

    it('is true when the batch expires on the last day (on its expiry date a batch is expired)', () => {
      expect(batchExpiresBeforeCourseEnds('2026-03-06', '2026-03-06')).toBe(true);
    });

    it('is false when the batch expires after the course', () => {
      expect(batchExpiresBeforeCourseEnds('2026-03-07', '2026-03-06')).toBe(false);
      expect(batchExpiresBeforeCourseEnds('2027-01-01', '2026-12-31')).toBe(false);
    });

    it('is false for an open-ended course and accepts Dates', () => {
      expect(batchExpiresBeforeCourseEnds('2026-03-07', null)).toBe(false);
      expect(batchExpiresBeforeCourseEnds(new Date('2026-03-06T00:00:00Z'), new Date('2026-03-06T00:00:00Z'))).toBe(true);
    });
  });
});
