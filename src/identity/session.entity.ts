import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { cascadeOnDelete, createdAtColumn, sha256HexColumn, timestampColumn, updatedAtColumn, uuidColumn } from '../common/database/columns';
import { UserEntity } from './user.entity';

/** A sign-in: the family of refresh tokens that descend from one login. Revoking it ends them all. */
@Entity('auth_sessions')
@Index('ix_auth_sessions_user', ['userId', 'revokedAt'])
export class SessionEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'user_id' }) userId: string;
  @ManyToOne(() => UserEntity, cascadeOnDelete)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_sessions_user' })
  user: UserEntity;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 40, name: 'revoked_reason', nullable: true }) revokedReason: string | null;
  @Column({ type: 'varchar', length: 45, name: 'client_ip', nullable: true }) clientIp: string | null;
  @Column({ type: 'varchar', length: 512, name: 'user_agent', nullable: true }) userAgent: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
  @UpdateDateColumn(updatedAtColumn) updatedAt: Date;
}

/** Only the token's SHA-256 is stored. replaced_by_id names the token issued when this one was used (no FK). */
@Entity('refresh_tokens')
@Unique('uq_refresh_tokens_hash', ['tokenHash'])
@Index('ix_refresh_tokens_session', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'session_id' }) sessionId: string;
  @ManyToOne(() => SessionEntity, cascadeOnDelete)
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_refresh_tokens_session' })
  session: SessionEntity;
  @Column({ ...sha256HexColumn, name: 'token_hash' }) tokenHash: string;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column({ ...uuidColumn, name: 'replaced_by_id', nullable: true }) replacedById: string | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}

@Entity('password_reset_tokens')
@Unique('uq_password_reset_tokens_hash', ['tokenHash'])
@Index('ix_password_reset_tokens_user', ['userId'])
export class PasswordResetTokenEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'user_id' }) userId: string;
  @ManyToOne(() => UserEntity, cascadeOnDelete)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_password_reset_tokens_user' })
  user: UserEntity;
  @Column({ ...sha256HexColumn, name: 'token_hash' }) tokenHash: string;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'used_at', nullable: true }) usedAt: Date | null;
  @CreateDateColumn(createdAtColumn) createdAt: Date;
}
