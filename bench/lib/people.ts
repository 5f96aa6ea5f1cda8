/**
 * Deterministic, realistic-looking South African people for the patient generator: names with a
 * Zipf-like frequency (so some prefixes are common, as in a real register), accented names (José,
 * Zoë, Müller, Gonçalves) so accent-insensitive search is exercised, E.164 phone numbers, towns,
 * medical-aid schemes. Pure functions of a PRNG; no I/O.
 */

/** mulberry32: small, fast, good enough for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: spreads (salt, index) into an independent seed per entity. */
export function mix32(index: number, salt: number): number {
  let h = (Math.imul(index >>> 0, 0x9e3779b1) ^ Math.imul(salt >>> 0, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A PRNG for entity `index` of kind `salt`: the same numbers on every run and on a resumed run. */
export function rngFor(salt: number, index: number): () => number {
  return mulberry32(mix32(index, salt));
}

/** Picks from a fixed list with precomputed cumulative weights (binary search). */
export class WeightedPicker<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedPicker needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** r in [0, 1). */
  pick(r: number): T {
    return this.items[this.index(r)];
  }

  index(r: number): number {
    const x = r * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Share of the item at `index` (for reporting expected frequencies). */
  share(index: number): number {
    return (this.cumulative[index] - (index === 0 ? 0 : this.cumulative[index - 1])) / this.total;
  }
}

/** Zipf-Mandelbrot weights 1/(rank+q)^s: a few very common names, a long tail. */
export function zipfPicker<T>(items: readonly T[], s = 1, q = 4): WeightedPicker<T> {
  return new WeightedPicker(
    items,
    items.map((_, i) => 1 / (i + 1 + q) ** s),
  );
}

// ---------------------------------------------------------------------------------------------
// Names, most common first (the order is the Zipf rank). A mix of Nguni, Sotho-Tswana, Venda,
// Tsonga, Afrikaans, English, Indian, Cape Malay, Portuguese and German names, with the accented
// spellings South African registers actually hold.

export const LAST_NAMES: readonly string[] = [
  'Dlamini', 'Nkosi', 'Ndlovu', 'Khumalo', 'Sithole', 'Mahlangu', 'Mokoena', 'Mkhize', 'Naidoo', 'Botha',
  'Zulu', 'Ngcobo', 'Mthembu', 'Molefe', 'Mabaso', 'Buthelezi', 'Radebe', 'Shabalala', 'Nel', 'Pillay',
  'Govender', 'Cele', 'Tshabalala', 'Mazibuko', 'Van der Merwe', 'Baloyi', 'Mathebula', 'Ntuli', 'Gumede', 'Hadebe',
  'Maseko', 'Zungu', 'Mnguni', 'Ngubane', 'Xaba', 'Mhlongo', 'Majola', 'Msimang', 'Chauke', 'Maluleke',
  'Müller', 'Ngobeni', 'Shabangu', 'Masilela', 'Pretorius', 'Venter', 'Moodley', 'Reddy', 'Smith', 'Jacobs',
  'Hendricks', 'Williams', 'Adams', 'Petersen', 'Fortuin', 'Abrahams', 'Isaacs', 'Daniels', 'Davids', 'Mohamed',
  'Moosa', 'Patel', 'Essop', 'Ebrahim', 'Mofokeng', 'Motaung', 'Mothibi', 'Modise', 'Moloi', 'Mokwena',
  'Motloung', 'Sibiya', 'Zwane', 'Mabena', 'Skosana', 'Masango', 'Msiza', 'Kubheka', 'Ngwenya', 'Mthethwa',
  'Fernandes', 'Gonçalves', 'Dube', 'Moyo', 'Ncube', 'Sibanda', 'Nyathi', 'Mpofu', 'Tshuma', 'Nxumalo',
  'Shezi', 'Magubane', 'Bhengu', 'Mdlalose', 'Mkhabela', 'Nhlapo', 'Mlambo', 'Zikhali', 'Khoza', 'Mnisi',
  'Makhubela', 'Mashaba', 'Mashego', 'Mathe', 'Phiri', 'Banda', 'Ndaba', 'Mkhwanazi', 'Biyela', 'Zondi',
  'Hlongwane', 'Ngema', 'Nzimande', 'Ximba', 'Mbatha', 'Mngomezulu', 'Kunene', 'Mavuso', 'Simelane', 'Nhleko',
  'Gama', 'Mabuza', 'Mahlaba', 'Qwabe', 'Dyantyi', 'Jonas', 'Booi', 'Ntshona', 'Mtshali', 'Nkwinti',
  'Mgijima', 'Mqhayi', 'Tshangana', 'Ngcukana', 'Sotyu', 'Mabandla', 'Gqola', 'Mgxaji', 'Moeketsi', 'Mokhele',
  'Letsie', 'Phalane', 'Masemola', 'Kekana', 'Maponya', 'Mogale', 'Ramokgopa', 'Ledwaba', 'Lebese', 'Mabitsela',
  'Seabi', 'Sebola', 'Makgoba', 'Mphahlele', 'Mashiane', 'Tau', 'Mosia', 'Setlhako', 'Moagi', 'Segone',
  'Kgosana', 'Mudau', 'Nemukula', 'Ramabulana', 'Tshivhase', 'Mukhuba', 'Netshiongolwe', 'Rikhotso', 'Hlungwani', 'Mabunda',
  'Shirinda', 'Khosa', 'Manganyi', 'Du Plessis', 'Le Roux', 'Fourie', 'Steyn', 'Coetzee', 'Swanepoel', 'Kruger',
  'Visser', 'Meyer', 'Joubert', 'Jansen van Rensburg', 'Van Wyk', 'Marais', 'Smit', 'Olivier', 'Badenhorst', 'Louw',
  'Erasmus', 'Potgieter', 'Van Zyl', 'Oosthuizen', 'De Villiers', 'Engelbrecht', 'Nortjé', 'Strydom', 'Bezuidenhout', 'Lombard',
  'Vermeulen', 'Els', 'Human', 'Bester', 'Muller', 'Schoeman', 'Grobler', 'Cilliers', 'Viljoen', 'De Beer',
  'Claassen', 'Brown', 'Jones', 'Taylor', 'Johnson', 'Wilson', 'Thompson', 'Martin', 'White', 'Clarke',
  'Walker', 'Robinson', 'Scott', 'Harris', 'Chetty', 'Singh', 'Maharaj', 'Naicker', 'Padayachee', 'Ramsamy',
  'Munsamy', 'Perumal', 'Moonsamy', 'Subramoney', 'Kisten', 'Sewpersad', 'Ramlall', 'Pereira', 'Da Silva', 'Dos Santos',
  'Ferreira', 'Rodrigues', 'Conceição', 'Simões', 'Magalhães', 'Araújo', 'Gomes', 'Teixeira', 'Sousa', 'Schäfer',
  'Köhler', 'Schröder', 'Böhm', 'Mbeje', 'Mkhonza', 'Mchunu', 'Shange', 'Mtolo', 'Luthuli', 'Myeni',
  'Mathonsi', 'Sikhosana', 'Msibi', 'Mabizela', 'Ngcamu', 'Sokhela', 'Ndwandwe', 'Madonsela', 'Mokoape', 'Seleka',
  'Rakgoale', 'Mokgatle', 'Ramaite', 'Tlhako', 'Mathabatha', 'Lekganyane', 'Maake', 'Nkuna', 'Mashele', 'Valoyi',
  'Mhlanga', 'Zitha', 'Khanye', 'Mokone', 'Mosiane', 'Thobejane', 'Morudu', 'Matlala', 'Kgatle', 'Nemavhola',
  'Makwela', 'Maphanga', 'Tshabangu', 'Sehoole', 'Mokhothu', 'Pienaar', 'Roussouw', 'Wessels', 'Ndimande', 'Mjoli',
];

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Nomsa', 'Thandi', 'Lerato', 'Precious', 'Palesa', 'Zanele', 'Nokuthula', 'Lindiwe', 'Busisiwe', 'Naledi',
  'Sibongile', 'Dineo', 'Refilwe', 'Nompumelelo', 'Thandeka', 'Zodwa', 'Mpho', 'Karabo', 'Boitumelo', 'Lebogang',
  'Nthabiseng', 'Ayanda', 'Nosipho', 'Maria', 'Anna', 'Zoë', 'Buhle', 'Amahle', 'Mbali', 'Nandi',
  'Zinhle', 'Nolwazi', 'Thembeka', 'Gugu', 'Hlengiwe', 'Phindile', 'Nonhlanhla', 'Londiwe', 'Xoliswa', 'Yolanda',
  'Anele', 'Asanda', 'Sinazo', 'Unathi', 'Noxolo', 'Nomvula', 'Ntombi', 'Lindokuhle', 'Keabetswe', 'Masego',
  'Tumelo', 'Katlego', 'Rethabile', 'Mamello', 'Puleng', 'Lineo', 'Mahlatse', 'Tebogo', 'Kgomotso', 'Tshegofatso',
  'Elizabeth', 'Johanna', 'Susan', 'Sarah', 'Michelle', 'Nicole', 'Chantelle', 'Charlene', 'Elmarie', 'Marietjie',
  'Annelize', 'Riana', 'Liezl', 'Ilse', 'Karin', 'Désirée', 'Renée', 'Chloé', 'Hélène', 'Inês',
  'Ayesha', 'Fatima', 'Zainab', 'Priya', 'Kavitha', 'Nadia', 'Shabnam', 'Aaliyah', 'Thasneem', 'Yasmin',
  'Lúcia', 'Beatriz', 'Graça', 'Andiswa', 'Khanyisile', 'Siphesihle', 'Mmathapelo', 'Onalenna', 'Ntsiki', 'Zoleka',
  'Vuyokazi', 'Nobuhle', 'Thulisile', 'Bongiwe', 'Nothando', 'Sizakele', 'Duduzile', 'Khethiwe', 'Nelisiwe', 'Zandile',
  'Mapule', 'Matshidiso', 'Pontsho', 'Dimakatso', 'Lesedi', 'Ofentse', 'Kelebogile', 'Goitseone', 'Tshiamo', 'Olerato',
  'Zoe', 'Jessica', 'Megan', 'Lauren', 'Cheryl', 'Natasha', 'Tamryn', 'Bianca', 'Danielle', 'Carmen',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Sipho', 'Thabo', 'Bongani', 'Themba', 'Mandla', 'Sibusiso', 'Kagiso', 'Tshepo', 'Andile', 'Lungile',
  'Mthunzi', 'Sizwe', 'Vusi', 'Jabulani', 'Musa', 'Sandile', 'Siyabonga', 'Thulani', 'Bheki', 'Lucky',
  'Blessing', 'Given', 'Tebogo', 'José', 'Teboho', 'Katlego', 'Kabelo', 'Neo', 'Thapelo', 'Mpho',
  'Karabo', 'Lebohang', 'Tumelo', 'Mandisi', 'Luthando', 'Xolani', 'Zola', 'Lwandile', 'Lindani', 'Khaya',
  'Phumlani', 'Mzwandile', 'Nkosinathi', 'Sabelo', 'Mlungisi', 'Siphiwe', 'Mxolisi', 'Sifiso', 'Bonginkosi', 'Simphiwe',
  'Vuyo', 'Ayabonga', 'Lonwabo', 'Thando', 'Johan', 'Pieter', 'Jan', 'Willem', 'Hendrik', 'Jacobus',
  'Ruan', 'Francois', 'André', 'Gerhard', 'Riaan', 'Werner', 'Stefan', 'Christo', 'Danie', 'Kobus',
  'Michael', 'David', 'John', 'Peter', 'Daniel', 'Jason', 'Brandon', 'Ryan', 'Kyle', 'Dylan',
  'Mohammed', 'Ahmed', 'Yusuf', 'Imraan', 'Rajesh', 'Pravin', 'Suresh', 'Ashwin', 'Naveen', 'Riyaad',
  'João', 'António', 'Luís', 'Manuel', 'Joaquim', 'Jose', 'Jürgen', 'René', 'Lesiba', 'Mogomotsi',
  'Tshilidzi', 'Rudzani', 'Ndivhuwo', 'Khathutshelo', 'Hlulani', 'Tiyani', 'Nhlanhla', 'Sbu', 'Zwelethu', 'Mcebisi',
  'Fikile', 'Dumisani', 'Mthokozisi', 'Lwazi', 'Sinethemba', 'Ofentse', 'Kamogelo', 'Oratile', 'Omphile', 'Reabetswe',
];

export const lastNamePicker = zipfPicker(LAST_NAMES, 1.0, 6);
export const femaleNamePicker = zipfPicker(FEMALE_FIRST_NAMES, 1.0, 4);
export const maleNamePicker = zipfPicker(MALE_FIRST_NAMES, 1.0, 4);

/** ASCII for e-mail addresses: 'Zoë Müller' -> 'zoe.muller'. */
export function asciiFold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

// ---------------------------------------------------------------------------------------------
// Places, languages, phones, medical aid

/** Towns per province code, for addresses (the first is the most common). */
export const TOWNS: Record<string, readonly string[]> = {
  EC: ['Gqeberha', 'East London', 'Mthatha', 'Makhanda', 'Komani', 'Butterworth'],
  FS: ['Bloemfontein', 'Welkom', 'Bethlehem', 'Sasolburg', 'Kroonstad', 'Phuthaditjhaba'],
  GP: ['Soweto', 'Pretoria', 'Johannesburg', 'Tembisa', 'Mamelodi', 'Soshanguve', 'Katlehong', 'Centurion'],
  KZN: ['Durban', 'Pietermaritzburg', 'Umlazi', 'Newcastle', 'Richards Bay', 'Ladysmith', 'Empangeni'],
  LP: ['Polokwane', 'Thohoyandou', 'Tzaneen', 'Giyani', 'Mokopane', 'Lephalale'],
  MP: ['Mbombela', 'eMalahleni', 'Middelburg', 'Secunda', 'Ermelo', 'KwaMhlanga'],
  NC: ['Kimberley', 'Upington', 'Springbok', 'Kuruman', 'De Aar'],
  NW: ['Mahikeng', 'Rustenburg', 'Klerksdorp', 'Potchefstroom', 'Brits', 'Vryburg'],
  WC: ['Cape Town', 'Khayelitsha', 'Mitchells Plain', 'Stellenbosch', 'George', 'Paarl', 'Worcester'],
};

/** Preferred language of care per province, with rough weights. */
export const LANGUAGES: Record<string, readonly (readonly [string, number])[]> = {
  EC: [['isixhosa', 78], ['afrikaans', 10], ['english', 6], ['sesotho', 3], ['isizulu', 3]],
  FS: [['sesotho', 64], ['afrikaans', 12], ['isixhosa', 8], ['setswana', 6], ['isizulu', 5], ['english', 5]],
  GP: [['isizulu', 25], ['english', 15], ['sesotho', 13], ['afrikaans', 12], ['sepedi', 11], ['setswana', 9], ['xitsonga', 7], ['isixhosa', 6], ['tshivenda', 2]],
  KZN: [['isizulu', 78], ['english', 14], ['isixhosa', 3], ['afrikaans', 2], ['sa_sign_language', 1]],
  LP: [['sepedi', 53], ['xitsonga', 17], ['tshivenda', 17], ['setswana', 3], ['afrikaans', 3], ['english', 3], ['isindebele', 2]],
  MP: [['siswati', 28], ['isizulu', 24], ['xitsonga', 10], ['isindebele', 10], ['sepedi', 9], ['english', 7], ['afrikaans', 7]],
  NC: [['afrikaans', 54], ['setswana', 33], ['isixhosa', 6], ['english', 4]],
  NW: [['setswana', 63], ['afrikaans', 9], ['sesotho', 6], ['isixhosa', 6], ['xitsonga', 4], ['english', 4]],
  WC: [['afrikaans', 47], ['isixhosa', 25], ['english', 20], ['sesotho', 2]],
};

const MOBILE_PREFIXES = ['60', '61', '62', '63', '64', '65', '66', '67', '71', '72', '73', '74', '76', '78', '79', '81', '82', '83', '84'];

/** A South African mobile number in E.164 (+27 and nine digits). */
export function mobilePhone(r: () => number): string {
  return `+27${MOBILE_PREFIXES[Math.floor(r() * MOBILE_PREFIXES.length)]}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
}

/** A landline in E.164 (for the alternate number). */
export function landline(r: () => number): string {
  const areas = ['10', '11', '12', '21', '31', '41', '51', '13', '15', '16', '18'];
  return `+27${areas[Math.floor(r() * areas.length)]}${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
}

export interface Scheme {
  name: string;
  plans: readonly string[];
  /** Member number from a unique integer. */
  number: (n: number) => string;
  weight: number;
}

const digits = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');

/** The medical scheme this clinic network serves, and a few others patients belong to. */
export const SCHEMES: readonly Scheme[] = [
  { name: 'Polmed', plans: ['Marine', 'Aquarium'], number: (n) => digits(n, 8), weight: 40 },
  { name: 'GEMS', plans: ['Sapphire', 'Beryl', 'Ruby', 'Emerald Value', 'Emerald', 'Onyx'], number: (n) => `G${digits(n, 8)}`, weight: 25 },
  { name: 'Bonitas', plans: ['BonCap', 'BonEssential', 'BonSave', 'Standard', 'Primary'], number: (n) => `BON${digits(n, 7)}`, weight: 12 },
  { name: 'Discovery Health Medical Scheme', plans: ['KeyCare Plus', 'Coastal Saver', 'Classic Comprehensive', 'Essential Smart'], number: (n) => digits(n, 9), weight: 10 },
  { name: 'Medshield', plans: ['MediCore', 'MediValue', 'MediPlus'], number: (n) => `MS${digits(n, 7)}`, weight: 5 },
  { name: 'Bestmed', plans: ['Beat1', 'Beat2', 'Pace1'], number: (n) => digits(n, 9), weight: 4 },
  { name: 'Momentum Health', plans: ['Ingwe', 'Evolve', 'Custom'], number: (n) => digits(n, 9), weight: 4 },
];
export const schemePicker = new WeightedPicker(SCHEMES, SCHEMES.map((s) => s.weight));

/** A bijection of [0, 10^8): member numbers look random, never repeat between principal members. */
export function scrambleMemberNumber(principal: number): number {
  // 10^8 = 2^8 * 5^8; a multiplier coprime to both permutes the residues.
  return (principal * 48_271 + 12_345_679) % 100_000_000;
}

export const STREETS = ['Main', 'Church', 'Nelson Mandela', 'Voortrekker', 'Jan Smuts', 'Oliver Tambo', 'Market', 'Station', 'Kerk', 'Victoria', 'Albert Luthuli', 'Mooi', 'Long', 'Park'];

// ---------------------------------------------------------------------------------------------
// Clinical content for history and visits

export const ALLERGIES: readonly (readonly [substance: string, category: 'drug' | 'food' | 'environmental' | 'other', drugClass: string | null, reaction: string, weight: number])[] = [
  ['Penicillin', 'drug', 'Beta-lactam antibiotics', 'Urticarial rash', 30],
  ['Amoxicillin', 'drug', 'Beta-lactam antibiotics', 'Rash and itching', 12],
  ['Sulfamethoxazole/trimethoprim', 'drug', 'Sulfonamides', 'Maculopapular rash', 10],
  ['Aspirin', 'drug', 'NSAIDs', 'Bronchospasm', 6],
  ['Ibuprofen', 'drug', 'NSAIDs', 'Angioedema', 5],
  ['Codeine', 'drug', 'Opioids', 'Nausea and vomiting', 4],
  ['Nevirapine', 'drug', 'NNRTIs', 'Skin rash', 3],
  ['Peanuts', 'food', null, 'Anaphylaxis', 6],
  ['Shellfish', 'food', null, 'Hives and swelling', 5],
  ['Eggs', 'food', null, 'Vomiting', 3],
  ['Latex', 'environmental', null, 'Contact dermatitis', 4],
  ['Bee stings', 'environmental', null, 'Local swelling', 5],
  ['Dust mites', 'environmental', null, 'Rhinitis', 4],
  ['Iodinated contrast', 'other', null, 'Urticaria', 2],
];

/** Chronic conditions seen in primary care, with the medicines they come with. */
export const CHRONIC: readonly (readonly [code: string, weight: number, medicines: readonly (readonly [name: string, strength: string, dose: string, frequency: string])[]])[] = [
  ['I10', 35, [['Amlodipine', '5 mg', '1 tablet', 'once daily'], ['Hydrochlorothiazide', '12.5 mg', '1 tablet', 'once daily'], ['Enalapril', '10 mg', '1 tablet', 'twice daily']]],
  ['E11.9', 18, [['Metformin', '850 mg', '1 tablet', 'twice daily'], ['Gliclazide', '80 mg', '1 tablet', 'once daily']]],
  ['B24', 16, [['Tenofovir/lamivudine/dolutegravir', '300/300/50 mg', '1 tablet', 'once daily']]],
  ['J45.9', 8, [['Salbutamol inhaler', '100 mcg', '2 puffs', 'as needed'], ['Budesonide inhaler', '200 mcg', '1 puff', 'twice daily']]],
  ['E78.5', 6, [['Simvastatin', '20 mg', '1 tablet', 'at night']]],
  ['F32.9', 5, [['Fluoxetine', '20 mg', '1 capsule', 'once daily']]],
  ['G40.9', 4, [['Carbamazepine', '200 mg', '1 tablet', 'twice daily']]],
  ['M19.9', 4, [['Paracetamol', '500 mg', '2 tablets', 'three times daily']]],
  ['I50.9', 2, [['Furosemide', '40 mg', '1 tablet', 'once daily']]],
  ['E03.9', 2, [['Levothyroxine', '100 mcg', '1 tablet', 'once daily']]],
];

/** Acute presentations: the primary diagnosis of a visit that is not about a chronic condition. */
export const ACUTE_DIAGNOSES: readonly (readonly [code: string, weight: number, complaint: string])[] = [
  ['J06.9', 22, 'Sore throat and runny nose'],
  ['Z00.0', 10, 'Routine check-up'],
  ['A09.9', 8, 'Diarrhoea and stomach cramps'],
  ['N39.0', 7, 'Burning urine'],
  ['M54.5', 7, 'Lower back pain'],
  ['R51', 6, 'Headache'],
  ['J18.9', 5, 'Cough and fever'],
  ['L30.9', 5, 'Itchy rash'],
  ['K30', 4, 'Heartburn after meals'],
  ['H10.9', 4, 'Red, sticky eyes'],
  ['K02.9', 3, 'Toothache'],
  ['B35.9', 3, 'Itchy skin between the toes'],
  ['J02.9', 5, 'Painful swallowing'],
  ['R10.4', 4, 'Abdominal pain'],
  ['A15.0', 2, 'Cough for three weeks, night sweats'],
];

export const REFILL_COMPLAINTS = ['Chronic medication refill', 'Blood pressure check', 'Follow-up of chronic condition', 'Repeat script'];
