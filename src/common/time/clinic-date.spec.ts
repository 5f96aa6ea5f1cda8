import { clinicToday } from './clinic-date';

describe('clinicToday', () => {
  it('is the South African date, two hours ahead of UTC', () => {
    expect(clinicToday(new Date('2026-11-23T21:59:59Z'))).toBe('2026-11-23');
    expect(clinicToday(new Date('2026-11-23T22:00:00Z'))).toBe('2026-11-24');
    expect(clinicToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
