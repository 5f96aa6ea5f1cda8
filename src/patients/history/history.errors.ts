import { ConflictError, NotFoundError } from '../../common/errors/domain-errors';

/** Another patient's entry, or none at all: the same answer, so ids cannot be probed. */
export const entryNotFound = (what: string) => new NotFoundError(what);

export const entryVersionConflict = () =>
  new ConflictError('HISTORY_VERSION_CONFLICT', 'The entry was changed by someone else; reload it and try again');

/** entered_in_error is final: the entry stays as it was for the record. */
export const entryEnteredInError = () =>
  new ConflictError('HISTORY_ENTERED_IN_ERROR', 'The entry is marked entered in error and can no longer change; record a new one');

export const allergyAlreadyRecorded = () =>
  new ConflictError('ALLERGY_ALREADY_RECORDED', 'An active allergy to this substance is already recorded; update that entry instead');

export const conditionAlreadyRecorded = () =>
  new ConflictError('CONDITION_ALREADY_RECORDED', 'This condition is already recorded as active; update that entry instead');

export const activeAllergiesExist = (count: number) =>
  new ConflictError(
    'ALLERGIES_ACTIVE',
    `The patient has ${count} active ${count === 1 ? 'allergy' : 'allergies'}; resolve or mark them entered in error first`,
  );

export const noActiveAllergies = () =>
  new ConflictError('NO_ACTIVE_ALLERGIES', 'has_allergies follows from recording an active allergy; record the allergy instead');
