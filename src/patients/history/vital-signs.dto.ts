import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/pagination';
import { decimal } from './history-common';
import { RECORD_STATUSES, type RecordStatus, type VitalSignsEntity } from './history.entity';
import { VITAL_SIGN_LIMITS, type VitalSignField, type VitalSignsInput } from './vital-signs.rules';

/** Range-checked from VITAL_SIGN_LIMITS, so the DTO and the rules module cannot disagree. */
function Measurement(field: VitalSignField, example: number, description: string) {
  const limit = VITAL_SIGN_LIMITS[field];
  const unit = `${limit.unit}`;
  return applyDecorators(
    ApiPropertyOptional({ type: 'number', minimum: limit.min, maximum: limit.max, example, description: `${description} (${unit})` }),
    IsOptional(),
    limit.decimals === 0
      ? IsInt({ message: `${field} must be a whole number` })
      : IsNumber(
          { allowNaN: false, allowInfinity: false, maxDecimalPlaces: limit.decimals },
          { message: `${field} must be a number with at most ${limit.decimals} decimal places` },
        ),
    Min(limit.min, { message: `${field} must be between ${limit.min} and ${limit.max} ${unit}` }),
    Max(limit.max, { message: `${field} must be between ${limit.min} and ${limit.max} ${unit}` }),
  );
}

/**
 * One vital-signs snapshot. Every measurement is optional but at least one is required; a blood
 * pressure needs both numbers. Reused as the Clinical Workflow's assessment body.
 */
export class VitalSignsDto implements VitalSignsInput {
  @Measurement('systolicMmHg', 128, 'Systolic blood pressure; needs diastolicMmHg and must exceed it') systolicMmHg?: number;
  @Measurement('diastolicMmHg', 82, 'Diastolic blood pressure') diastolicMmHg?: number;
  @Measurement('pulseBpm', 72, 'Pulse') pulseBpm?: number;
  @Measurement('temperatureC', 36.8, 'Body temperature') temperatureC?: number;
  @Measurement('respiratoryRate', 16, 'Respiratory rate') respiratoryRate?: number;
  @Measurement('oxygenSaturation', 98, 'Oxygen saturation (SpO2)') oxygenSaturation?: number;
  @Measurement('glucoseMmolL', 5.4, 'Blood glucose') glucoseMmolL?: number;
  @Measurement('weightKg', 72.5, 'Weight') weightKg?: number;
  @Measurement('heightCm', 171.5, 'Height; with weightKg gives the BMI') heightCm?: number;
}

export class VitalSignsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECORD_STATUSES, enumName: 'VitalSignsStatus', description: 'Default: everything but entered_in_error' })
  @IsOptional()
  @IsIn(RECORD_STATUSES)
  status?: RecordStatus;
}

export class VitalSignsResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) visitId: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 128 }) systolicMmHg: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 82 }) diastolicMmHg: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 72 }) pulseBpm: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 36.8 }) temperatureC: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 16 }) respiratoryRate: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 98 }) oxygenSaturation: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 5.4 }) glucoseMmolL: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 72.5 }) weightKg: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 171.5 }) heightCm: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 24.7, description: 'weightKg / (heightCm/100)², when both were measured in this snapshot' })
  bmi: number | null;
  @ApiProperty({ enum: RECORD_STATUSES, enumName: 'VitalSignsStatus' }) status: RecordStatus;
  @ApiProperty({ type: String, nullable: true }) statusReason: string | null;
  @ApiProperty({ format: 'uuid' }) recordedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
}

export function toVitalSignsResponse(row: VitalSignsEntity): VitalSignsResponseDto {
  return {
    id: row.id,
    patientId: row.patientId,
    visitId: row.visitId,
    systolicMmHg: row.systolicMmHg,
    diastolicMmHg: row.diastolicMmHg,
    pulseBpm: row.pulseBpm,
    temperatureC: decimal(row.temperatureC),
    respiratoryRate: row.respiratoryRate,
    oxygenSaturation: row.oxygenSaturation,
    glucoseMmolL: decimal(row.glucoseMmolL),
    weightKg: decimal(row.weightKg),
    heightCm: decimal(row.heightCm),
    bmi: decimal(row.bmi),
    status: row.status,
    statusReason: row.statusReason,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}
