import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-errors';

/** Checks that a path parameter is a UUID; a bad one is a 400 naming the field, like a body field. */
export const uuidParamPipe = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedError([{ field, message: `${field} must be a UUID` }]) });

/** A UUID path parameter such as `:allergyId`. */
export const UuidParam = (name: string) => Param(name, uuidParamPipe(name));

/** The `:id` path parameter, which must be a UUID. */
export const IdParam = () => UuidParam('id');
