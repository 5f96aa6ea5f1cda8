import { sumDecimals } from './stock.dto';

describe('sumDecimals', () => {
  it('adds decimal strings exactly to four places', () => {
    expect(sumDecimals(['0.1000', '0.2000'])).toBe('0.3000');
    expect(sumDecimals(['123456789012.3456', '0.0001'])).toBe('123456789012.3457');
    expect(sumDecimals(['5', '2.5'])).toBe('7.5000');
    expect(sumDecimals([])).toBe('0.0000');
    expect(sumDecimals(['-1.2500', '0.5000'])).toBe('-0.7500');
  });
});
