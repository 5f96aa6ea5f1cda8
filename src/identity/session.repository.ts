import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { PasswordResetTokenEntity, RefreshTokenEntity, SessionEntity } from './session.entity';

/** Opaque tokens are 256 random bits; only their SHA-256 is stored (a fast hash suffices for that entropy). */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type SessionRevocationReason = 'logout' | 'refresh_token_reuse' | 'password_changed' | 'password_reset' | 'user_deactivated';

export interface RefreshTokenRow {
  id: string;
  sessionId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  replacedById: string | null;
  successorUnused: boolean;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
}

/** Sessions, their refresh-token families and password-reset tokens. */
@Injectable()
export class SessionRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(PasswordResetTokenEntity) private readonly resets: Repository<PasswordResetTokenEntity>,
  ) {}

  async createSession(
    manager: EntityManager,
    session: { userId: string; expiresAt: Date; clientIp: string | null; userAgent: string | null },
  ): Promise<string> {
    const id = randomUUID();
    await manager.getRepository(SessionEntity).insert({ id, ...session });
    return id;
  }

  async issueRefreshToken(manager: EntityManager, sessionId: string, expiresAt: Date): Promise<{ id: string; token: string }> {
    const { token, hash } = newOpaqueToken();
    const id = randomUUID();
    await manager.getRepository(RefreshTokenEntity).insert({ id, sessionId, tokenHash: hash, expiresAt });
    return { id, token };
  }

  /** Locks the token row so two refreshes of the same token are decided one after the other. */
  async lockRefreshToken(manager: EntityManager, token: string): Promise<RefreshTokenRow | null> {
    const rows = (await manager.query(
      `SELECT rt.id, rt.session_id, s.user_id, rt.expires_at, rt.used_at, rt.replaced_by_id, s.revoked_at,
              s.expires_at AS session_expires_at, (nxt.id IS NULL OR nxt.used_at IS NULL) AS successor_unused
         FROM refresh_tokens rt
         JOIN auth_sessions s ON s.id = rt.session_id
         LEFT JOIN refresh_tokens nxt ON nxt.id = rt.replaced_by_id
        WHERE rt.token_hash = ? FOR UPDATE`,
      [hashToken(token)],
    )) as Record<string, never>[];
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      sessionId: r.session_id,
      userId: r.user_id,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      replacedById: r.replaced_by_id,
      successorUnused: Number(r.successor_unused) === 1,
      sessionRevokedAt: r.revoked_at,
      sessionExpiresAt: r.session_expires_at,
    };
  }

  async markRefreshTokenUsed(manager: EntityManager, id: string, replacedById: string): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ id }, { usedAt: new Date(), replacedById });
  }

  /** Grace re-issue: records the new successor but keeps the first use time, so the window never slides. */
  async pointToSuccessor(manager: EntityManager, id: string, replacedById: string): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ id }, { replacedById });
  }

  /**
   * Retires a token that was issued but never used (the grace path replaces it): it counts as used,
   * with the replacement as its successor, so presenting it later follows the same rules as any
   * used token and the session keeps exactly one live refresh token.
   */
  async retireUnusedRefreshToken(manager: EntityManager, id: string, replacedById: string): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ id, usedAt: IsNull() }, { usedAt: new Date(), replacedById });
  }

  async revokeSession(sessionId: string, reason: SessionRevocationReason, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(SessionEntity) ?? this.sessions).update(
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  async revokeAllSessions(
    userId: string,
    reason: SessionRevocationReason,
    manager?: EntityManager,
    exceptSessionId?: string,
  ): Promise<void> {
    const qb = (manager?.getRepository(SessionEntity) ?? this.sessions)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (exceptSessionId) qb.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await qb.execute();
  }

  async invalidatePasswordResets(userId: string, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(PasswordResetTokenEntity) ?? this.resets).update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
  }

  /** Unused, unexpired reset links of a user: bounded so the forgot-password form cannot flood a mailbox. */
  countLivePasswordResets(userId: string): Promise<number> {
    return this.resets.createQueryBuilder('t').where('t.user_id = :userId AND t.used_at IS NULL AND t.expires_at > NOW(3)', { userId }).getCount();
  }

  async createPasswordReset(userId: string, expiresAt: Date): Promise<string> {
    const { token, hash } = newOpaqueToken();
    await this.resets.insert({ id: randomUUID(), userId, tokenHash: hash, expiresAt });
    return token;
  }

  /** Claims a reset token: valid only if unused and unexpired, and only once even under races. */
  async consumePasswordReset(manager: EntityManager, token: string): Promise<string | null> {
    const repo = manager.getRepository(PasswordResetTokenEntity);
    const row = await repo
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :hash AND t.used_at IS NULL AND t.expires_at > NOW(3)', { hash: hashToken(token) })
      .getOne();
    if (!row) return null;
    await repo.update({ id: row.id }, { usedAt: new Date() });
    return row.userId;
  }
}
