import { checkIdentity, compactIdentifier, identityIndexInput, likePrefix, maskIdentifier, memberIndexInput, nameSearchTerms, normalisePhone } from './patient-rules';

describe('patient rules', () => {
  it('normalises phone numbers to E.164, reading South African local numbers', () => {
    expect(normalisePhone('082 123 4567')).toBe('+27821234567');
    expect(normalisePhone('0821234567')).toBe('+27821234567');
    expect(normalisePhone('(012) 345-6789')).toBe('+27123456789');
    expect(normalisePhone('27821234567')).toBe('+27821234567');
    expect(normalisePhone('+27 82 123 4567')).toBe('+27821234567');
    expect(normalisePhone('0026377123456')).toBe('+26377123456');
    expect(normalisePhone('+263 77 123 4567')).toBe('+263771234567');
    for (const bad of ['', 'abc', '12', '082123456', '+0821234567', '082 123 4567 ext 2', '+1234567890123456']) expect(normalisePhone(bad)).toBeNull();
  });

  it('masks all but at most four and at most half of the characters', () => {
    expect(maskIdentifier('8001015009087')).toBe('*********9087');
    expect(maskIdentifier('A1234567')).toBe('****4567');
    expect(maskIdentifier('AB123')).toBe('***23');
    expect(maskIdentifier('')).toBe('');
  });

  it('builds blind-index inputs that separate kinds and countries', () => {
    expect(identityIndexInput('sa_id', '800101 5009-087')).toBe('sa_id:8001015009087');
    expect(identityIndexInput('passport', 'a123 4567', 'zw')).toBe('passport:ZW:A1234567');
    expect(identityIndexInput('passport', 'A1234567', 'MZ')).not.toBe(identityIndexInput('passport', 'A1234567', 'ZW'));
    expect(memberIndexInput(' 1122-3344 ')).toBe('member:11223344');
    expect(compactIdentifier(' ab-12 34 ')).toBe('AB1234');
  });

  it('splits a name query into one prefix or a first and last word', () => {
    expect(nameSearchTerms(' thabo ')).toEqual({ kind: 'one', prefix: 'thabo' });
    expect(nameSearchTerms('thabo  van nkosi')).toEqual({ kind: 'two', first: 'thabo', last: 'nkosi' });
    expect(nameSearchTerms('   ')).toBeNull();
    expect(likePrefix('50%_off\\')).toBe('50\\%\\_off\\\\%');
  });

  it('checks the identity document as a whole', () => {
    const today = '2026-11-24';
    expect(checkIdentity({ identityType: 'sa_id', identityNumber: '800101 5009 087', dateOfBirth: '1980-01-01' }, today)).toEqual({ problems: [], number: '8001015009087', passportCountry: null });
    expect(checkIdentity({ identityType: 'passport', identityNumber: 'a1234567', passportCountry: 'zw', dateOfBirth: '1980-01-01' }, today)).toEqual({ problems: [], number: 'A1234567', passportCountry: 'ZW' });
    expect(checkIdentity({ identityType: 'none', dateOfBirth: '1980-01-01' }, today)).toEqual({ problems: [], number: null, passportCountry: null });
    expect(checkIdentity({ identityType: 'passport', identityNumber: 'A1', passportCountry: 'XX', dateOfBirth: '1980-01-01' }, today).problems.map((p) => p.field)).toEqual(['passportCountry', 'identityNumber']);
    expect(checkIdentity({ identityType: 'none', identityNumber: '1', passportCountry: 'ZA', dateOfBirth: '1980-01-01' }, today).problems.map((p) => p.field)).toEqual(['passportCountry', 'identityNumber']);
    expect(checkIdentity({ identityType: 'sa_id', identityNumber: '8001015009087', dateOfBirth: '1980-01-02' }, today).problems).toEqual([
      { field: 'identityNumber', message: 'identityNumber does not match dateOfBirth' },
    ]);
  });
});
