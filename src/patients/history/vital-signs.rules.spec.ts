import { checkVitalSigns, computeBmi, VITAL_SIGN_LIMITS } from './vital-signs.rules';

const fields = (input: Parameters<typeof checkVitalSigns>[0], prefix?: string) => checkVitalSigns(input, prefix).map((p) => p.field);

describe('vital-sign rules', () => {
  it('accepts a normal adult snapshot', () => {
    expect(
      checkVitalSigns({
        systolicMmHg: 128,
        diastolicMmHg: 82,
        pulseBpm: 72,
        temperatureC: 36.8,
        respiratoryRate: 16,
        oxygenSaturation: 98,
        glucoseMmolL: 5.4,
        weightKg: 72.45,
        heightCm: 171.5,
      }),
    ).toEqual([]);
  });

  it('accepts every limit itself', () => {
    for (const [field, limit] of Object.entries(VITAL_SIGN_LIMITS)) {
      if (field === 'systolicMmHg' || field === 'diastolicMmHg') continue;
      expect(checkVitalSigns({ [field]: limit.min })).toEqual([]);
      expect(checkVitalSigns({ [field]: limit.max })).toEqual([]);
    }
    expect(checkVitalSigns({ systolicMmHg: 300, diastolicMmHg: 200 })).toEqual([]);
    expect(checkVitalSigns({ systolicMmHg: 50, diastolicMmHg: 20 })).toEqual([]);
  });

  it('names every field out of range at once', () => {
    expect(fields({ systolicMmHg: 400, diastolicMmHg: 10, pulseBpm: 5, temperatureC: 98.6, oxygenSaturation: 101, glucoseMmolL: 90 })).toEqual([
      'systolicMmHg',
      'diastolicMmHg',
      'pulseBpm',
      'temperatureC',
      'oxygenSaturation',
      'glucoseMmolL',
    ]);
  });

  it('says the range and unit', () => {
    expect(checkVitalSigns({ temperatureC: 98.6 })).toEqual([{ field: 'temperatureC', message: 'temperatureC must be between 25 and 45 °C' }]);
  });

  it('refuses more decimals than the column keeps, and fractions of whole-number fields', () => {
    expect(fields({ temperatureC: 36.55 })).toEqual(['temperatureC']);
    expect(fields({ pulseBpm: 72.5 })).toEqual(['pulseBpm']);
    expect(fields({ weightKg: 3.456 })).toEqual(['weightKg']);
    expect(fields({ weightKg: 3.45 })).toEqual([]);
  });

  it('refuses non-numbers', () => {
    expect(fields({ pulseBpm: Number.NaN })).toEqual(['pulseBpm']);
    expect(fields({ pulseBpm: '72' as unknown as number })).toEqual(['pulseBpm']);
  });

  it('requires at least one measurement (null counts as absent)', () => {
    expect(checkVitalSigns({})).toEqual([{ field: 'vitalSigns', message: 'At least one measurement is required' }]);
    expect(checkVitalSigns({ pulseBpm: null })).toHaveLength(1);
    expect(fields({}, 'vitals.')).toEqual(['vitals']);
  });

  it('takes a blood pressure only as a pair with systolic above diastolic', () => {
    expect(fields({ systolicMmHg: 120 })).toEqual(['diastolicMmHg']);
    expect(fields({ diastolicMmHg: 80 })).toEqual(['systolicMmHg']);
    expect(checkVitalSigns({ systolicMmHg: 80, diastolicMmHg: 80 })).toEqual([
      { field: 'systolicMmHg', message: 'systolicMmHg must be greater than diastolicMmHg' },
    ]);
  });

  it('refuses a weight and height that cannot belong to one person', () => {
    expect(fields({ weightKg: 300, heightCm: 60 })).toEqual(['weightKg', 'heightCm']);
    expect(fields({ weightKg: 0.5, heightCm: 240 })).toEqual(['weightKg', 'heightCm']);
  });

  it('prefixes field names for a nested body', () => {
    expect(fields({ pulseBpm: 5 }, 'vitals.')).toEqual(['vitals.pulseBpm']);
  });
});

describe('computeBmi', () => {
  it('is weight over height in metres squared, to one decimal', () => {
    expect(computeBmi(70, 175)).toBe(22.9);
    expect(computeBmi(95.5, 168)).toBe(33.8);
    expect(computeBmi(3.4, 50)).toBe(13.6);
    // Halves round up, despite binary floating point (80 / 1.6² = 31.249999999999996).
    expect(computeBmi(80, 160)).toBe(31.3);
  });

  it('needs both measurements', () => {
    expect(computeBmi(70, undefined)).toBeNull();
    expect(computeBmi(null, 175)).toBeNull();
  });
});
