import type { Connection } from 'mysql2/promise';

/**
 * Multi-row INSERT statements built as text, for bulk loading: mysql2's generic escaping of millions
 * of parameters costs more CPU than the database spends on the rows, and this machine has two cores.
 * Every value goes through `literal`, which quotes and escapes strings the way MySQL's own
 * mysql_real_escape_string does (NO_BACKSLASH_ESCAPES off), writes Buffers as hex and Dates as UTC.
 */

export type SqlValue = string | number | boolean | null | Buffer | Date;

// The characters mysql_real_escape_string escapes (NUL and Ctrl-Z are control characters on purpose).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\0\n\r\b\t\\'"\x1a]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[\0\n\r\b\t\\'"\x1a]/g;
const ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\t': '\\t', '\x1a': '\\Z', '\\': '\\\\', "'": "\\'", '"': '\\"' };

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;
const days = new Map<number, string>();

/** DATETIME(3) text of a UTC instant (ms, fractions dropped): 'YYYY-MM-DD HH:MM:SS.mmm'. Hot in the generator, hence no Date per call. */
export function sqlDateTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    days.set(day, date);
  }
  let rest = t - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  return `${date} ${P2[(rest - min) / 60]}:${P2[min]}:${P2[sec]}.${P3[milli]}`;
}

export function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? `'${value.replace(ESCAPE_ALL, (c) => ESCAPES[c])}'` : `'${value}'`;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    default:
      if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
      if (value instanceof Date) return `'${sqlDateTime(value.getTime())}'`;
      throw new Error(`Unsupported SQL value ${String(value)}`);
  }
}

/** Collects rows for one table and writes them as INSERTs of at most `maxBytes` each. */
export class RowBuffer {
  private parts: string[] = [];
  private bytes = 0;
  private readonly statements: string[] = [];
  count = 0;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
    private readonly maxBytes = 2_000_000,
  ) {}

  add(values: readonly SqlValue[]): void {
    if (values.length !== this.columns.length) throw new Error(`${this.table}: ${values.length} values for ${this.columns.length} columns`);
    let row = '(';
    for (let i = 0; i < values.length; i++) row += (i === 0 ? '' : ',') + literal(values[i]);
    row += ')';
    this.parts.push(row);
    this.bytes += row.length + 1;
    this.count += 1;
    if (this.bytes >= this.maxBytes) this.cut();
  }

  private cut(): void {
    if (this.parts.length === 0) return;
    this.statements.push(`INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${this.parts.join(',')}`);
    this.parts = [];
    this.bytes = 0;
  }

  /** The statements (the buffer is then empty). */
  take(): string[] {
    this.cut();
    return this.statements.splice(0);
  }
}

/** Runs the statements in order on one connection; returns the rows the server says it inserted. */
export async function runStatements(db: Connection, statements: readonly string[]): Promise<number> {
  let affected = 0;
  for (const sql of statements) {
    // null values: mysql2 then sends the text as it is instead of scanning megabytes of it for placeholders.
    const [result] = await db.query(sql, null as unknown as []);
    affected += (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  return affected;
}
