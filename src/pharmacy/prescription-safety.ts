/*
 * Prescribing-safety rules, pure so they run the same when prescribing and again when dispensing
 * (and unit-test without Nest or a database). They only find problems; whether a finding refuses the
 * request or is overridden with a recorded reason is the caller's decision.
 */

/** The drug being prescribed or dispensed, as far as the checks need it. */
export interface SafetyDrug {
  id?: string;
  genericName: string;
  drugClass: string | null;
  atcCode: string | null;
}

/** A recorded allergy of the patient (only active ones should be passed in). */
export interface AllergyRecord {
  id: string;
  substance: string;
  drugClass: string | null;
  category: string;
}

export interface AllergyFinding {
  code: 'ALLERGY';
  allergyId: string;
  substance: string;
  /** Whether the drug (or a component) is the substance itself, or belongs to the allergy's class. */
  matchedOn: 'substance' | 'class';
  message: string;
}

/** A prescription item the patient is (or will be) taking. */
export interface ActiveTherapyItem {
  prescriptionItemId: string;
  drugId: string | null;
  genericName: string;
  atcCode: string | null;
  /** Last day of the course (YYYY-MM-DD); null when open-ended. */
  courseEndDate: string | null;
}

export interface DuplicateTherapyFinding {
  code: 'DUPLICATE_THERAPY';
  prescriptionItemId: string;
  drugId: string | null;
  genericName: string;
  atcCode: string | null;
  courseEndDate: string | null;
  /** The same medicine, or another medicine of the same ATC level-4 therapeutic subgroup. */
  reason: 'same_drug' | 'same_therapeutic_group';
  message: string;
}

export type SafetyFinding = AllergyFinding | DuplicateTherapyFinding;

// --- names ---

/**
 * One spelling for comparing names: lower case, single spaces, British and American spellings
 * folded (sulphonamide/sulfonamide, cephalexin/cefalexin, oestrogen/estrogen). Applied to both sides, so the folds only
 * need to be consistent, not correct English.
 */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .replace(/sulph/g, 'sulf')
    .replace(/ceph/g, 'cef')
    .replace(/\boe/g, 'e');
}

/** Names the same medicine goes by in South African and international use. */
const SYNONYMS: Record<string, string> = {
  acetaminophen: 'paracetamol',
  aspirin: 'acetylsalicylic acid',
  'co-amoxiclav': 'amoxicillin/clavulanic acid',
  'co-trimoxazole': 'sulfamethoxazole/trimethoprim',
  cotrimoxazole: 'sulfamethoxazole/trimethoprim',
  bactrim: 'sulfamethoxazole/trimethoprim',
  adrenaline: 'epinephrine',
  noradrenaline: 'norepinephrine',
  salbutamol: 'albuterol',
  pethidine: 'meperidine',
  frusemide: 'furosemide',
  lignocaine: 'lidocaine',
  glibenclamide: 'glyburide',
  rifampin: 'rifampicin',
  amoxycillin: 'amoxicillin',
};

const synonym = (name: string): string => SYNONYMS[normaliseName(name)] ?? normaliseName(name);

/** The single medicines a (possibly combined) name is made of: 'tenofovir + lamivudine' → both. */
export function nameComponents(name: string): string[] {
  return synonym(name)
    .split(/\s*(?:\/|\+|,|;|\band\b|\bwith\b)\s*/)
    .map((part) => synonym(part))
    .filter((part) => part.length > 0);
}

/**
 * The same medicine, also when one side names its salt or ester ('morphine' and 'morphine sulfate',
 * 'tenofovir' and 'tenofovir disoproxil fumarate'): equal, or one is the other followed by more words.
 */
function sameMedicine(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `);
}

// --- classes ---

/** Singular, normalised class name: 'Penicillins' → 'penicillin', 'ACE inhibitors' → 'ace inhibitor'. */
export function normaliseClass(value: string): string {
  const name = normaliseName(value).replace(/-/g, ' ');
  const alias = CLASS_ALIASES[name];
  if (alias) return alias;
  return name.replace(/(?:ies)$/, 'y').replace(/(?<!s)s$/, '');
}

const CLASS_ALIASES: Record<string, string> = {
  sulfa: 'sulfonamide',
  'sulfa drug': 'sulfonamide',
  'sulfa drugs': 'sulfonamide',
  sulfonamides: 'sulfonamide',
  'non steroidal anti inflammatory': 'nsaid',
  'non steroidal anti inflammatory drug': 'nsaid',
  'non steroidal anti inflammatory drugs': 'nsaid',
  'anti inflammatories': 'nsaid',
  opiate: 'opioid',
  opiates: 'opioid',
  'ace inhibitor': 'ace inhibitor',
  'ace inhibitors': 'ace inhibitor',
  quinolone: 'fluoroquinolone',
  quinolones: 'fluoroquinolone',
  'beta lactam': 'beta lactam',
  'beta lactams': 'beta lactam',
  betalactam: 'beta lactam',
  betalactams: 'beta lactam',
};

/** Classes that contain other classes: an allergy to a beta-lactam covers penicillins and cephalosporins. */
const CLASS_MEMBERS: Record<string, string[]> = {
  'beta lactam': ['penicillin', 'cefalosporin', 'carbapenem'],
};

/**
 * ATC groups that belong to an allergy-relevant class, so a drug is matched even when its own
 * drug_class was entered differently (WHO ATC index, 2025).
 */
const CLASS_ATC_PREFIXES: Record<string, string[]> = {
  penicillin: ['J01C'],
  cefalosporin: ['J01DB', 'J01DC', 'J01DD', 'J01DE', 'J01DI'],
  carbapenem: ['J01DH'],
  sulfonamide: ['J01E'],
  macrolide: ['J01FA'],
  fluoroquinolone: ['J01MA'],
  tetracycline: ['J01AA'],
  aminoglycoside: ['J01GB'],
  nsaid: ['M01A', 'N02BA'],
  opioid: ['N02A', 'N07BC', 'R05DA'],
  benzodiazepine: ['N05BA', 'N05CD', 'N03AE'],
  'ace inhibitor': ['C09A', 'C09B'],
  sulfonylurea: ['A10BB'],
  statin: ['C10AA'],
};

/** Every class the drug belongs to, from its drug_class and its ATC code. */
export function drugClassesOf(drug: Pick<SafetyDrug, 'drugClass' | 'atcCode'>): Set<string> {
  const classes = new Set<string>();
  if (drug.drugClass && drug.drugClass.trim()) classes.add(normaliseClass(drug.drugClass));
  const atc = (drug.atcCode ?? '').toUpperCase();
  if (atc) {
    for (const [name, prefixes] of Object.entries(CLASS_ATC_PREFIXES)) {
      if (prefixes.some((p) => atc.startsWith(p))) classes.add(name);
    }
  }
  for (const [parent, members] of Object.entries(CLASS_MEMBERS)) {
    if (members.some((m) => classes.has(m))) classes.add(parent);
  }
  return classes;
}

/** The classes an allergy's class or substance names ('Penicillin' names the penicillins). */
function allergyClasses(allergy: AllergyRecord): string[] {
  const named = [allergy.drugClass, allergy.substance].filter((v): v is string => !!v && v.trim().length > 0).map(normaliseClass);
  return named.flatMap((c) => [c, ...(CLASS_MEMBERS[c] ?? [])]);
}

// --- allergies ---

/**
 * The patient's allergies this drug would touch: the allergy's substance is the drug or one of its
 * components, or the allergy's class (or a substance naming a class) is one of the drug's classes.
 * The allergy's category is not a filter: a drug allergy filed as 'other' still protects the patient.
 */
export function allergyFindings(drug: SafetyDrug, allergies: readonly AllergyRecord[]): AllergyFinding[] {
  const components = nameComponents(drug.genericName);
  const classes = drugClassesOf(drug);
  const findings: AllergyFinding[] = [];
  for (const allergy of allergies) {
    const substances = nameComponents(allergy.substance);
    const bySubstance = substances.some((s) => components.some((c) => sameMedicine(s, c)));
    const byClass = !bySubstance && allergyClasses(allergy).some((c) => classes.has(c));
    if (!bySubstance && !byClass) continue;
    findings.push({
      code: 'ALLERGY',
      allergyId: allergy.id,
      substance: allergy.substance,
      matchedOn: bySubstance ? 'substance' : 'class',
      message: bySubstance
        ? `The patient has a recorded allergy to ${allergy.substance}, which ${drug.genericName} is or contains`
        : `The patient has a recorded allergy to ${allergy.substance}; ${drug.genericName} belongs to the same drug class`,
    });
  }
  return findings;
}

// --- duplicate therapy ---

/** ATC level 4, the chemical/therapeutic subgroup (first 5 characters, e.g. C09AA). */
export function atcSubgroup(atcCode: string | null | undefined): string | null {
  const code = (atcCode ?? '').trim().toUpperCase();
  return code.length >= 5 ? code.slice(0, 5) : null;
}

export interface DuplicateTherapyOptions {
  /** Items whose course ended before this date (YYYY-MM-DD) no longer count. */
  today?: string;
  /** Items to leave out, e.g. the prescription item being dispensed itself. */
  excludePrescriptionItemIds?: readonly string[];
}

/**
 * Active therapy that the new drug would duplicate: the same drug (by id, or a medicine in common,
 * combinations included) or a drug of the same ATC level-4 subgroup (two ACE inhibitors, two HIV fixed-dose combinations).
 */
export function duplicateTherapyFindings(
  drug: SafetyDrug,
  activeItems: readonly ActiveTherapyItem[],
  options: DuplicateTherapyOptions = {},
): DuplicateTherapyFinding[] {
  const excluded = new Set(options.excludePrescriptionItemIds ?? []);
  const components = nameComponents(drug.genericName);
  const subgroup = atcSubgroup(drug.atcCode);
  const findings: DuplicateTherapyFinding[] = [];
  for (const item of activeItems) {
    if (excluded.has(item.prescriptionItemId)) continue;
    if (options.today && item.courseEndDate && toDateOnly(item.courseEndDate) < options.today) continue;
    // A component in common is the same medicine: dolutegravir on top of a TDF/3TC/DTG tablet doubles the
    // dose, and the ATC subgroups differ (J05AJ against J05AR), so the group check alone would miss it.
    const sameDrug =
      (drug.id !== undefined && item.drugId !== null && item.drugId === drug.id) ||
      nameComponents(item.genericName).some((c) => components.some((d) => sameMedicine(c, d)));
    const sameGroup = !sameDrug && subgroup !== null && atcSubgroup(item.atcCode) === subgroup;
    if (!sameDrug && !sameGroup) continue;
    findings.push({
      code: 'DUPLICATE_THERAPY',
      prescriptionItemId: item.prescriptionItemId,
      drugId: item.drugId,
      genericName: item.genericName,
      atcCode: item.atcCode,
      courseEndDate: item.courseEndDate === null ? null : toDateOnly(item.courseEndDate),
      reason: sameDrug ? 'same_drug' : 'same_therapeutic_group',
      message: sameDrug
        ? `The patient already has an active course of ${item.genericName}`
        : `The patient already takes ${item.genericName} from the same therapeutic group (ATC ${subgroup})`,
    });
  }
  return findings;
}

// --- controlled drugs ---

/** Schedules 5 and 6 need pharmacy:dispense-controlled and a register entry (Act 101 of 1965, s22A). */
export function isControlledSchedule(schedule: string | null | undefined): boolean {
  return schedule === 'S5' || schedule === 'S6';
}

// --- course and expiry dates ---

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD of a date-only string or a Date (its UTC calendar date, as the driver reads DATE columns). */
export function toDateOnly(value: string | Date): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = value.slice(0, 10);
  if (!DATE_ONLY.test(text)) throw new RangeError(`not a date: ${value}`);
  return text;
}

/**
 * The last day of a course: a 5-day course started on a Monday ends on the Friday (the start day
 * counts as day 1).
 */
export function courseEndDate(startDate: string | Date, durationDays: number): string {
  if (!Number.isInteger(durationDays) || durationDays < 1) throw new RangeError('durationDays must be a positive whole number');
  const start = new Date(`${toDateOnly(startDate)}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) throw new RangeError(`not a date: ${String(startDate)}`);
  start.setUTCDate(start.getUTCDate() + durationDays - 1);
  return start.toISOString().slice(0, 10);
}

/**
 * Whether a batch stops being usable before the course ends. A batch is usable only while
 * expiry_date > today, so its last usable day is the day before expiry: it covers the course only
 * when it expires after the course's last day.
 */
export function batchExpiresBeforeCourseEnds(expiryDate: string | Date, courseEnd: string | Date | null): boolean {
  if (courseEnd === null) return false;
  return toDateOnly(expiryDate) <= toDateOnly(courseEnd);
}
