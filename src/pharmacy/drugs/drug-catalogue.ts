/*
 * The drug catalogue's closed vocabularies, shared by the entity, the DTOs and the migration's data.
 */

/** How a medicine is presented; the dispensing unit follows from it (tablet, capsule, ml, vial, ...). */
export const DOSAGE_FORMS = [
  'tablet',
  'capsule',
  'syrup',
  'suspension',
  'solution',
  'injection',
  'cream',
  'ointment',
  'gel',
  'lotion',
  'drops',
  'inhaler',
  'nebuliser_solution',
  'powder',
  'suppository',
  'pessary',
  'patch',
  'implant',
  'other',
] as const;
export type DosageForm = (typeof DOSAGE_FORMS)[number];

/** South African medicine schedules (Medicines and Related Substances Act 101 of 1965, s22A). */
export const DRUG_SCHEDULES = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'] as const;
export type DrugSchedule = (typeof DRUG_SCHEDULES)[number];

/**
 * WHO ATC code at level 5 (letter, 2 digits, 2 letters, 2 digits: J01CA04), or at level 4 (A07CA) for
 * the few groups the WHO gives no substance codes (oral rehydration salts, plain multivitamins).
 */
export const ATC_CODE = /^[A-Z]\d{2}[A-Z]{2}(\d{2})?$/;
