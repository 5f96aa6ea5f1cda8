import { ValidationFailedError } from '../common/errors/domain-errors';
import { withFieldPrefix } from './workflow-common';
import { isCalendarDate } from '../common/http/transforms';

describe('workflow helpers', () => {
  it('re-names another context’s field errors as this body names them', async () => {
    const failing = () => Promise.reject(new ValidationFailedError([{ field: 'pulseBpm', message: 'too fast' }]));
    await expect(withFieldPrefix('vitalSigns.', failing)).rejects.toMatchObject({ details: [{ field: 'vitalSigns.pulseBpm', message: 'too fast' }] });
    await expect(withFieldPrefix('', failing, () => 'notes')).rejects.toMatchObject({ details: [{ field: 'notes' }] });
    await expect(withFieldPrefix('x.', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(withFieldPrefix('x.', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isCalendarDate('1899-12-31')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });
});
