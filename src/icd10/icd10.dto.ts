import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import type { Icd10CodeEntity } from './icd10-code.entity';
import { SEX_RESTRICTIONS, type SexRestriction } from './icd10-rules';

export const MAX_ICD10_QUERY_LENGTH = 100;

export class Icd10QueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description:
      'The start of a code, dot optional (e119 finds E11.9), or words that must all start a word of the description, in any order',
    example: 'diabetes type 2',
    maxLength: MAX_ICD10_QUERY_LENGTH,
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(MAX_ICD10_QUERY_LENGTH)
  q?: string;

  @ApiPropertyOptional({ description: 'true: only codes valid for clinical use; false: only categories that need a more specific code' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  validForClinicalUse?: boolean;
}

export class Icd10CodeDto {
  @ApiProperty({ example: 'E11.9' }) code: string;
  @ApiProperty({ example: 'Type 2 diabetes mellitus without complications' }) description: string;
  @ApiProperty({ example: 'IV', description: 'WHO chapter, in Roman numerals' }) chapter: string;
  @ApiProperty({ description: 'False for a category with subdivisions: use one of its more specific codes' }) validClinicalUse: boolean;
  @ApiProperty({ description: 'May be the primary diagnosis (not an external cause, asterisk or supplementary code)' }) validPrimary: boolean;
  @ApiProperty({ description: 'Asterisk (manifestation) code' }) isAsterisk: boolean;
  @ApiProperty({ description: 'Dagger (aetiology) code' }) isDagger: boolean;
  @ApiProperty({ enum: SEX_RESTRICTIONS, enumName: 'Icd10SexRestriction', nullable: true, description: 'Only for patients of this sex' })
  sexRestriction: SexRestriction | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Youngest age in completed years' }) ageMinYears: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Oldest age in completed years' }) ageMaxYears: number | null;
  @ApiProperty({ description: 'False once retired from the code list' }) active: boolean;
}

export const toIcd10CodeDto = (c: Icd10CodeEntity): Icd10CodeDto => ({
  code: c.code,
  description: c.description,
  chapter: c.chapter,
  validClinicalUse: c.validClinicalUse,
  validPrimary: c.validPrimary,
  isAsterisk: c.isAsterisk,
  isDagger: c.isDagger,
  sexRestriction: c.genderRestriction,
  ageMinYears: c.ageMinYears,
  ageMaxYears: c.ageMaxYears,
  active: c.active,
});
