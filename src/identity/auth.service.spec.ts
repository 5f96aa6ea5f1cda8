import { UnauthenticatedError } from '../common/errors/domain-errors';
import { AuthService } from './auth.service';
import type { PasswordHasher } from './password-hasher';
import type { UserRepository } from './user.repository';

/** Sign-in must cost one argon2 verification whatever the account's state: no timing oracle. */
describe('AuthService.login timing and lockout', () => {
  function make(user: object | null, claim = true) {
    const hasher = {
      verify: jest.fn().mockResolvedValue(false),
      verifyAgainstNothing: jest.fn().mockResolvedValue(false),
      needsRehash: jest.fn(),
    } as unknown as jest.Mocked<PasswordHasher>;
    const users = {
      findByEmail: jest.fn().mockResolvedValue(user),
      claimPasswordAttempt: jest.fn().mockResolvedValue(claim),
    } as unknown as jest.Mocked<UserRepository>;
    const service = new AuthService({} as never, {} as never, users, {} as never, {} as never, hasher, {} as never, {} as never);
    return { service, hasher, users };
  }
  const client = { ip: '127.0.0.1', userAgent: null };
  const account = { id: 'u1', passwordHash: 'hash', isActive: true, lockedUntil: null };

  it('does the same database and argon2 work for an unknown e-mail', async () => {
    const { service, hasher, users } = make(null);
    await expect(service.login('ghost@clinic.test', 'pw', client)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(hasher.verifyAgainstNothing).toHaveBeenCalledTimes(1);
    expect(hasher.verify).not.toHaveBeenCalled();
    expect(users.claimPasswordAttempt).toHaveBeenCalledTimes(1);
  });

  it('claims the attempt before verifying a known account', async () => {
    const { service, hasher, users } = make(account);
    await expect(service.login('a@clinic.test', 'pw', client)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(users.claimPasswordAttempt).toHaveBeenCalledWith('u1');
    expect(hasher.verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a locked account even with the right password, after the same argon2 work', async () => {
    const { service, hasher } = make(account, false);
    hasher.verify.mockResolvedValue(true);
    await expect(service.login('a@clinic.test', 'pw', client)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(hasher.verify).toHaveBeenCalledTimes(1);
  });
});
