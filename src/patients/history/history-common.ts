import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { FieldError, ValidationFailedError } from '../../common/errors/domain-errors';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { UuidParam } from '../../common/http/id-param';
import { Trim } from '../../common/http/transforms';
import { clinicToday } from '../../common/time/clinic-date';

/** A path parameter naming a history entry (`:allergyId`), which must be a UUID; a bad one is a 400 naming it. */
export const EntryIdParam = UuidParam;

/**
 * Clinical dates must lie between the patient's birth and today; `order` pairs must not run backwards.
 * Returns every problem (the caller throws them together).
 */
export function checkClinicalDates(
  dateOfBirth: string,
  dates: { field: string; value: string | null | undefined; future?: boolean }[],
  order: [string, string][] = [],
): FieldError[] {
  const problems: FieldError[] = [];
  // Clinics keep South African dates: between 00:00 and 02:00 SAST the UTC date is still yesterday.
  const latest = clinicToday();
  const byField = new Map(dates.map((d) => [d.field, d.value]));
  for (const { field, value, future } of dates) {
    if (!value) continue;
    if (value < dateOfBirth) problems.push({ field, message: `${field} cannot be before the patient's date of birth` });
    else if (!future && value > latest) problems.push({ field, message: `${field} cannot be in the future` });
  }
  for (const [earlier, later] of order) {
    const a = byField.get(earlier);
    const b = byField.get(later);
    if (a && b && b < a) problems.push({ field: later, message: `${later} cannot be before ${earlier}` });
  }
  return problems;
}

export function throwIfProblems(problems: FieldError[]): void {
  if (problems.length > 0) throw new ValidationFailedError(problems);
}

/** Marks a vital-signs snapshot, note or document as entered in error. */
export class EnteredInErrorDto {
  @ApiProperty({ description: 'Why the entry is wrong (kept with it)', example: 'Recorded on the wrong patient', minLength: 3, maxLength: 500 })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

/** statusReason must accompany a change to entered_in_error (and only then makes sense). */
export function requireReasonForError(status: string | undefined, reason: string | undefined): void {
  if (status === 'entered_in_error' && !reason) {
    throw new ValidationFailedError([{ field: 'statusReason', message: 'statusReason is required when marking an entry entered_in_error' }]);
  }
}

/** Codes such as an ICD-10 code or a procedure code: letters, digits, dot and dash. */
export const CodeText = (max: number) => applyDecorators(Trim(), IsString(), Length(1, max), Matches(/^[A-Za-z0-9.-]+$/, { message: '$property may hold only letters, digits, "." and "-"' }));

/** Decimal columns come back from the driver as strings. */
export const decimal = (value: string | null): number | null => (value === null ? null : Number(value));

export const PATIENT_NOT_FOUND = { description: 'No such patient in your jurisdiction', type: ErrorResponseDto };
export const ENTRY_NOT_FOUND = { description: 'No such patient in your jurisdiction, or no such entry for this patient', type: ErrorResponseDto };
export const badRequest = (what: string) => ({ description: `Invalid ${what} (field details), or a path id that is not a UUID`, type: ErrorResponseDto });
export const UPDATE_CONFLICT = {
  description: 'HISTORY_VERSION_CONFLICT: changed by someone else since you read it; HISTORY_ENTERED_IN_ERROR: the entry is final',
  type: ErrorResponseDto,
};

/** Documents the patient `:id` of a history controller's routes (the param decorator above is invisible to Swagger). */
export const ApiPatientIdParam = () => ApiParam({ name: 'id', type: String, format: 'uuid', description: 'The patient' });
