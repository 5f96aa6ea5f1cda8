import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { timestampColumn, uuidColumn } from '../common/database/columns';

/** A sign-in: the family of refresh tokens that descend from one login. Revoking it ends them all. */
@Entity('auth_sessions')
export class SessionEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'user_id' }) userId: string;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 40, name: 'revoked_reason', nullable: true }) revokedReason: string | null;
  @Column({ type: 'varchar', length: 45, name: 'client_ip', nullable: true }) clientIp: string | null;
  @Column({ type: 'varchar', length: 512, name: 'user_agent', nullable: true }) userAgent: string | null;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' }) updatedAt: Date;
}

@Entity('refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'session_id' }) sessionId: string;
  @Column({ type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin', name: 'token_hash' }) tokenHash: string;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column({ ...uuidColumn, name: 'replaced_by_id', nullable: true }) replacedById: string | null;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
}

@Entity('password_reset_tokens')
export class PasswordResetTokenEntity {
  @PrimaryColumn(uuidColumn) id: string;
  @Column({ ...uuidColumn, name: 'user_id' }) userId: string;
  @Column({ type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin', name: 'token_hash' }) tokenHash: string;
  @Column({ ...timestampColumn, name: 'expires_at' }) expiresAt: Date;
  @Column({ ...timestampColumn, name: 'used_at', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ ...timestampColumn, name: 'created_at' }) createdAt: Date;
}
