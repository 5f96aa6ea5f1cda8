import { fitColumn } from './fit-column';

describe('fitColumn', () => {
  it('cuts by code points, never inside a surrogate pair', () => {
    const value = `${'a'.repeat(63)}\u{1F600}tail`;
    expect(fitColumn(value, 64)).toBe(`${'a'.repeat(63)}\u{1F600}`);
    expect(fitColumn(value, 63)).toBe('a'.repeat(63));
  });

  it('replaces lone surrogates and drops control characters', () => {
    expect(fitColumn('ab\uD83Dcd', 10)).toBe('ab\uFFFDcd');
    expect(fitColumn('line\nbreak\u0000', 20)).toBe('linebreak');
  });

  it('keeps null and short values as they are', () => {
    expect(fitColumn(null, 5)).toBeNull();
    expect(fitColumn('PATCH', 10)).toBe('PATCH');
  });
});
