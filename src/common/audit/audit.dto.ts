import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, MaxDate, MaxLength, MinDate } from 'class-validator';
import { PageQueryDto } from '../pagination/pagination';
import { AUDIT_OUTCOMES, type AuditOutcome } from './audit-chain';
import type { AuditLogEntity } from './audit-log.entity';

// The range a DATETIME column holds; JavaScript dates go far beyond it.
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'createUser' }) @IsOptional() @IsString() @MaxLength(128) action?: string;
  @ApiPropertyOptional({ example: 'user' }) @IsOptional() @IsString() @MaxLength(64) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) resourceId?: string;
  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES, enumName: 'AuditOutcome' }) @IsOptional() @IsIn(AUDIT_OUTCOMES) outcome?: AuditOutcome;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() @MinDate(EARLIEST) @MaxDate(LATEST) from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() @MinDate(EARLIEST) @MaxDate(LATEST) to?: Date;
}

export class AuditEntryDto {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true }) resourceType: string | null;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty() method: string;
  @ApiProperty() path: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES, enumName: 'AuditOutcome' }) outcome: AuditOutcome;
  @ApiProperty() statusCode: number;
  @ApiProperty({ type: String, nullable: true }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty() hash: string;
}

export function toAuditEntryDto(row: AuditLogEntity): AuditEntryDto {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    method: row.method,
    path: row.path,
    outcome: row.outcome,
    statusCode: row.statusCode,
    clientIp: row.clientIp,
    userAgent: row.userAgent,
    requestId: row.requestId,
    hash: row.hash,
  };
}

export const CHAIN_BREAK_REASONS = ['sequence_gap', 'prev_hash_mismatch', 'hash_mismatch', 'head_mismatch'] as const;

export class AuditChainBreakDto {
  @ApiProperty({ enum: CHAIN_BREAK_REASONS, enumName: 'AuditChainBreakReason' }) reason: (typeof CHAIN_BREAK_REASONS)[number];
  @ApiProperty({ description: 'Sequence number of the first row that does not verify' }) seq: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) id: string | null;
}

export class AuditVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Rows checked before the first break, or all of them' }) checkedRows: number;
  @ApiPropertyOptional({ type: AuditChainBreakDto }) firstBroken?: AuditChainBreakDto;
}
