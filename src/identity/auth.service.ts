import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { UnauthenticatedError, ValidationFailedError } from '../common/errors/domain-errors';
import { safeError } from '../common/errors/error-responder.service';
import { fitColumn } from '../common/database/fit-column';
import { inTransaction } from '../common/database/transaction';
import { Notifier } from '../common/notifier/notifier';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { LoginResponseDto, TokenPairDto } from './auth.dto';
import type { AccessTokenClaims } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { checkPassword } from './password-policy';
import { decideRefresh } from './refresh-rotation';
import { SessionRepository } from './session.repository';
import { UserRepository, type UserWithRole } from './user.repository';
import { UsersService } from './users.service';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const RESET_TOKEN_MINUTES = 30;
const MAX_LIVE_RESETS = 3;
const NO_ACCOUNT_ID = '00000000-0000-0000-0000-000000000000';

function invalidCredentials(userId?: string): UnauthenticatedError {
  const error = new UnauthenticatedError(
    'INVALID_CREDENTIALS',
    'The e-mail or password is incorrect, or the account is temporarily locked',
  );
  error.auditResourceId = userId;
  return error;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly usersService: UsersService,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly notifier: Notifier,
  ) {}

  /**
   * One answer, and the same cost, for an unknown e-mail, a wrong password, a locked or an inactive
   * account, so sign-in reveals nothing about which accounts exist.
   */
  async login(email: string, password: string, client: ClientInfo): Promise<LoginResponseDto> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      // The same round trips as for a real account: an attempt claim (on no row) and an argon2 verify.
      await this.users.claimPasswordAttempt(NO_ACCOUNT_ID);
      await this.hasher.verifyAgainstNothing(password);
      throw invalidCredentials();
    }
    const claimed = await this.users.claimPasswordAttempt(user.id);
    const passwordOk = await this.hasher.verify(user.passwordHash, password);
    if (!claimed || !user.isActive || !passwordOk) throw invalidCredentials(user.id);
    const rehash = this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(password) : undefined;
    const pair = await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      // The password may have been changed, or the account deactivated, while argon2 ran; the row
      // lock orders this sign-in before or after such a change, never across it.
      const current = await this.users.lockForSignIn(manager, user.id);
      if (!current?.isActive || current.passwordChangedAt.getTime() !== user.passwordChangedAt.getTime()) return null;
      await this.users.recordSuccessfulLogin(manager, user.id, rehash);
      const sessionId = await this.sessions.createSession(manager, {
        userId: user.id,
        expiresAt: this.inSeconds(this.config.auth.refreshTtlSeconds),
        clientIp: client.ip,
        userAgent: fitColumn(client.userAgent, 512),
      });
      return this.issuePair(manager, user, sessionId);
    });
    if (!pair) throw invalidCredentials(user.id);
    const { refreshTokenId: _, ...tokens } = pair;
    return { ...tokens, user: await this.usersService.currentUser(user.id) };
  }

  async refresh(refreshToken: string): Promise<TokenPairDto> {
    // READ COMMITTED: the token row lock is all we need; REPEATABLE READ's gap locks let two racing
    // refreshes of one token deadlock on the successor's insert (and a deadlock victim is retried).
    const outcome = await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const row = await this.sessions.lockRefreshToken(manager, refreshToken);
      if (!row) return { kind: 'invalid' as const };
      const decision = decideRefresh(row, new Date(), this.config.auth.refreshReuseGraceSeconds);
      if (decision === 'invalid') return { kind: 'invalid' as const };
      if (decision === 'reuse_detected') {
        await this.sessions.revokeSession(row.sessionId, 'refresh_token_reuse', manager);
        return { kind: 'reused' as const, sessionId: row.sessionId };
      }
      const user = await this.users.findById(row.userId, manager);
      if (!user || !user.isActive) return { kind: 'invalid' as const };
      const pair = await this.issuePair(manager, user, row.sessionId);
      if (decision === 'grace_reissue') {
        // The successor the client never received is retired; one live refresh token per session.
        if (row.replacedById) await this.sessions.retireUnusedRefreshToken(manager, row.replacedById, pair.refreshTokenId);
        await this.sessions.pointToSuccessor(manager, row.id, pair.refreshTokenId);
      } else {
        await this.sessions.markRefreshTokenUsed(manager, row.id, pair.refreshTokenId);
      }
      return { kind: 'issued' as const, pair };
    });
    if (outcome.kind === 'reused') {
      this.logger.warn({ sessionId: outcome.sessionId }, 'Refresh token reuse detected; session revoked');
      throw new UnauthenticatedError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; the session has been ended');
    }
    if (outcome.kind === 'invalid') throw new UnauthenticatedError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or expired');
    const { refreshTokenId: _, ...pair } = outcome.pair;
    return pair;
  }

  async logout(user: AuthUser): Promise<void> {
    await this.sessions.revokeSession(user.sessionId, 'logout');
  }

  /**
   * Always answers the same way, after the same work. When the account exists and is active, a
   * single-use link valid for 30 minutes is made and e-mailed in the background, so response time
   * reveals nothing either. At most MAX_LIVE_RESETS links are live per account.
   */
  async forgotPassword(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.isActive) return;
    void this.sendPasswordReset(user).catch((error: unknown) =>
      this.logger.error({ err: safeError(error) }, 'Password reset e-mail failed'),
    );
  }

  private async sendPasswordReset(user: UserWithRole): Promise<void> {
    if ((await this.sessions.countLivePasswordResets(user.id)) >= MAX_LIVE_RESETS) return;
    const token = await this.sessions.createPasswordReset(user.id, this.inSeconds(RESET_TOKEN_MINUTES * 60));
    const link = `${this.config.mail.publicAppUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.notifier.send({
      to: user.email,
      subject: 'Reset your Mobile Clinic password',
      text:
        `Hello ${user.fullName},\n\nUse this link within ${RESET_TOKEN_MINUTES} minutes to choose a new password:\n\n` +
        `${link}\n\nThe link works once. If you did not ask for it, ignore this message.\n`,
    });
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const userId = await this.sessions.consumePasswordReset(manager, token);
      const user = userId ? await this.users.findById(userId, manager) : null;
      if (!user || !user.isActive) {
        throw new ValidationFailedError([{ field: 'token', message: 'token is invalid, expired or already used' }]);
      }
      await this.setPassword(manager, user, newPassword);
      await this.sessions.revokeAllSessions(user.id, 'password_reset', manager);
    });
  }

  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    // Guesses of the current password count towards the sign-in lockout: a stolen access token
    // must not become a way to brute-force the password.
    const user = await this.users.findById(caller.id);
    const claimed = user ? await this.users.claimPasswordAttempt(user.id) : false;
    const passwordOk = user ? await this.hasher.verify(user.passwordHash, currentPassword) : false;
    if (!user || !claimed || !passwordOk) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'currentPassword is incorrect' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.setPassword(manager, user, newPassword);
      await this.sessions.revokeAllSessions(user.id, 'password_changed', manager, caller.sessionId);
    });
  }

  private async setPassword(manager: EntityManager, user: UserWithRole, newPassword: string): Promise<void> {
    const problems = checkPassword(newPassword, user.email, 'newPassword');
    if (problems.length > 0) throw new ValidationFailedError(problems);
    await this.users.update(
      user.id,
      { passwordHash: await this.hasher.hash(newPassword), passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null },
      manager,
    );
    // Any other reset link still in someone's mailbox dies with the old password.
    await this.sessions.invalidatePasswordResets(user.id, manager);
  }

  private async issuePair(
    manager: EntityManager,
    user: UserWithRole,
    sessionId: string,
  ): Promise<TokenPairDto & { refreshTokenId: string }> {
    const claims: AccessTokenClaims = { sub: user.id, sid: sessionId, role: user.role.name };
    const accessToken = await this.jwt.signAsync(claims);
    const refresh = await this.sessions.issueRefreshToken(manager, sessionId, this.inSeconds(this.config.auth.refreshTtlSeconds));
    return {
      accessToken,
      refreshToken: refresh.token,
      refreshTokenId: refresh.id,
      tokenType: 'Bearer',
      expiresIn: this.config.auth.accessTtlSeconds,
    };
  }

  private inSeconds(seconds: number): Date {
    return new Date(Date.now() + seconds * 1000);
  }
}
