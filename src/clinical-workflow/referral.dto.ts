import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { FreeText, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import {
  REFERRAL_STATUSES,
  REFERRAL_TYPES,
  REFERRAL_URGENCIES,
  referralNextStatuses,
  type ReferralStatus,
  type ReferralType,
  type ReferralUrgency,
} from './order-workflow';
import type { ReferralEntity, ReferralStatusChangeEntity } from './referral.entity';


/** Where to and why; the type is given by the caller (a counseling session's referral is psychosocial). */
export class PsychosocialReferralDto {
  @ApiProperty({ enum: REFERRAL_URGENCIES, enumName: 'ReferralUrgency' }) @IsIn(REFERRAL_URGENCIES) urgency: ReferralUrgency;
  @ApiProperty({ maxLength: 200, example: 'Steve Biko Academic Hospital' }) @FreeText(200) toFacility: string;
  @ApiPropertyOptional({ maxLength: 120, example: 'Cardiology' }) @OptionalNotNull() @FreeText(120) specialty?: string;
  @ApiProperty({ maxLength: 1000, example: 'Uncontrolled hypertension despite two agents' }) @FreeText(1000) reason: string;
}

export class NewReferralDto extends PsychosocialReferralDto {
  @ApiProperty({ enum: REFERRAL_TYPES, enumName: 'ReferralType' }) @IsIn(REFERRAL_TYPES) type: ReferralType;
}

/** The statuses a referral can be moved to (it starts pending). */
export const SETTABLE_REFERRAL_STATUSES = REFERRAL_STATUSES.filter((s) => s !== 'pending');

export class UpdateReferralStatusDto {
  @ApiProperty({ enum: SETTABLE_REFERRAL_STATUSES, enumName: 'ReferralStatusChange' })
  @IsIn(SETTABLE_REFERRAL_STATUSES)
  status: Exclude<ReferralStatus, 'pending'>;

  @ApiPropertyOptional({ maxLength: 500, example: 'Appointment 12 March, cardiology OPD' }) @OptionalNotNull() @FreeText(500) note?: string;
}

export class ReferralQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'patientId or visitId is required' })
  @ValidateIf((o: ReferralQueryDto) => o.visitId === undefined || o.patientId !== undefined)
  @IsDefined({ message: 'patientId or visitId is required' })
  @IsUUID()
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() visitId?: string;

  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' }) @IsOptional() @IsIn(REFERRAL_STATUSES) status?: ReferralStatus;
}

export class ReferralStatusChangeDto {
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus', nullable: true }) fromStatus: ReferralStatus | null;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' }) toStatus: ReferralStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'uuid' }) changedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) changedAt: string;
}

export class ReferralResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) visitId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ enum: REFERRAL_TYPES, enumName: 'ReferralType' }) type: ReferralType;
  @ApiProperty({ enum: REFERRAL_URGENCIES, enumName: 'ReferralUrgency' }) urgency: ReferralUrgency;
  @ApiProperty() toFacility: string;
  @ApiProperty({ type: String, nullable: true }) specialty: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' }) status: ReferralStatus;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus', isArray: true, description: 'Statuses it may move to next' })
  allowedNextStatuses: ReferralStatus[];
  @ApiProperty({ format: 'uuid' }) referredBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) referredAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ type: [ReferralStatusChangeDto], description: 'Every status it has had, oldest first' }) statusHistory: ReferralStatusChangeDto[];
}

export function toReferralResponse(referral: ReferralEntity, changes: ReferralStatusChangeEntity[]): ReferralResponseDto {
  return {
    id: referral.id,
    visitId: referral.visitId,
    patientId: referral.patientId,
    type: referral.type,
    urgency: referral.urgency,
    toFacility: referral.toFacility,
    specialty: referral.specialty,
    reason: referral.reason,
    status: referral.status,
    allowedNextStatuses: referralNextStatuses(referral.status),
    referredBy: referral.referredBy,
    referredAt: referral.referredAt.toISOString(),
    statusChangedAt: referral.statusChangedAt.toISOString(),
    statusHistory: changes
      .filter((c) => c.referralId === referral.id)
      .map((c) => ({ fromStatus: c.fromStatus, toStatus: c.toStatus, note: c.note, changedBy: c.changedBy, changedAt: c.changedAt.toISOString() })),
  };
}
