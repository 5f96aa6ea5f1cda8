import { backOff } from 'exponential-backoff';
import type { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { isRetryableLockError } from './mysql-errors';

/**
 * Runs `work` in one transaction and runs it again, with jittered back-off, when InnoDB picks it as
 * a deadlock victim or its lock wait times out: both roll the whole transaction back, so a retry is
 * safe. Any other error is thrown at once.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  isolation: IsolationLevel,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return backOff(() => dataSource.transaction(isolation, work), {
    numOfAttempts: 4,
    startingDelay: 20,
    jitter: 'full',
    retry: (error: unknown) => isRetryableLockError(error),
  });
}
