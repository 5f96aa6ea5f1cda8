import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The closed set of errors the service raises on purpose. Each carries a stable code that the
 * staff portal can switch on; none carries patient data.
 */
export abstract class DomainError extends Error {
  abstract readonly status: HttpStatus;
  abstract readonly code: string;
  readonly details?: FieldError[];
  /** Id of the record the failed action concerned, for the audit row only (never sent to the client). */
  auditResourceId?: string;

  constructor(message: string, details?: FieldError[]) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly code = 'VALIDATION_FAILED';
  constructor(details: FieldError[], message = 'The request has invalid fields') {
    super(message, details);
  }
}

export class NotFoundError extends DomainError {
  readonly status = HttpStatus.NOT_FOUND;
  readonly code = 'NOT_FOUND';
  constructor(resource: string) {
    super(`${resource} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly status = HttpStatus.CONFLICT;
  constructor(
    readonly code: string,
    message: string,
    details?: FieldError[],
    /** The record the request collided with, when the client may open it (a duplicate registration). */
    readonly existingId?: string,
  ) {
    super(message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor(
    readonly code = 'UNAUTHENTICATED',
    message = 'Authentication is required',
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = HttpStatus.FORBIDDEN;
  constructor(
    readonly code = 'FORBIDDEN',
    message = 'You do not have permission to do this',
  ) {
    super(message);
  }
}
