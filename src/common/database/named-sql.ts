import type { EntityManager } from 'typeorm';

/**
 * Raw SQL with :named parameters (TypeORM expands `:...list`), for statements the query builder
 * does not express well (locking reads in a fixed order, INSERT … SELECT, scoped aggregates).
 */
export async function queryNamed<T>(db: EntityManager, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const [text, values] = db.connection.driver.escapeQueryWithParameters(sql, params);
  return (await db.query(text, values)) as T[];
}

/** queryNamed for a write: how many rows it changed. */
export async function executeNamed(db: EntityManager, sql: string, params: Record<string, unknown>): Promise<number> {
  const [text, values] = db.connection.driver.escapeQueryWithParameters(sql, params);
  const result = (await db.query(text, values)) as { affectedRows?: number };
  return result.affectedRows ?? 0;
}

/**
 * A list query's optional filters: each [condition, name, value] whose value is set (not undefined,
 * null or '') contributes its condition and its :name parameter — one line per filter instead of a
 * block of ifs.
 */
export function optionalFilters(filters: [condition: string, name: string, value: unknown][]): { conditions: string[]; params: Record<string, unknown> } {
  const set = filters.filter(([, , value]) => value !== undefined && value !== null && value !== '');
  return { conditions: set.map(([condition]) => condition), params: Object.fromEntries(set.map(([, name, value]) => [name, value])) };
}
