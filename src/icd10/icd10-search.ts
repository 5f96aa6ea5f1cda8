/**
 * Turns the search box text into a query plan (pure, no database).
 *
 * - Text shaped like the start of a code ('e', 'E11', 'e119', 'E11.9') is a code prefix, dot
 *   optional: a range scan of the primary key (`code LIKE 'E11.9%'`), fast at any table size.
 * - Anything else is words, all of which must start a word of the description, in any order.
 *   Words the FULLTEXT index holds (3+ characters, not an InnoDB stopword) become required prefix
 *   terms of one MATCH … AGAINST in boolean mode, answered from the index. Shorter words and
 *   stopwords ('tb', '2', 'of') are not in the index (innodb_ft_min_token_size = 3), so each
 *   becomes a word-start REGEXP that only filters the rows the index found ('type 2': the index
 *   finds 'type', the REGEXP keeps those with a word starting '2'). Only a query of nothing but
 *   such words ('tb') scans the table: ~41,000 short rows, tens of milliseconds, and rare.
 */
export type Icd10SearchPlan =
  | { kind: 'all' }
  | { kind: 'code'; prefix: string }
  | { kind: 'words'; fulltext: string | null; wordStarts: string[] }
  | { kind: 'nothing' };

// InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD): never indexed.
const INNODB_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '),
);
const FULLTEXT_MIN_TOKEN = 3;
const FULLTEXT_MAX_TOKEN = 84;
const CODE_PREFIX = /^[A-Z](?:[0-9](?:[0-9A-Z](?:\.?[0-9A-Z]{0,4})?)?)?$/;

export function planIcd10Search(q: string | undefined): Icd10SearchPlan {
  const text = (q ?? '').trim();
  if (text === '') return { kind: 'all' };
  const upper = text.toUpperCase();
  if (CODE_PREFIX.test(upper)) {
    const compact = upper.replace('.', '');
    return { kind: 'code', prefix: compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact };
  }
  // Letters and digits only: nothing left is a FULLTEXT operator or a REGEXP metacharacter.
  const words = [...new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
  if (words.length === 0) return { kind: 'nothing' };
  const indexed = (w: string) => w.length >= FULLTEXT_MIN_TOKEN && w.length <= FULLTEXT_MAX_TOKEN && !INNODB_STOPWORDS.has(w);
  const terms = words.filter(indexed);
  return {
    kind: 'words',
    fulltext: terms.length ? terms.map((w) => `+${w}*`).join(' ') : null,
    wordStarts: words.filter((w) => !indexed(w)).map((w) => `\\b${w}`),
  };
}
