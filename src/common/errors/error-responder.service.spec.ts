import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import type { AuditRecorder } from '../audit/audit-recorder.service';
import { ErrorResponder } from './error-responder.service';

describe('ErrorResponder.toBody', () => {
  const responder = new ErrorResponder({} as AuditRecorder);

  it("answers the throttler's 429 with a message that says what to do, not the exception's name", () => {
    expect(responder.toBody(new ThrottlerException())).toEqual({
      statusCode: 429,
      error: 'TOO_MANY_REQUESTS',
      message: 'Too many requests; try again later',
    });
    expect(responder.toBody(new HttpException('anything', HttpStatus.TOO_MANY_REQUESTS)).message).toBe('Too many requests; try again later');
  });

  it("keeps other HTTP exceptions' messages", () => {
    expect(responder.toBody(new NotFoundException('Cannot GET /nowhere'))).toEqual({ statusCode: 404, error: 'NOT_FOUND', message: 'Cannot GET /nowhere' });
  });

  it('answers a deadlock or lock wait timeout that outlived the retries with 503, not 500', () => {
    for (const errno of [1213, 1205]) {
      const error = new QueryFailedError('UPDATE stock_on_hand …', [], Object.assign(new Error('lock'), { errno }));
      expect(responder.toBody(error)).toEqual({ statusCode: 503, error: 'CONCURRENT_UPDATE', message: 'The records are busy with another change; try again' });
    }
  });
});
