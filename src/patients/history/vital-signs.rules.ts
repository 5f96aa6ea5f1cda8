import type { FieldError } from '../../common/errors/domain-errors';

/** One vital-signs snapshot as measured; every field optional, at least one required. */
export interface VitalSignsInput {
  systolicMmHg?: number | null;
  diastolicMmHg?: number | null;
  pulseBpm?: number | null;
  temperatureC?: number | null;
  respiratoryRate?: number | null;
  oxygenSaturation?: number | null;
  glucoseMmolL?: number | null;
  weightKg?: number | null;
  heightCm?: number | null;
}

export type VitalSignField = keyof VitalSignsInput;

export interface VitalSignLimit {
  min: number;
  max: number;
  /** Decimal places allowed (and stored): 0 for whole numbers. */
  decimals: number;
  unit: string;
}

/**
 * Physiological limits: outside them a value is a typing or unit error, not a patient. They are
 * wide on purpose (neonates to the critically ill) so a real extreme reading is never refused:
 * - systolic 50–300 / diastolic 20–200 mmHg: below that no reading is obtainable, above it is off the cuff's scale;
 * - pulse 20–300 /min: profound bradycardia to neonatal supraventricular tachycardia;
 * - temperature 25–45 °C: severe hypothermia to fatal hyperthermia (also catches °F: 98.6);
 * - respiratory rate 4–80 /min: opioid depression to a distressed neonate;
 * - SpO2 50–100 %: oximeters are not reliable below that;
 * - glucose 0.5–50 mmol/L: beyond the range of point-of-care meters (also catches mg/dL: 90);
 * - weight 0.3–400 kg: an extremely premature neonate to the heaviest patients (catches grams);
 * - height 20–250 cm: a premature neonate to the tallest adults (catches metres: 1.7).
 * Decimal places match the columns (temperature/glucose/height 0.1, weight 0.01 kg for infants).
 */
export const VITAL_SIGN_LIMITS: Record<VitalSignField, VitalSignLimit> = {
  systolicMmHg: { min: 50, max: 300, decimals: 0, unit: 'mmHg' },
  diastolicMmHg: { min: 20, max: 200, decimals: 0, unit: 'mmHg' },
  pulseBpm: { min: 20, max: 300, decimals: 0, unit: 'beats/min' },
  temperatureC: { min: 25, max: 45, decimals: 1, unit: '°C' },
  respiratoryRate: { min: 4, max: 80, decimals: 0, unit: 'breaths/min' },
  oxygenSaturation: { min: 50, max: 100, decimals: 0, unit: '%' },
  glucoseMmolL: { min: 0.5, max: 50, decimals: 1, unit: 'mmol/L' },
  weightKg: { min: 0.3, max: 400, decimals: 2, unit: 'kg' },
  heightCm: { min: 20, max: 250, decimals: 1, unit: 'cm' },
};

export const VITAL_SIGN_FIELDS = Object.keys(VITAL_SIGN_LIMITS) as VitalSignField[];

/**
 * A computed BMI outside this range means the weight and height cannot belong to one person (each
 * alone within its limits, e.g. 300 kg at 60 cm): refused, naming both fields.
 */
export const BMI_LIMITS = { min: 5, max: 200 } as const;

const present = (value: number | null | undefined): value is number => value !== undefined && value !== null;

function decimalPlaces(value: number): number {
  const text = String(value);
  if (text.includes('e')) return Number.POSITIVE_INFINITY;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Every problem with a snapshot, one entry per field (several at once), or [] when it may be stored. */
export function checkVitalSigns(input: VitalSignsInput, fieldPrefix = ''): FieldError[] {
  const problems: FieldError[] = [];
  const name = (field: string) => `${fieldPrefix}${field}`;
  for (const field of VITAL_SIGN_FIELDS) {
    const value = input[field];
    if (!present(value)) continue;
    const limit = VITAL_SIGN_LIMITS[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field: name(field), message: `${field} must be a number` });
    } else if (value < limit.min || value > limit.max) {
      problems.push({ field: name(field), message: `${field} must be between ${limit.min} and ${limit.max} ${limit.unit}` });
    } else if (decimalPlaces(value) > limit.decimals) {
      problems.push({
        field: name(field),
        message: limit.decimals === 0 ? `${field} must be a whole number` : `${field} must have at most ${limit.decimals} decimal places`,
      });
    }
  }
  if (!VITAL_SIGN_FIELDS.some((field) => present(input[field]))) {
    problems.push({ field: fieldPrefix ? fieldPrefix.replace(/\.$/, '') : 'vitalSigns', message: 'At least one measurement is required' });
  }
  const { systolicMmHg: systolic, diastolicMmHg: diastolic } = input;
  // A blood pressure is a pair: half of one is a transcription error.
  if (present(systolic) !== present(diastolic)) {
    const missing = present(systolic) ? 'diastolicMmHg' : 'systolicMmHg';
    problems.push({ field: name(missing), message: 'A blood pressure needs both systolicMmHg and diastolicMmHg' });
  } else if (present(systolic) && present(diastolic) && systolic <= diastolic) {
    problems.push({ field: name('systolicMmHg'), message: 'systolicMmHg must be greater than diastolicMmHg' });
  }
  const alreadyWrong = new Set(problems.map((p) => p.field));
  const bmi = computeBmi(input.weightKg, input.heightCm);
  if (bmi !== null && !alreadyWrong.has(name('weightKg')) && !alreadyWrong.has(name('heightCm'))) {
    if (bmi < BMI_LIMITS.min || bmi > BMI_LIMITS.max) {
      const message = `weightKg and heightCm give a BMI of ${bmi}, outside ${BMI_LIMITS.min}–${BMI_LIMITS.max}: check the units`;
      problems.push({ field: name('weightKg'), message }, { field: name('heightCm'), message });
    }
  }
  return problems;
}

/**
 * BMI = weight (kg) / height (m)², rounded to one decimal, or null unless both were measured in
 * this snapshot. A height from an earlier visit is not used: children grow, and a stale height
 * would give a wrong BMI without anyone noticing.
 */
export function computeBmi(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (!present(weightKg) || !present(heightCm) || heightCm <= 0) return null;
  const metres = heightCm / 100;
  // toPrecision first: 80 / 1.6² is 31.249999999999996 in binary floating point, and must round to 31.3.
  const exact = Number((weightKg / (metres * metres)).toPrecision(12));
  return Math.round(exact * 10) / 10;
}
