import { checkSaId, luhnCheckDigit, luhnValid, realDate, saIdBirthDate } from './sa-id';

describe('SA ID numbers', () => {
  const TODAY = '2026-11-24';

  it('accepts a valid number and reads its parts', () => {
    expect(checkSaId('8001015009087', '1980-01-01', 'identityNumber', TODAY)).toEqual({
      problems: [],
      parts: { dateOfBirth: '1980-01-01', sex: 'male', citizenship: 'citizen' },
    });
    const resident = '920304012318';
    expect(checkSaId(resident + luhnCheckDigit(resident), undefined, 'identityNumber', TODAY).parts).toEqual({ dateOfBirth: '1992-03-04', sex: 'female', citizenship: 'permanent_resident' });
  });

  it('checks the Luhn digit', () => {
    expect(luhnValid('8001015009087')).toBe(true);
    expect(luhnValid('8001015009088')).toBe(false);
    expect(luhnCheckDigit('800101500908')).toBe('7');
    expect(checkSaId('8001015009088', '1980-01-01', 'identityNumber', TODAY).problems).toEqual(['identityNumber has an invalid check digit']);
  });

  it('wants 13 digits', () => {
    for (const bad of ['', '800101500908', '80010150090877', '80010150090a7', ' 8001015009087']) {
      expect(checkSaId(bad, undefined, 'identityNumber', TODAY).problems).toEqual(['identityNumber must be 13 digits']);
    }
  });

  it('wants a real date and a citizenship digit of 0, 1 or 2', () => {
    const withDigit = (p: string) => p + luhnCheckDigit(p);
    expect(checkSaId(withDigit('801301500908'), undefined, 'identityNumber', TODAY).problems).toEqual(['identityNumber does not start with a real date of birth (YYMMDD)']);
    expect(checkSaId(withDigit('800230500908'), undefined, 'identityNumber', TODAY).problems).toEqual(['identityNumber does not start with a real date of birth (YYMMDD)']);
    expect(checkSaId(withDigit('800101500938'), undefined, 'identityNumber', TODAY).problems).toEqual(['identityNumber has an invalid citizenship digit (must be 0, 1 or 2)']);
    expect(checkSaId(withDigit('800101500928'), undefined, 'identityNumber', TODAY).problems).toEqual([]);
  });

  it('picks the century that is not in the future and compares the full date', () => {
    expect(saIdBirthDate('010203', TODAY)).toBe('2001-02-03');
    expect(saIdBirthDate('261124', TODAY)).toBe('2026-11-24');
    expect(saIdBirthDate('261125', TODAY)).toBe('1926-11-25');
    expect(saIdBirthDate('991231', TODAY)).toBe('1999-12-31');
    // 29 February: 2000 was a leap year, 1900 was not.
    expect(saIdBirthDate('000229', TODAY)).toBe('2000-02-29');
    expect(saIdBirthDate('290229', TODAY)).toBeNull();
    const id = '0102031234085';
    expect(checkSaId(id, '2001-02-03', 'identityNumber', TODAY).problems).toEqual([]);
    // The other century agrees too (a centenarian), unless it is in the future.
    expect(checkSaId(id, '1901-02-03', 'identityNumber', TODAY).problems).toEqual([]);
    expect(checkSaId(id, '1901-02-03', 'identityNumber', TODAY).parts?.dateOfBirth).toBe('1901-02-03');
    expect(checkSaId('2611257123084'.slice(0, 12) + luhnCheckDigit('261125712308'), '2026-11-25', 'identityNumber', TODAY).problems).toEqual([
      'identityNumber does not match dateOfBirth',
    ]);
    expect(checkSaId(id, '2001-02-04', 'identityNumber', TODAY).problems).toEqual(['identityNumber does not match dateOfBirth']);
  });

  it('reports every problem it can see at once', () => {
    const p = '800101500938';
    const wrongDigit = p + String((Number(luhnCheckDigit(p)) + 1) % 10);
    expect(checkSaId(wrongDigit, '1981-01-01', 'identityNumber', TODAY).problems).toEqual([
      'identityNumber has an invalid citizenship digit (must be 0, 1 or 2)',
      'identityNumber has an invalid check digit',
      'identityNumber does not match dateOfBirth',
    ]);
  });

  it('knows real dates', () => {
    expect(realDate(2024, 2, 29)).toBe('2024-02-29');
    expect(realDate(2023, 2, 29)).toBeNull();
    expect(realDate(2023, 4, 31)).toBeNull();
    expect(realDate(2023, 0, 1)).toBeNull();
  });
});
