import { ConflictError, type FieldError, ForbiddenError, NotFoundError } from '../common/errors/domain-errors';

/*
 * The errors of prescribing and dispensing, with their stable codes. None carries patient data
 * beyond what the caller, who may see the patient, sent or may read.
 */

export const prescriptionNotFound = () => new NotFoundError('Prescription');
export const patientInactive = () => new ConflictError('PATIENT_INACTIVE', 'The patient is inactive (deceased or merged); nothing can be prescribed or dispensed');
export const prescriptionCancelled = () => new ConflictError('PRESCRIPTION_CANCELLED', 'The prescription has been cancelled');
export const prescriptionDispensed = (what: string) => new ConflictError('PRESCRIPTION_DISPENSED', `The prescription has been dispensed in full; ${what}`);
export const drugNotInCatalogue = (details: FieldError[]) =>
  new ConflictError('DRUG_NOT_IN_CATALOGUE', 'Items written as free text before the drug catalogue cannot be dispensed; prescribe a catalogue drug instead', details);
export const quantityExceedsRemaining = (details: FieldError[]) =>
  new ConflictError('QUANTITY_EXCEEDS_REMAINING', 'More was asked than remains to be dispensed', details);
export const insufficientStock = (details: FieldError[]) =>
  new ConflictError('INSUFFICIENT_STOCK', 'There is no usable (unexpired) stock at this location for what was asked', details);
export const controlledDrugPermission = () =>
  new ForbiddenError('CONTROLLED_DRUG_PERMISSION', 'Dispensing a schedule 5 or 6 drug requires pharmacy:dispense-controlled');

/** Names the record a refused action concerned, for its audit row (never sent to the client). */
export function withResource<T extends { auditResourceId?: string }>(error: T, id: string): T {
  error.auditResourceId = id;
  return error;
}
