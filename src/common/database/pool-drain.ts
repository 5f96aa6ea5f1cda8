import type { DataSource } from 'typeorm';

interface Mysql2PoolInternals {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
}

/**
 * Waits until no pooled connection is checked out, or `timeoutMs` passes. At shutdown, handlers of
 * clients that already hung up keep running after the HTTP server has closed; destroying the pool
 * under them would fail their writes half-way. mysql2 exposes no public count, so this reads its
 * queues and, should they ever disappear, returns at once rather than guess.
 */
export async function waitForIdlePool(dataSource: DataSource, timeoutMs: number): Promise<boolean> {
  const pool = (dataSource.driver as unknown as { pool?: Mysql2PoolInternals }).pool;
  const busy = () => (pool?._allConnections?.length ?? 0) - (pool?._freeConnections?.length ?? 0);
  const deadline = Date.now() + timeoutMs;
  while (busy() > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
