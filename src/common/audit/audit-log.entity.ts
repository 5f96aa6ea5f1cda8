import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { sha256HexColumn, timestampColumn, uuidColumn } from '../database/columns';
import { AUDIT_OUTCOMES, type AuditOutcome } from './audit-chain';

/**
 * Read model of the audit trail. Rows are written only by AuditWriter and never changed (triggers in
 * the migration refuse UPDATE and DELETE). actor_id has no foreign key: the trail outlives its actors.
 */
@Entity('audit_log')
@Unique('uq_audit_log_id', ['id'])
@Index('ix_audit_log_actor', ['actorId', 'seq'])
@Index('ix_audit_log_resource', ['resourceType', 'resourceId', 'seq'])
@Index('ix_audit_log_resource_id', ['resourceId', 'seq'])
@Index('ix_audit_log_action', ['action', 'seq'])
@Index('ix_audit_log_outcome', ['outcome', 'seq'])
@Index('ix_audit_log_occurred', ['occurredAt'])
export class AuditLogEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  seq: number;
  @Column(uuidColumn) id: string;
  @Column({ ...timestampColumn, name: 'occurred_at' }) occurredAt: Date;
  @Column({ ...uuidColumn, name: 'actor_id', nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 64, name: 'actor_role', nullable: true }) actorRole: string | null;
  @Column({ type: 'varchar', length: 128 }) action: string;
  @Column({ type: 'varchar', length: 64, name: 'resource_type', nullable: true }) resourceType: string | null;
  @Column({ type: 'varchar', length: 64, name: 'resource_id', nullable: true }) resourceId: string | null;
  @Column({ type: 'varchar', length: 10 }) method: string;
  @Column({ type: 'varchar', length: 512 }) path: string;
  @Column({ type: 'enum', enum: AUDIT_OUTCOMES }) outcome: AuditOutcome;
  @Column({ type: 'smallint', unsigned: true, name: 'status_code' }) statusCode: number;
  @Column({ type: 'varchar', length: 45, name: 'client_ip', nullable: true }) clientIp: string | null;
  @Column({ type: 'varchar', length: 512, name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column({ type: 'varchar', length: 128, name: 'request_id', nullable: true }) requestId: string | null;
  @Column({ ...sha256HexColumn, name: 'prev_hash' }) prevHash: string;
  @Column(sha256HexColumn) hash: string;
}
