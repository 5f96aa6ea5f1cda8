import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { VISIT_STAGE_ORDER } from './visit-workflow';

/** Stable codes of the Clinical Workflow's conflicts (409). */
export const VISIT_VERSION_CONFLICT = 'VISIT_VERSION_CONFLICT';
export const VISIT_ALREADY_OPEN = 'VISIT_ALREADY_OPEN';
export const VISIT_NOT_OPEN = 'VISIT_NOT_OPEN';
export const PATIENT_INACTIVE = 'PATIENT_INACTIVE';
export const LAB_ORDER_STATUS = 'LAB_ORDER_STATUS';
export const REFERRAL_STATUS = 'REFERRAL_STATUS';

export const visitNotFound = () => new NotFoundError('Visit');

/** A stage action in the wrong stage; the message names the stage and what is allowed next. */
export const visitStageOrder = (message: string) => new ConflictError(VISIT_STAGE_ORDER, message);

export const visitVersionConflict = () =>
  new ConflictError(VISIT_VERSION_CONFLICT, 'The visit was changed by someone else since you read it; reload it and try again');

export const visitAlreadyOpen = () =>
  new ConflictError(VISIT_ALREADY_OPEN, 'The patient already has an open visit at this clinic; continue it, or close or cancel it first');

export const visitNotOpen = (status: string) => new ConflictError(VISIT_NOT_OPEN, `This visit is ${status}; nothing more can be added to it`);

export const patientInactive = () => new ConflictError(PATIENT_INACTIVE, 'The patient record is deactivated; reactivate it before registering a visit');

export const labOrderStatus = (message: string) => new ConflictError(LAB_ORDER_STATUS, message);

export const referralStatus = (message: string) => new ConflictError(REFERRAL_STATUS, message);
