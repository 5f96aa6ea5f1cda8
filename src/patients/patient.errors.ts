import { ConflictError, NotFoundError } from '../common/errors/domain-errors';

/** Out of scope and unknown read the same, so ids cannot be probed. */
export const patientNotFound = () => new NotFoundError('Patient');
export const contactNotFound = () => new NotFoundError('Contact');

/** The identity document is already registered; existingId lets the clerk open that record (or start a visit with it). */
export const duplicateIdentity = (existingId: string) =>
  new ConflictError('PATIENT_DUPLICATE_ID', 'A patient with this identity number is already registered', undefined, existingId);

export const versionConflict = () =>
  new ConflictError('PATIENT_VERSION_CONFLICT', 'The patient was changed by someone else; reload it and try again');

export const alreadyInState = (active: boolean) =>
  active
    ? new ConflictError('PATIENT_ALREADY_ACTIVE', 'The patient is already active')
    : new ConflictError('PATIENT_ALREADY_INACTIVE', 'The patient is already deactivated');

export const tooManyContacts = (max: number) =>
  new ConflictError('PATIENT_CONTACT_LIMIT', `A patient can have at most ${max} contacts`);
