import type { DataSource } from 'typeorm';
import { waitForIdlePool } from './pool-drain';

function fakeDataSource(pool: { _allConnections: { length: number }; _freeConnections: { length: number } }): DataSource {
  return { driver: { pool } } as unknown as DataSource;
}

describe('waitForIdlePool', () => {
  it('waits until every checked-out connection is back', async () => {
    const pool = { _allConnections: { length: 3 }, _freeConnections: { length: 1 } };
    setTimeout(() => (pool._freeConnections.length = 3), 60);
    const started = Date.now();
    await expect(waitForIdlePool(fakeDataSource(pool), 2000)).resolves.toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('gives up at the timeout while a connection stays busy', async () => {
    const pool = { _allConnections: { length: 1 }, _freeConnections: { length: 0 } };
    await expect(waitForIdlePool(fakeDataSource(pool), 50)).resolves.toBe(false);
  });
});
