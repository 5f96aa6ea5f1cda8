import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { FreeText, OptionalNotNull, Trim } from '../../common/http/transforms';
import { PageQueryDto } from '../../common/pagination/pagination';
import { MEDICATION_ROUTES, type MedicationRoute } from '../../patients';
import { isControlledSchedule } from '../prescription-safety';
import { ATC_CODE, DOSAGE_FORMS, type DosageForm, DRUG_SCHEDULES, type DrugSchedule } from './drug-catalogue';
import type { DrugEntity } from './drug.entity';

const MAX_VERSION = 2_147_483_647;
const MAX_PACK_SIZE = 100_000;

const upperTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const lowerTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').toLowerCase() : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** GENERIC-STRENGTH-FORM, the inventory item's code too: upper-case letters, digits and . / - _ (stored upper-case), as Inventory's item codes. */
const DrugCode = () =>
  applyDecorators(
    Transform(upperTrim),
    Length(2, 40),
    Matches(/^[A-Z0-9][A-Z0-9./_-]*$/, { message: '$property may contain only letters, digits and . / - _' }),
  );
const AtcCode = () => applyDecorators(Transform(upperTrim), Matches(ATC_CODE, { message: '$property must be a WHO ATC code (level 5, e.g. J01CA04, or level 4, e.g. A07CA)' }));
const DrugClass = () => applyDecorators(Transform(lowerTrim), Length(1, 80));
// NAPPI: a 6-digit product code, optionally followed by a 3-digit pack suffix.
const NappiCode = () => applyDecorators(Trim(), Matches(/^\d{6}(-?\d{3})?$/, { message: '$property must be a NAPPI code: 6 digits, optionally a 3-digit pack suffix' }));
const PackSize = () => applyDecorators(IsInt(), Min(1), Max(MAX_PACK_SIZE));

export class CreateDrugDto {
  @ApiProperty({ maxLength: 40, example: 'AMOXICILLIN-500MG-CAP', description: 'Unique GENERIC-STRENGTH-FORM code, also the inventory item code; stored upper-case' })
  @DrugCode()
  code: string;
  @ApiProperty({ maxLength: 160, example: 'amoxicillin' }) @FreeText(160) genericName: string;
  @ApiPropertyOptional({ maxLength: 160, nullable: true, type: String }) @IsOptional() @FreeText(160) brandName?: string | null;
  @ApiProperty({ maxLength: 60, example: '500 mg' }) @FreeText(60) strength: string;
  @ApiProperty({ enum: DOSAGE_FORMS, enumName: 'DosageForm' }) @IsIn(DOSAGE_FORMS) dosageForm: DosageForm;
  @ApiProperty({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' }) @IsIn(MEDICATION_ROUTES) route: MedicationRoute;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PACK_SIZE, example: 21, description: 'Dispensing units in one pack' }) @PackSize() packSize: number;
  @ApiProperty({ maxLength: 30, example: 'capsule', description: "What is counted and dispensed ('tablet', 'capsule', 'ml', 'vial', ...); the inventory item's unit" })
  @FreeText(30)
  dispensingUnit: string;
  @ApiPropertyOptional({ example: '700123001', nullable: true, type: String, description: 'Product-specific NAPPI code (6 digits + optional 3-digit pack suffix)' })
  @IsOptional()
  @NappiCode()
  nappiCode?: string | null;
  @ApiProperty({ enum: DRUG_SCHEDULES, enumName: 'DrugSchedule', description: 'South African schedule; S5 and S6 are controlled (register)' })
  @IsIn(DRUG_SCHEDULES)
  schedule: DrugSchedule;
  @ApiProperty({ example: 'J01CA04', description: 'WHO ATC code (level 5; level 4 where the WHO has no substance code)' }) @AtcCode() atcCode: string;
  @ApiProperty({ maxLength: 80, example: 'penicillins', description: 'Class used to match allergies; stored lower-case' }) @DrugClass() drugClass: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Link an existing medicine inventory item with the same code; left out, one is created' })
  @IsOptional()
  @IsUUID()
  inventoryItemId?: string;
  @ApiPropertyOptional({ maxLength: 80, example: 'Anti-infectives', description: 'Category of the inventory item created with the drug (default Medicines)' })
  @IsOptional()
  @FreeText(80)
  category?: string;
}

/** Only the fields sent change; null clears brandName or nappiCode. Code, dispensing unit and inventory item are fixed. */
export class UpdateDrugDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; a different current version answers 409 DRUG_VERSION_CONFLICT', example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;
  @ApiPropertyOptional({ maxLength: 160 }) @OptionalNotNull() @FreeText(160) genericName?: string;
  @ApiPropertyOptional({ maxLength: 160, nullable: true, type: String }) @IsOptional() @FreeText(160) brandName?: string | null;
  @ApiPropertyOptional({ maxLength: 60 }) @OptionalNotNull() @FreeText(60) strength?: string;
  @ApiPropertyOptional({ enum: DOSAGE_FORMS, enumName: 'DosageForm' }) @OptionalNotNull() @IsIn(DOSAGE_FORMS) dosageForm?: DosageForm;
  @ApiPropertyOptional({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' }) @OptionalNotNull() @IsIn(MEDICATION_ROUTES) route?: MedicationRoute;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PACK_SIZE }) @OptionalNotNull() @PackSize() packSize?: number;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @NappiCode() nappiCode?: string | null;
  @ApiPropertyOptional({ enum: DRUG_SCHEDULES, enumName: 'DrugSchedule' }) @OptionalNotNull() @IsIn(DRUG_SCHEDULES) schedule?: DrugSchedule;
  @ApiPropertyOptional({ example: 'J01CA04' }) @OptionalNotNull() @AtcCode() atcCode?: string;
  @ApiPropertyOptional({ maxLength: 80 }) @OptionalNotNull() @DrugClass() drugClass?: string;
  @ApiPropertyOptional({ description: 'false withdraws the drug: it can no longer be prescribed' }) @OptionalNotNull() @IsBoolean() isActive?: boolean;
}

export class DrugQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Code, generic or brand name starting with this, or containing words starting with these (case-insensitive)' })
  @IsOptional()
  @Trim()
  @Length(1, 100)
  q?: string;
  @ApiPropertyOptional({ enum: DRUG_SCHEDULES, enumName: 'DrugSchedule' }) @IsOptional() @IsIn(DRUG_SCHEDULES) schedule?: DrugSchedule;
  @ApiPropertyOptional({ maxLength: 80, example: 'penicillins' }) @IsOptional() @DrugClass() drugClass?: string;
  @ApiPropertyOptional({ maxLength: 7, example: 'J01C', description: 'ATC code starts with this' })
  @IsOptional()
  @Transform(upperTrim)
  @Matches(/^[A-Z](\d{2}([A-Z]([A-Z](\d{1,2})?)?)?)?$/, { message: '$property must be an ATC code or its prefix, e.g. J01C' })
  atcCode?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or only withdrawn (false) drugs' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class DrugResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'AMOXICILLIN-500MG-CAP' }) code: string;
  @ApiProperty({ example: 'amoxicillin' }) genericName: string;
  @ApiProperty({ type: String, nullable: true }) brandName: string | null;
  @ApiProperty({ example: '500 mg' }) strength: string;
  @ApiProperty({ enum: DOSAGE_FORMS, enumName: 'DosageForm' }) dosageForm: DosageForm;
  @ApiProperty({ enum: MEDICATION_ROUTES, enumName: 'MedicationRoute' }) route: MedicationRoute;
  @ApiProperty() packSize: number;
  @ApiProperty({ example: 'capsule' }) dispensingUnit: string;
  @ApiProperty({ type: String, nullable: true }) nappiCode: string | null;
  @ApiProperty({ enum: DRUG_SCHEDULES, enumName: 'DrugSchedule' }) schedule: DrugSchedule;
  @ApiProperty({ description: 'Schedule 5 or 6: dispensing needs pharmacy:dispense-controlled and writes the register' }) isControlled: boolean;
  @ApiProperty({ example: 'J01CA04' }) atcCode: string;
  @ApiProperty({ example: 'penicillins' }) drugClass: string;
  @ApiProperty({ format: 'uuid' }) inventoryItemId: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Send it back with PATCH (optimistic concurrency)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toDrugResponse(drug: DrugEntity): DrugResponseDto {
  return {
    id: drug.id,
    code: drug.code,
    genericName: drug.genericName,
    brandName: drug.brandName,
    strength: drug.strength,
    dosageForm: drug.dosageForm,
    route: drug.route,
    packSize: Number(drug.packSize),
    dispensingUnit: drug.dispensingUnit,
    nappiCode: drug.nappiCode,
    schedule: drug.schedule,
    isControlled: isControlledSchedule(drug.schedule),
    atcCode: drug.atcCode,
    drugClass: drug.drugClass,
    inventoryItemId: drug.inventoryItemId,
    isActive: Boolean(drug.isActive),
    version: drug.version,
    createdAt: drug.createdAt.toISOString(),
    updatedAt: drug.updatedAt.toISOString(),
  };
}
