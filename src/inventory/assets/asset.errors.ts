import { isDuplicateKeyError } from '../../common/database/mysql-errors';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-errors';
import type { LifecycleCheck } from './asset-lifecycle';

export const assetVersionConflict = () => new ConflictError('ASSET_VERSION_CONFLICT', 'The asset was changed by someone else; reload it and try again');

export const lifecycleConflict = (check: Exclude<LifecycleCheck, { ok: true }>) => new ConflictError(check.code, check.message);

export const scheduleInactive = () =>
  new ConflictError('MAINTENANCE_SCHEDULE_INACTIVE', 'The maintenance schedule is inactive; reactivate it first', [{ field: 'scheduleId', message: 'scheduleId names an inactive schedule' }]);

export const fieldProblem = (field: string, message: string) => new ValidationFailedError([{ field, message }]);

/** A unique key refusal, named by the field it concerns; anything else unchanged. */
export function assetDuplicate(error: unknown): unknown {
  if (!isDuplicateKeyError(error)) return error;
  const message = error instanceof Error ? error.message : '';
  if (message.includes('uq_assets_serial_number')) {
    return new ConflictError('ASSET_SERIAL_NUMBER_TAKEN', 'Another asset has this serial number', [{ field: 'serialNumber', message: 'serialNumber is taken' }]);
  }
  return new ConflictError('ASSET_TAG_TAKEN', 'Another asset has this asset tag', [{ field: 'assetTag', message: 'assetTag is taken' }]);
}
