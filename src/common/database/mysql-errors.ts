import { QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  errno?: number;
}

function driverError(error: unknown): DriverError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as DriverError;
  if (error && typeof error === 'object' && 'errno' in error) return error as DriverError;
  return undefined;
}

/** ER_DUP_ENTRY (1062): a unique key refused the row. */
export function isDuplicateKeyError(error: unknown): boolean {
  return driverError(error)?.errno === 1062;
}

/** ER_NO_REFERENCED_ROW_2 (1452): a foreign key points at nothing. */
export function isForeignKeyError(error: unknown): boolean {
  const errno = driverError(error)?.errno;
  return errno === 1452 || errno === 1451;
}

/** ER_LOCK_DEADLOCK (1213) / ER_LOCK_WAIT_TIMEOUT (1205): safe to retry the transaction. */
export function isRetryableLockError(error: unknown): boolean {
  const errno = driverError(error)?.errno;
  return errno === 1213 || errno === 1205;
}
