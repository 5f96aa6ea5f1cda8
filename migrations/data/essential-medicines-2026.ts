/*
 * FROZEN data of migration 1764000600000-DrugCatalogue: never edit it after the migration has landed
 * (a later correction is a new migration). Self-contained on purpose: it imports nothing from src/,
 * so a change there cannot change what this migration inserted.
 *
 * Primary-care medicines of the South African Standard Treatment Guidelines and Essential Medicines
 * List (Primary Healthcare, adult and paediatric). Per medicine: a stable code (GENERIC-STRENGTH-FORM),
 * the generic (INN) name in lower case with combinations joined by '/', strength, dosage form, route,
 * pack size in dispensing units, the dispensing unit (what stock is counted in), the South African
 * schedule (Medicines and Related Substances Act 101 of 1965, s22A, as understood when written; check
 * against the current Government Gazette before relying on it), the WHO ATC code, the lower-case class
 * that allergies are matched on, and the inventory category (therapeutic group).
 *
 * Brand names and NAPPI codes are left NULL: NAPPI codes identify one supplier's product and pack, so
 * they cannot be derived for a generic entry and must not be invented; they are entered per product.
 */

type Form =
  | 'tablet'
  | 'capsule'
  | 'syrup'
  | 'suspension'
  | 'solution'
  | 'injection'
  | 'cream'
  | 'ointment'
  | 'gel'
  | 'lotion'
  | 'drops'
  | 'inhaler'
  | 'nebuliser_solution'
  | 'powder'
  | 'suppository'
  | 'pessary'
  | 'patch'
  | 'implant';
type Route = 'oral' | 'sublingual' | 'topical' | 'inhaled' | 'ophthalmic' | 'vaginal' | 'subcutaneous' | 'intramuscular' | 'intravenous';
type Schedule = 'S0' | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8';

// ATC: the level-5 substance code; for the few groups the WHO gives no substance codes (oral rehydration
// salts A07CA, plain multivitamins A11BA, plain vitamin B complex A11EA) the level-4 group code.

/** [code, generic name, strength, dosage form, route, pack size, dispensing unit, schedule, ATC, drug class, category] */
export type EssentialMedicineRow = readonly [string, string, string, Form, Route, number, string, Schedule, string, string, string];

const AN = 'Analgesics';
const AB = 'Antibiotics';
const ARV = 'Antiretrovirals';
const TB = 'TB medicines';
const CV = 'Cardiovascular';
const DM = 'Diabetes';
const RS = 'Respiratory';
const NEURO = 'Antiepileptics';
const PSY = 'Psychiatric';
const FP = 'Contraceptives';
const VIT = 'Vitamins and minerals';
const AF = 'Antifungals';
const AH = 'Anthelmintics';
const GI = 'Gastro-intestinal';
const EM = 'Emergency';
const SKIN = 'Dermatology';
const EYE = 'Eye preparations';
const ALLERGY = 'Antihistamines';
const OBS = 'Obstetrics';
const ENDO = 'Endocrine';
const MSK = 'Musculoskeletal';
const FLUID = 'Fluids and electrolytes';
const VAC = 'Vaccines';
const INF = 'Anti-infectives, other';

export const ESSENTIAL_MEDICINES_2026: readonly EssentialMedicineRow[] = [
  // --- analgesics and anti-inflammatories ---
  ['PARACETAMOL-500MG-TAB', 'paracetamol', '500 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'N02BE01', 'analgesics', AN],
  ['PARACETAMOL-120MG/5ML-SYR', 'paracetamol', '120 mg/5 ml', 'syrup', 'oral', 100, 'ml', 'S0', 'N02BE01', 'analgesics', AN],
  ['PARACETAMOL-250MG/5ML-SYR', 'paracetamol', '250 mg/5 ml', 'syrup', 'oral', 100, 'ml', 'S0', 'N02BE01', 'analgesics', AN],
  ['IBUPROFEN-200MG-TAB', 'ibuprofen', '200 mg', 'tablet', 'oral', 100, 'tablet', 'S1', 'M01AE01', 'nsaids', AN],
  ['IBUPROFEN-400MG-TAB', 'ibuprofen', '400 mg', 'tablet', 'oral', 100, 'tablet', 'S2', 'M01AE01', 'nsaids', AN],
  ['IBUPROFEN-100MG/5ML-SUSP', 'ibuprofen', '100 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S2', 'M01AE01', 'nsaids', AN],
  ['DICLOFENAC-50MG-TAB', 'diclofenac', '50 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'M01AB05', 'nsaids', AN],
  ['ASPIRIN-300MG-TAB', 'acetylsalicylic acid', '300 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'N02BA01', 'nsaids', AN],
  // Codeine 20 mg or less per dose in combination is schedule 2.
  ['PARACETAMOL/CODEINE-500/8MG-TAB', 'paracetamol/codeine phosphate', '500 mg/8 mg', 'tablet', 'oral', 100, 'tablet', 'S2', 'N02AJ06', 'opioids', AN],
  ['TRAMADOL-50MG-CAP', 'tramadol', '50 mg', 'capsule', 'oral', 100, 'capsule', 'S5', 'N02AX02', 'opioids', AN],
  ['MORPHINE-10MG/ML-INJ', 'morphine sulfate', '10 mg/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S6', 'N02AA01', 'opioids', AN],
  ['MORPHINE-10MG/5ML-SOL', 'morphine sulfate', '10 mg/5 ml', 'solution', 'oral', 100, 'ml', 'S6', 'N02AA01', 'opioids', AN],
  ['PETHIDINE-50MG/ML-INJ', 'pethidine', '50 mg/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S6', 'N02AB02', 'opioids', AN],
  ['INDOMETHACIN-25MG-CAP', 'indometacin', '25 mg', 'capsule', 'oral', 100, 'capsule', 'S3', 'M01AB01', 'nsaids', MSK],
  ['ALLOPURINOL-100MG-TAB', 'allopurinol', '100 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'M04AA01', 'xanthine oxidase inhibitors', MSK],
  ['COLCHICINE-0.5MG-TAB', 'colchicine', '0.5 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'M04AC01', 'antigout', MSK],

  // --- antibiotics ---
  ['AMOXICILLIN-250MG-CAP', 'amoxicillin', '250 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01CA04', 'penicillins', AB],
  ['AMOXICILLIN-500MG-CAP', 'amoxicillin', '500 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01CA04', 'penicillins', AB],
  ['AMOXICILLIN-125MG/5ML-SUSP', 'amoxicillin', '125 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01CA04', 'penicillins', AB],
  ['AMOXICILLIN-250MG/5ML-SUSP', 'amoxicillin', '250 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01CA04', 'penicillins', AB],
  ['AMOXICILLIN/CLAV-875/125MG-TAB', 'amoxicillin/clavulanic acid', '875 mg/125 mg', 'tablet', 'oral', 10, 'tablet', 'S4', 'J01CR02', 'penicillins', AB],
  ['AMOXICILLIN/CLAV-250/62.5MG/5ML-SUSP', 'amoxicillin/clavulanic acid', '250 mg/62.5 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01CR02', 'penicillins', AB],
  ['PHENOXYMETHYLPENICILLIN-250MG-TAB', 'phenoxymethylpenicillin', '250 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J01CE02', 'penicillins', AB],
  ['BENZATHINE-PENICILLIN-1.2MU-INJ', 'benzathine benzylpenicillin', '1.2 MU', 'injection', 'intramuscular', 10, 'vial', 'S4', 'J01CE08', 'penicillins', AB],
  ['FLUCLOXACILLIN-250MG-CAP', 'flucloxacillin', '250 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01CF05', 'penicillins', AB],
  ['FLUCLOXACILLIN-500MG-CAP', 'flucloxacillin', '500 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01CF05', 'penicillins', AB],
  ['FLUCLOXACILLIN-125MG/5ML-SUSP', 'flucloxacillin', '125 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01CF05', 'penicillins', AB],
  ['CEPHALEXIN-250MG-CAP', 'cefalexin', '250 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01DB01', 'cephalosporins', AB],
  ['CEPHALEXIN-125MG/5ML-SUSP', 'cefalexin', '125 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01DB01', 'cephalosporins', AB],
  ['CEFTRIAXONE-250MG-INJ', 'ceftriaxone', '250 mg', 'injection', 'intramuscular', 1, 'vial', 'S4', 'J01DD04', 'cephalosporins', AB],
  ['CEFTRIAXONE-1G-INJ', 'ceftriaxone', '1 g', 'injection', 'intramuscular', 1, 'vial', 'S4', 'J01DD04', 'cephalosporins', AB],
  ['AZITHROMYCIN-500MG-TAB', 'azithromycin', '500 mg', 'tablet', 'oral', 3, 'tablet', 'S4', 'J01FA10', 'macrolides', AB],
  ['AZITHROMYCIN-200MG/5ML-SUSP', 'azithromycin', '200 mg/5 ml', 'suspension', 'oral', 15, 'ml', 'S4', 'J01FA10', 'macrolides', AB],
  ['ERYTHROMYCIN-250MG-TAB', 'erythromycin', '250 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J01FA01', 'macrolides', AB],
  ['CIPROFLOXACIN-500MG-TAB', 'ciprofloxacin', '500 mg', 'tablet', 'oral', 10, 'tablet', 'S4', 'J01MA02', 'fluoroquinolones', AB],
  ['DOXYCYCLINE-100MG-CAP', 'doxycycline', '100 mg', 'capsule', 'oral', 100, 'capsule', 'S4', 'J01AA02', 'tetracyclines', AB],
  ['METRONIDAZOLE-400MG-TAB', 'metronidazole', '400 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'P01AB01', 'nitroimidazoles', AB],
  ['METRONIDAZOLE-200MG/5ML-SUSP', 'metronidazole', '200 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'P01AB01', 'nitroimidazoles', AB],
  ['COTRIMOXAZOLE-480MG-TAB', 'sulfamethoxazole/trimethoprim', '400 mg/80 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J01EE01', 'sulfonamides', AB],
  ['COTRIMOXAZOLE-960MG-TAB', 'sulfamethoxazole/trimethoprim', '800 mg/160 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J01EE01', 'sulfonamides', AB],
  ['COTRIMOXAZOLE-240MG/5ML-SUSP', 'sulfamethoxazole/trimethoprim', '200 mg/40 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J01EE01', 'sulfonamides', AB],
  ['NITROFURANTOIN-100MG-CAP', 'nitrofurantoin', '100 mg', 'capsule', 'oral', 30, 'capsule', 'S4', 'J01XE01', 'nitrofurans', AB],
  ['FOSFOMYCIN-3G-SACHET', 'fosfomycin', '3 g', 'powder', 'oral', 1, 'sachet', 'S4', 'J01XX01', 'phosphonic acid antibiotics', AB],
  ['GENTAMICIN-80MG/2ML-INJ', 'gentamicin', '80 mg/2 ml', 'injection', 'intramuscular', 10, 'ampoule', 'S4', 'J01GB03', 'aminoglycosides', AB],

  // --- antiretrovirals (adult and paediatric) ---
  ['TDF/3TC/DTG-300/300/50MG-TAB', 'tenofovir disoproxil fumarate/lamivudine/dolutegravir', '300 mg/300 mg/50 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR27', 'antiretrovirals', ARV],
  ['TDF/FTC/EFV-300/200/600MG-TAB', 'tenofovir disoproxil fumarate/emtricitabine/efavirenz', '300 mg/200 mg/600 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR06', 'antiretrovirals', ARV],
  ['TDF/FTC-300/200MG-TAB', 'tenofovir disoproxil fumarate/emtricitabine', '300 mg/200 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR03', 'antiretrovirals', ARV],
  ['TDF/3TC-300/300MG-TAB', 'tenofovir disoproxil fumarate/lamivudine', '300 mg/300 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR12', 'antiretrovirals', ARV],
  ['ABC/3TC-600/300MG-TAB', 'abacavir/lamivudine', '600 mg/300 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR02', 'antiretrovirals', ARV],
  ['ABC/3TC-120/60MG-DISP-TAB', 'abacavir/lamivudine', '120 mg/60 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR02', 'antiretrovirals', ARV],
  ['AZT/3TC-300/150MG-TAB', 'zidovudine/lamivudine', '300 mg/150 mg', 'tablet', 'oral', 60, 'tablet', 'S4', 'J05AR01', 'antiretrovirals', ARV],
  ['DOLUTEGRAVIR-50MG-TAB', 'dolutegravir', '50 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AJ03', 'antiretrovirals', ARV],
  ['DOLUTEGRAVIR-10MG-DISP-TAB', 'dolutegravir', '10 mg', 'tablet', 'oral', 90, 'tablet', 'S4', 'J05AJ03', 'antiretrovirals', ARV],
  ['TENOFOVIR-300MG-TAB', 'tenofovir disoproxil fumarate', '300 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AF07', 'antiretrovirals', ARV],
  ['LAMIVUDINE-150MG-TAB', 'lamivudine', '150 mg', 'tablet', 'oral', 60, 'tablet', 'S4', 'J05AF05', 'antiretrovirals', ARV],
  ['LAMIVUDINE-50MG/5ML-SOL', 'lamivudine', '50 mg/5 ml', 'solution', 'oral', 240, 'ml', 'S4', 'J05AF05', 'antiretrovirals', ARV],
  ['EFAVIRENZ-600MG-TAB', 'efavirenz', '600 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AG03', 'antiretrovirals', ARV],
  ['LOPINAVIR/RITONAVIR-200/50MG-TAB', 'lopinavir/ritonavir', '200 mg/50 mg', 'tablet', 'oral', 120, 'tablet', 'S4', 'J05AR10', 'antiretrovirals', ARV],
  ['LOPINAVIR/RITONAVIR-100/25MG-TAB', 'lopinavir/ritonavir', '100 mg/25 mg', 'tablet', 'oral', 60, 'tablet', 'S4', 'J05AR10', 'antiretrovirals', ARV],
  ['ATAZANAVIR/RITONAVIR-300/100MG-TAB', 'atazanavir/ritonavir', '300 mg/100 mg', 'tablet', 'oral', 30, 'tablet', 'S4', 'J05AR23', 'antiretrovirals', ARV],
  ['NEVIRAPINE-50MG/5ML-SUSP', 'nevirapine', '50 mg/5 ml', 'suspension', 'oral', 100, 'ml', 'S4', 'J05AG01', 'antiretrovirals', ARV],
  ['ZIDOVUDINE-50MG/5ML-SOL', 'zidovudine', '50 mg/5 ml', 'solution', 'oral', 200, 'ml', 'S4', 'J05AF01', 'antiretrovirals', ARV],
  ['ACICLOVIR-400MG-TAB', 'aciclovir', '400 mg', 'tablet', 'oral', 56, 'tablet', 'S4', 'J05AB01', 'antivirals', INF],

  // --- tuberculosis ---
  ['RHZE-150/75/400/275MG-TAB', 'rifampicin/isoniazid/pyrazinamide/ethambutol', '150 mg/75 mg/400 mg/275 mg', 'tablet', 'oral', 672, 'tablet', 'S4', 'J04AM06', 'antituberculosis', TB],
  ['RH-150/75MG-TAB', 'rifampicin/isoniazid', '150 mg/75 mg', 'tablet', 'oral', 672, 'tablet', 'S4', 'J04AM02', 'antituberculosis', TB],
  ['RHZ-75/50/150MG-DISP-TAB', 'rifampicin/isoniazid/pyrazinamide', '75 mg/50 mg/150 mg', 'tablet', 'oral', 84, 'tablet', 'S4', 'J04AM05', 'antituberculosis', TB],
  ['RH-75/50MG-DISP-TAB', 'rifampicin/isoniazid', '75 mg/50 mg', 'tablet', 'oral', 84, 'tablet', 'S4', 'J04AM02', 'antituberculosis', TB],
  ['ISONIAZID-300MG-TAB', 'isoniazid', '300 mg', 'tablet', 'oral', 28, 'tablet', 'S4', 'J04AC01', 'antituberculosis', TB],
  ['ISONIAZID-100MG-TAB', 'isoniazid', '100 mg', 'tablet', 'oral', 28, 'tablet', 'S4', 'J04AC01', 'antituberculosis', TB],
  ['ETHAMBUTOL-400MG-TAB', 'ethambutol', '400 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J04AK02', 'antituberculosis', TB],
  ['PYRAZINAMIDE-500MG-TAB', 'pyrazinamide', '500 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'J04AK01', 'antituberculosis', TB],
  ['ARTEMETHER/LUMEFANTRINE-20/120MG-TAB', 'artemether/lumefantrine', '20 mg/120 mg', 'tablet', 'oral', 24, 'tablet', 'S4', 'P01BF01', 'antimalarials', INF],

  // --- cardiovascular ---
  ['AMLODIPINE-5MG-TAB', 'amlodipine', '5 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C08CA01', 'calcium channel blockers', CV],
  ['AMLODIPINE-10MG-TAB', 'amlodipine', '10 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C08CA01', 'calcium channel blockers', CV],
  ['ENALAPRIL-5MG-TAB', 'enalapril', '5 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C09AA02', 'ace inhibitors', CV],
  ['ENALAPRIL-10MG-TAB', 'enalapril', '10 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C09AA02', 'ace inhibitors', CV],
  ['ENALAPRIL-20MG-TAB', 'enalapril', '20 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C09AA02', 'ace inhibitors', CV],
  ['PERINDOPRIL-4MG-TAB', 'perindopril', '4 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C09AA04', 'ace inhibitors', CV],
  ['LOSARTAN-50MG-TAB', 'losartan', '50 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C09CA01', 'angiotensin receptor blockers', CV],
  ['HYDROCHLOROTHIAZIDE-12.5MG-TAB', 'hydrochlorothiazide', '12.5 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C03AA03', 'thiazide diuretics', CV],
  ['HYDROCHLOROTHIAZIDE-25MG-TAB', 'hydrochlorothiazide', '25 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C03AA03', 'thiazide diuretics', CV],
  ['FUROSEMIDE-40MG-TAB', 'furosemide', '40 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C03CA01', 'loop diuretics', CV],
  ['FUROSEMIDE-20MG/2ML-INJ', 'furosemide', '20 mg/2 ml', 'injection', 'intravenous', 10, 'ampoule', 'S3', 'C03CA01', 'loop diuretics', CV],
  ['SPIRONOLACTONE-25MG-TAB', 'spironolactone', '25 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C03DA01', 'potassium-sparing diuretics', CV],
  ['ATENOLOL-50MG-TAB', 'atenolol', '50 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C07AB03', 'beta blockers', CV],
  ['CARVEDILOL-12.5MG-TAB', 'carvedilol', '12.5 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C07AG02', 'beta blockers', CV],
  ['METHYLDOPA-250MG-TAB', 'methyldopa', '250 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'C02AB01', 'centrally acting antihypertensives', CV],
  ['NIFEDIPINE-10MG-CAP', 'nifedipine', '10 mg', 'capsule', 'oral', 30, 'capsule', 'S3', 'C08CA05', 'calcium channel blockers', CV],
  ['SIMVASTATIN-10MG-TAB', 'simvastatin', '10 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C10AA01', 'statins', CV],
  ['SIMVASTATIN-20MG-TAB', 'simvastatin', '20 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C10AA01', 'statins', CV],
  ['ATORVASTATIN-20MG-TAB', 'atorvastatin', '20 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'C10AA05', 'statins', CV],
  ['ASPIRIN-100MG-TAB', 'acetylsalicylic acid', '100 mg', 'tablet', 'oral', 30, 'tablet', 'S0', 'B01AC06', 'nsaids', CV],
  ['ISOSORBIDE-DINITRATE-5MG-SL-TAB', 'isosorbide dinitrate', '5 mg', 'tablet', 'sublingual', 30, 'tablet', 'S3', 'C01DA08', 'nitrates', CV],
  ['WARFARIN-5MG-TAB', 'warfarin', '5 mg', 'tablet', 'oral', 28, 'tablet', 'S4', 'B01AA03', 'vitamin k antagonists', CV],

  // --- diabetes and endocrine ---
  ['METFORMIN-500MG-TAB', 'metformin', '500 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'A10BA02', 'biguanides', DM],
  ['METFORMIN-850MG-TAB', 'metformin', '850 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'A10BA02', 'biguanides', DM],
  ['GLICLAZIDE-80MG-TAB', 'gliclazide', '80 mg', 'tablet', 'oral', 60, 'tablet', 'S3', 'A10BB09', 'sulfonylureas', DM],
  ['GLIMEPIRIDE-2MG-TAB', 'glimepiride', '2 mg', 'tablet', 'oral', 30, 'tablet', 'S3', 'A10BB12', 'sulfonylureas', DM],
  ['INSULIN-BIPHASIC-30/70-100IU/ML-INJ', 'insulin human biphasic isophane 30/70', '100 IU/ml', 'injection', 'subcutaneous', 10, 'ml', 'S3', 'A10AD01', 'insulins', DM],
  ['INSULIN-ISOPHANE-100IU/ML-INJ', 'insulin human isophane', '100 IU/ml', 'injection', 'subcutaneous', 10, 'ml', 'S3', 'A10AC01', 'insulins', DM],
  ['INSULIN-SOLUBLE-100IU/ML-INJ', 'insulin human soluble', '100 IU/ml', 'injection', 'subcutaneous', 10, 'ml', 'S3', 'A10AB01', 'insulins', DM],
  ['LEVOTHYROXINE-50MCG-TAB', 'levothyroxine', '50 mcg', 'tablet', 'oral', 28, 'tablet', 'S3', 'H03AA01', 'thyroid hormones', ENDO],
  ['LEVOTHYROXINE-100MCG-TAB', 'levothyroxine', '100 mcg', 'tablet', 'oral', 28, 'tablet', 'S3', 'H03AA01', 'thyroid hormones', ENDO],
  ['CARBIMAZOLE-5MG-TAB', 'carbimazole', '5 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'H03BB01', 'antithyroid', ENDO],
  ['PREDNISONE-5MG-TAB', 'prednisone', '5 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'H02AB07', 'corticosteroids', ENDO],
  ['PREDNISOLONE-15MG/5ML-SOL', 'prednisolone', '15 mg/5 ml', 'solution', 'oral', 100, 'ml', 'S4', 'H02AB06', 'corticosteroids', ENDO],

  // --- asthma and COPD ---
  ['SALBUTAMOL-100MCG-INH', 'salbutamol', '100 mcg/dose, 200 doses', 'inhaler', 'inhaled', 1, 'inhaler', 'S2', 'R03AC02', 'beta2 agonists', RS],
  ['SALBUTAMOL-5MG/ML-NEB', 'salbutamol', '5 mg/ml', 'nebuliser_solution', 'inhaled', 20, 'ml', 'S2', 'R03AC02', 'beta2 agonists', RS],
  ['BUDESONIDE-200MCG-INH', 'budesonide', '200 mcg/dose, 200 doses', 'inhaler', 'inhaled', 1, 'inhaler', 'S3', 'R03BA02', 'inhaled corticosteroids', RS],
  ['BECLOMETHASONE-100MCG-INH', 'beclometasone', '100 mcg/dose, 200 doses', 'inhaler', 'inhaled', 1, 'inhaler', 'S3', 'R03BA01', 'inhaled corticosteroids', RS],
  ['BUDESONIDE/FORMOTEROL-160/4.5MCG-INH', 'budesonide/formoterol', '160 mcg/4.5 mcg/dose, 120 doses', 'inhaler', 'inhaled', 1, 'inhaler', 'S3', 'R03AK07', 'inhaled corticosteroids', RS],
  ['IPRATROPIUM-20MCG-INH', 'ipratropium bromide', '20 mcg/dose, 200 doses', 'inhaler', 'inhaled', 1, 'inhaler', 'S3', 'R03BB01', 'anticholinergic bronchodilators', RS],
  ['IPRATROPIUM-0.5MG/2ML-NEB', 'ipratropium bromide', '0.5 mg/2 ml', 'nebuliser_solution', 'inhaled', 20, 'ampoule', 'S3', 'R03BB01', 'anticholinergic bronchodilators', RS],

  // --- epilepsy ---
  ['CARBAMAZEPINE-200MG-TAB', 'carbamazepine', '200 mg', 'tablet', 'oral', 56, 'tablet', 'S3', 'N03AF01', 'antiepileptics', NEURO],
  ['VALPROATE-200MG-TAB', 'sodium valproate', '200 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'N03AG01', 'antiepileptics', NEURO],
  ['VALPROATE-200MG/5ML-SYR', 'sodium valproate', '200 mg/5 ml', 'syrup', 'oral', 300, 'ml', 'S3', 'N03AG01', 'antiepileptics', NEURO],
  ['PHENYTOIN-100MG-CAP', 'phenytoin', '100 mg', 'capsule', 'oral', 100, 'capsule', 'S3', 'N03AB02', 'antiepileptics', NEURO],
  ['LAMOTRIGINE-25MG-TAB', 'lamotrigine', '25 mg', 'tablet', 'oral', 56, 'tablet', 'S3', 'N03AX09', 'antiepileptics', NEURO],
  ['PHENOBARBITAL-30MG-TAB', 'phenobarbital', '30 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N03AA02', 'barbiturates', NEURO],

  // --- mental health ---
  ['DIAZEPAM-5MG-TAB', 'diazepam', '5 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N05BA01', 'benzodiazepines', PSY],
  ['DIAZEPAM-10MG/2ML-INJ', 'diazepam', '10 mg/2 ml', 'injection', 'intravenous', 10, 'ampoule', 'S5', 'N05BA01', 'benzodiazepines', EM],
  ['MIDAZOLAM-5MG/ML-INJ', 'midazolam', '5 mg/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S5', 'N05CD08', 'benzodiazepines', EM],
  ['FLUOXETINE-20MG-CAP', 'fluoxetine', '20 mg', 'capsule', 'oral', 30, 'capsule', 'S5', 'N06AB03', 'ssris', PSY],
  ['CITALOPRAM-20MG-TAB', 'citalopram', '20 mg', 'tablet', 'oral', 30, 'tablet', 'S5', 'N06AB04', 'ssris', PSY],
  ['AMITRIPTYLINE-25MG-TAB', 'amitriptyline', '25 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N06AA09', 'tricyclic antidepressants', PSY],
  ['HALOPERIDOL-1.5MG-TAB', 'haloperidol', '1.5 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N05AD01', 'antipsychotics', PSY],
  ['HALOPERIDOL-5MG/ML-INJ', 'haloperidol', '5 mg/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S5', 'N05AD01', 'antipsychotics', PSY],
  ['RISPERIDONE-1MG-TAB', 'risperidone', '1 mg', 'tablet', 'oral', 60, 'tablet', 'S5', 'N05AX08', 'antipsychotics', PSY],
  ['CHLORPROMAZINE-100MG-TAB', 'chlorpromazine', '100 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N05AA01', 'antipsychotics', PSY],
  ['FLUPHENAZINE-DECANOATE-25MG/ML-INJ', 'fluphenazine decanoate', '25 mg/ml', 'injection', 'intramuscular', 1, 'ampoule', 'S5', 'N05AB02', 'antipsychotics', PSY],
  ['LITHIUM-CARBONATE-250MG-TAB', 'lithium carbonate', '250 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N05AN01', 'mood stabilisers', PSY],
  ['BIPERIDEN-2MG-TAB', 'biperiden', '2 mg', 'tablet', 'oral', 100, 'tablet', 'S5', 'N04AA02', 'anticholinergic antiparkinson', PSY],

  // --- contraception and obstetrics ---
  ['LEVONORGESTREL/EE-0.15/0.03MG-TAB', 'levonorgestrel/ethinylestradiol', '0.15 mg/0.03 mg', 'tablet', 'oral', 28, 'tablet', 'S3', 'G03AA07', 'combined hormonal contraceptives', FP],
  ['LEVONORGESTREL-1.5MG-TAB', 'levonorgestrel', '1.5 mg', 'tablet', 'oral', 1, 'tablet', 'S2', 'G03AD01', 'emergency contraceptives', FP],
  ['MEDROXYPROGESTERONE-150MG/ML-INJ', 'medroxyprogesterone acetate', '150 mg/ml', 'injection', 'intramuscular', 1, 'vial', 'S3', 'G03AC06', 'progestogens', FP],
  ['NORETHISTERONE-ENANTHATE-200MG/ML-INJ', 'norethisterone enantate', '200 mg/ml', 'injection', 'intramuscular', 1, 'ampoule', 'S3', 'G03AC01', 'progestogens', FP],
  ['ETONOGESTREL-68MG-IMPLANT', 'etonogestrel', '68 mg', 'implant', 'subcutaneous', 1, 'implant', 'S3', 'G03AC08', 'progestogens', FP],
  ['OXYTOCIN-10IU/ML-INJ', 'oxytocin', '10 IU/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S4', 'H01BB02', 'oxytocics', OBS],
  ['MAGNESIUM-SULFATE-50PCT-INJ', 'magnesium sulfate', '50% (1 g/2 ml)', 'injection', 'intravenous', 10, 'ampoule', 'S4', 'B05XA05', 'electrolytes', OBS],

  // --- vitamins and minerals ---
  ['FERROUS-SULFATE-170MG-TAB', 'ferrous sulfate', '170 mg (55 mg iron)', 'tablet', 'oral', 100, 'tablet', 'S0', 'B03AA07', 'iron preparations', VIT],
  ['FERROUS-GLUCONATE-250MG/5ML-SYR', 'ferrous gluconate', '250 mg/5 ml', 'syrup', 'oral', 100, 'ml', 'S0', 'B03AA03', 'iron preparations', VIT],
  ['FOLIC-ACID-5MG-TAB', 'folic acid', '5 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'B03BB01', 'vitamins', VIT],
  ['MULTIVITAMIN-TAB', 'multivitamins', 'standard', 'tablet', 'oral', 100, 'tablet', 'S0', 'A11BA', 'vitamins', VIT],
  ['MULTIVITAMIN-SYR', 'multivitamins', 'standard', 'syrup', 'oral', 100, 'ml', 'S0', 'A11BA', 'vitamins', VIT],
  ['VITAMIN-B-COMPLEX-TAB', 'vitamin b complex', 'standard', 'tablet', 'oral', 100, 'tablet', 'S0', 'A11EA', 'vitamins', VIT],
  ['PYRIDOXINE-25MG-TAB', 'pyridoxine', '25 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'A11HA02', 'vitamins', VIT],
  ['THIAMINE-100MG-TAB', 'thiamine', '100 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'A11DA01', 'vitamins', VIT],
  ['CALCIUM-CARBONATE-500MG-TAB', 'calcium carbonate', '500 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'A12AA04', 'minerals', VIT],
  ['ZINC-SULFATE-20MG-DISP-TAB', 'zinc sulfate', '20 mg', 'tablet', 'oral', 10, 'tablet', 'S0', 'A12CB01', 'minerals', VIT],
  ['PHYTOMENADIONE-1MG/0.5ML-INJ', 'phytomenadione', '1 mg/0.5 ml', 'injection', 'intramuscular', 5, 'ampoule', 'S4', 'B02BA01', 'vitamins', VIT],

  // --- antifungals ---
  ['FLUCONAZOLE-150MG-CAP', 'fluconazole', '150 mg', 'capsule', 'oral', 1, 'capsule', 'S2', 'J02AC01', 'azole antifungals', AF],
  ['FLUCONAZOLE-200MG-CAP', 'fluconazole', '200 mg', 'capsule', 'oral', 28, 'capsule', 'S4', 'J02AC01', 'azole antifungals', AF],
  ['NYSTATIN-100000IU/ML-SUSP', 'nystatin', '100 000 IU/ml', 'suspension', 'oral', 24, 'ml', 'S2', 'A07AA02', 'polyene antifungals', AF],
  ['MICONAZOLE-2PCT-ORAL-GEL', 'miconazole', '2%', 'gel', 'oral', 1, 'tube', 'S2', 'A01AB09', 'azole antifungals', AF],
  ['CLOTRIMAZOLE-1PCT-CRM', 'clotrimazole', '1%', 'cream', 'topical', 1, 'tube', 'S1', 'D01AC01', 'azole antifungals', AF],
  ['CLOTRIMAZOLE-500MG-PESS', 'clotrimazole', '500 mg', 'pessary', 'vaginal', 1, 'pessary', 'S2', 'G01AF02', 'azole antifungals', AF],
  ['GRISEOFULVIN-500MG-TAB', 'griseofulvin', '500 mg', 'tablet', 'oral', 100, 'tablet', 'S4', 'D01BA01', 'antifungals', AF],

  // --- anthelmintics and scabicides ---
  ['MEBENDAZOLE-100MG-TAB', 'mebendazole', '100 mg', 'tablet', 'oral', 6, 'tablet', 'S1', 'P02CA01', 'benzimidazole anthelmintics', AH],
  ['MEBENDAZOLE-500MG-TAB', 'mebendazole', '500 mg', 'tablet', 'oral', 1, 'tablet', 'S1', 'P02CA01', 'benzimidazole anthelmintics', AH],
  ['ALBENDAZOLE-400MG-TAB', 'albendazole', '400 mg', 'tablet', 'oral', 1, 'tablet', 'S2', 'P02CA03', 'benzimidazole anthelmintics', AH],
  ['PRAZIQUANTEL-600MG-TAB', 'praziquantel', '600 mg', 'tablet', 'oral', 4, 'tablet', 'S4', 'P02BA01', 'anthelmintics', AH],
  ['BENZYL-BENZOATE-25PCT-LOT', 'benzyl benzoate', '25%', 'lotion', 'topical', 100, 'ml', 'S1', 'P03AX01', 'scabicides', SKIN],
  ['PERMETHRIN-5PCT-CRM', 'permethrin', '5%', 'cream', 'topical', 1, 'tube', 'S1', 'P03AC04', 'scabicides', SKIN],

  // --- gastro-intestinal ---
  ['ORAL-REHYDRATION-SALTS-SACHET', 'oral rehydration salts', 'low osmolarity, 1 litre', 'powder', 'oral', 1, 'sachet', 'S0', 'A07CA', 'oral rehydration', GI],
  ['METOCLOPRAMIDE-10MG-TAB', 'metoclopramide', '10 mg', 'tablet', 'oral', 100, 'tablet', 'S3', 'A03FA01', 'antiemetics', GI],
  ['METOCLOPRAMIDE-10MG/2ML-INJ', 'metoclopramide', '10 mg/2 ml', 'injection', 'intramuscular', 10, 'ampoule', 'S3', 'A03FA01', 'antiemetics', GI],
  ['HYOSCINE-BUTYLBROMIDE-10MG-TAB', 'hyoscine butylbromide', '10 mg', 'tablet', 'oral', 100, 'tablet', 'S2', 'A03BB01', 'antispasmodics', GI],
  ['OMEPRAZOLE-20MG-CAP', 'omeprazole', '20 mg', 'capsule', 'oral', 28, 'capsule', 'S3', 'A02BC01', 'proton pump inhibitors', GI],
  ['ANTACID-MAGNESIUM-TRISILICATE-TAB', 'magnesium trisilicate/aluminium hydroxide', '250 mg/120 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'A02AD01', 'antacids', GI],
  ['LACTULOSE-3.3G/5ML-SOL', 'lactulose', '3.3 g/5 ml', 'solution', 'oral', 200, 'ml', 'S0', 'A06AD11', 'osmotic laxatives', GI],
  ['BISACODYL-5MG-TAB', 'bisacodyl', '5 mg', 'tablet', 'oral', 100, 'tablet', 'S0', 'A06AB02', 'stimulant laxatives', GI],
  ['LOPERAMIDE-2MG-CAP', 'loperamide', '2 mg', 'capsule', 'oral', 100, 'capsule', 'S2', 'A07DA03', 'antidiarrhoeals', GI],
  ['ACTIVATED-CHARCOAL-50G-PWD', 'activated charcoal', '50 g', 'powder', 'oral', 1, 'container', 'S0', 'A07BA01', 'adsorbents', EM],

  // --- allergy ---
  ['CHLORPHENAMINE-4MG-TAB', 'chlorphenamine', '4 mg', 'tablet', 'oral', 100, 'tablet', 'S2', 'R06AB04', 'antihistamines', ALLERGY],
  ['CHLORPHENAMINE-2MG/5ML-SYR', 'chlorphenamine', '2 mg/5 ml', 'syrup', 'oral', 100, 'ml', 'S2', 'R06AB04', 'antihistamines', ALLERGY],
  ['CETIRIZINE-10MG-TAB', 'cetirizine', '10 mg', 'tablet', 'oral', 30, 'tablet', 'S2', 'R06AE07', 'antihistamines', ALLERGY],
  ['LORATADINE-10MG-TAB', 'loratadine', '10 mg', 'tablet', 'oral', 30, 'tablet', 'S1', 'R06AX13', 'antihistamines', ALLERGY],

  // --- emergency trolley ---
  ['ADRENALINE-1MG/ML-INJ', 'adrenaline', '1 mg/ml', 'injection', 'intramuscular', 10, 'ampoule', 'S4', 'C01CA24', 'sympathomimetics', EM],
  ['HYDROCORTISONE-100MG-INJ', 'hydrocortisone sodium succinate', '100 mg', 'injection', 'intravenous', 1, 'vial', 'S4', 'H02AB09', 'corticosteroids', EM],
  ['DEXAMETHASONE-4MG/ML-INJ', 'dexamethasone', '4 mg/ml', 'injection', 'intravenous', 10, 'ampoule', 'S4', 'H02AB02', 'corticosteroids', EM],
  ['GLUCOSE-50PCT-INJ', 'glucose', '50%', 'injection', 'intravenous', 1, 'vial', 'S0', 'B05BA03', 'carbohydrates', EM],
  ['NALOXONE-0.4MG/ML-INJ', 'naloxone', '0.4 mg/ml', 'injection', 'intravenous', 10, 'ampoule', 'S4', 'V03AB15', 'opioid antagonists', EM],
  ['ATROPINE-0.5MG/ML-INJ', 'atropine', '0.5 mg/ml', 'injection', 'intravenous', 10, 'ampoule', 'S4', 'A03BA01', 'anticholinergics', EM],
  ['LIDOCAINE-2PCT-INJ', 'lidocaine', '2% (20 mg/ml)', 'injection', 'subcutaneous', 1, 'vial', 'S4', 'N01BB02', 'amide local anaesthetics', EM],
  ['GLYCERYL-TRINITRATE-0.5MG-SL-TAB', 'glyceryl trinitrate', '0.5 mg', 'tablet', 'sublingual', 30, 'tablet', 'S2', 'C01DA02', 'nitrates', EM],
  ['SODIUM-CHLORIDE-0.9PCT-1L-INF', 'sodium chloride', '0.9%, 1 litre', 'solution', 'intravenous', 1, 'bag', 'S0', 'B05BB01', 'electrolytes', FLUID],
  ['RINGER-LACTATE-1L-INF', 'compound sodium lactate', '1 litre', 'solution', 'intravenous', 1, 'bag', 'S0', 'B05BB01', 'electrolytes', FLUID],

  // --- skin and eyes ---
  ['HYDROCORTISONE-1PCT-CRM', 'hydrocortisone', '1%', 'cream', 'topical', 1, 'tube', 'S1', 'D07AA02', 'topical corticosteroids', SKIN],
  ['BETAMETHASONE-0.1PCT-CRM', 'betamethasone valerate', '0.1%', 'cream', 'topical', 1, 'tube', 'S4', 'D07AC01', 'topical corticosteroids', SKIN],
  ['SILVER-SULFADIAZINE-1PCT-CRM', 'silver sulfadiazine', '1%', 'cream', 'topical', 1, 'tube', 'S4', 'D06BA01', 'sulfonamides', SKIN],
  ['MUPIROCIN-2PCT-OINT', 'mupirocin', '2%', 'ointment', 'topical', 1, 'tube', 'S2', 'D06AX09', 'topical antibiotics', SKIN],
  ['POVIDONE-IODINE-10PCT-SOL', 'povidone-iodine', '10%', 'solution', 'topical', 100, 'ml', 'S0', 'D08AG02', 'antiseptics', SKIN],
  ['CHLORAMPHENICOL-1PCT-EYE-OINT', 'chloramphenicol', '1%', 'ointment', 'ophthalmic', 1, 'tube', 'S4', 'S01AA01', 'amphenicols', EYE],
  ['TETRACYCLINE-1PCT-EYE-OINT', 'tetracycline', '1%', 'ointment', 'ophthalmic', 1, 'tube', 'S4', 'S01AA09', 'tetracyclines', EYE],

  // --- vaccines ---
  ['TD-VACCINE-0.5ML-INJ', 'tetanus and diphtheria toxoids (Td)', '0.5 ml dose', 'injection', 'intramuscular', 10, 'vial', 'S4', 'J07AM51', 'vaccines', VAC],
];
