import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { FreeText, IsDateOnly, OptionalNotNull } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import { MAX_PRESCRIPTION_ITEMS, MAX_QUANTITY, PrescriptionResponseDto } from './prescription.dto';
import type { ExpiryWarning } from './prescription-rules';

// ---- Requests ----

export class DispenseItemDto {
  @ApiProperty({ format: 'uuid', description: 'An item of this prescription' }) @IsUUID() prescriptionItemId: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, description: 'Default: all that remains of the item' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number;
}

export class DispensePrescriptionDto {
  @ApiProperty({ format: 'uuid', description: 'The stock location handing out (in your jurisdiction)' }) @IsUUID() locationId: string;

  @ApiPropertyOptional({ type: [DispenseItemDto], description: 'Default: everything that remains on the prescription' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PRESCRIPTION_ITEMS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DispenseItemDto)
  items?: DispenseItemDto[];

  @ApiPropertyOptional({ maxLength: 500, description: 'Dispense despite a safety finding that has appeared since prescribing (e.g. a newly recorded allergy)' })
  @OptionalNotNull()
  @FreeText(500)
  overrideReason?: string;
}

export class ControlledRegisterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One stock location (in your jurisdiction)' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() drugId?: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'From this day (clinic calendar), inclusive' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ type: String, format: 'date', description: 'To this day (clinic calendar), inclusive' }) @IsOptional() @IsDateOnly() to?: string;
}

// ---- Responses ----

const WARNING_CODES = ['BATCH_EXPIRES_BEFORE_COURSE_END'] as const;

export class DispensingWarningDto {
  @ApiProperty({ enum: WARNING_CODES, enumName: 'DispensingWarningCode' }) code: ExpiryWarning['code'];
  @ApiProperty({ example: 'Batch AMX-2401 expires on 2026-12-20, before the course ends on 2026-12-28' }) message: string;
  @ApiProperty({ format: 'uuid' }) prescriptionItemId: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty() lotNumber: string;
  @ApiProperty({ type: String, format: 'date' }) expiryDate: string;
  @ApiProperty({ type: String, format: 'date' }) courseEndDate: string;
}

export class DispensingLineResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) prescriptionItemId: string;
  @ApiProperty({ format: 'uuid' }) drugId: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ example: 'AMX-2401' }) lotNumber: string;
  @ApiProperty({ type: String, format: 'date' }) expiryDate: string;
  @ApiProperty({ type: 'integer' }) quantity: number;
  @ApiProperty({ example: '0.8500', description: 'Cost per unit (decimal string)' }) unitCost: string;
  @ApiProperty({ example: '17.8500', description: 'quantity × unitCost (decimal string)' }) lineCost: string;
  @ApiProperty({ format: 'uuid', description: 'The stock ledger movement that took it' }) movementId: string;
}

export class DispensingResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) prescriptionId: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Pretoria Central Police Clinic store' }) locationName: string | null;
  @ApiProperty({ format: 'uuid' }) dispensedBy: string;
  @ApiProperty({ type: String, nullable: true, example: 'Demo nurse' }) dispensedByName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) dispensedAt: string;
  @ApiProperty({ type: String, nullable: true }) overrideReason: string | null;
  @ApiProperty({ type: [DispensingLineResponseDto], description: 'One line per batch, by item then expiry' }) lines: DispensingLineResponseDto[];
  @ApiProperty({ example: '35.7000', description: 'Sum of the line costs (decimal string)' }) totalCost: string;
  @ApiProperty({ type: [DispensingWarningDto] }) warnings: DispensingWarningDto[];
}

export class DispensingShortfallDto {
  @ApiProperty({ format: 'uuid' }) prescriptionItemId: string;
  @ApiProperty({ type: 'integer' }) requested: number;
  @ApiProperty({ type: 'integer', description: 'Less than requested: usable stock ran out' }) dispensed: number;
}

/** A dispensing just made, with the prescription as it now stands and what could not be filled. */
export class DispensingResultDto extends DispensingResponseDto {
  @ApiProperty({ type: [DispensingShortfallDto], description: 'Items filled only partly for lack of usable stock' }) shortfalls: DispensingShortfallDto[];
  @ApiProperty({ type: PrescriptionResponseDto }) prescription: PrescriptionResponseDto;
}

export class ControlledRegisterEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'uuid' }) drugId: string;
  @ApiProperty({ example: 'MORPHINE-10MG/ML-INJ' }) drugCode: string;
  @ApiProperty({ example: 'morphine' }) drugName: string;
  @ApiProperty({ example: '10 mg/ml' }) strength: string;
  @ApiProperty({ example: 'S6' }) schedule: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid' }) prescriptionId: string;
  @ApiProperty({ format: 'uuid' }) dispensingId: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty() lotNumber: string;
  @ApiProperty({ format: 'uuid' }) locationId: string;
  @ApiProperty() locationName: string;
  @ApiProperty({ type: 'integer' }) quantity: number;
  @ApiProperty({ type: 'integer', description: "The drug's on-hand at the location after this entry" }) balanceAfter: number;
  @ApiProperty({ format: 'uuid' }) prescribedBy: string;
  @ApiProperty({ type: String, nullable: true }) prescribedByName: string | null;
  @ApiProperty({ format: 'uuid' }) dispensedBy: string;
  @ApiProperty({ type: String, nullable: true }) dispensedByName: string | null;
}
