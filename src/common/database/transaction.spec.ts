import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { inTransaction } from './transaction';

function lockError(errno: number): QueryFailedError {
  return new QueryFailedError('UPDATE x', [], Object.assign(new Error('lock'), { errno }));
}

describe('inTransaction', () => {
  it('retries a deadlock victim and returns the retry result', async () => {
    const transaction = jest.fn().mockRejectedValueOnce(lockError(1213)).mockResolvedValueOnce('done');
    await expect(inTransaction({ transaction } as unknown as DataSource, 'READ COMMITTED', async () => 'x')).resolves.toBe('done');
    expect(transaction).toHaveBeenCalledTimes(2);
  });

  it('does not retry other errors', async () => {
    const transaction = jest.fn().mockRejectedValue(lockError(1062));
    await expect(inTransaction({ transaction } as unknown as DataSource, 'READ COMMITTED', async () => 'x')).rejects.toBeInstanceOf(QueryFailedError);
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  it('gives up after four attempts', async () => {
    const transaction = jest.fn().mockRejectedValue(lockError(1205));
    await expect(inTransaction({ transaction } as unknown as DataSource, 'SERIALIZABLE', async () => 'x')).rejects.toBeInstanceOf(QueryFailedError);
    expect(transaction).toHaveBeenCalledTimes(4);
  });
});
