import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-errors';

/** The `:id` path parameter, which must be a UUID; a bad one is a 400 naming the field, like a body field. */
export const IdParam = () =>
  Param(
    'id',
    new ParseUUIDPipe({ exceptionFactory: () => new ValidationFailedError([{ field: 'id', message: 'id must be a UUID' }]) }),
  );
