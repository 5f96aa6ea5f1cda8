import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import { CLINIC_KINDS, type ClinicEntity, type ClinicKind, type DistrictEntity, type ProvinceEntity } from './facility.entity';


export class ProvinceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'GP' }) code: string;
  @ApiProperty({ example: 'Gauteng' }) name: string;
}

export class DistrictDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) provinceId: string;
  @ApiProperty({ example: 'City of Tshwane' }) name: string;
}

export class CreateDistrictDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() provinceId: string;
  @ApiProperty({ example: 'City of Tshwane' }) @Trim() @IsString() @Length(2, 120) name: string;
}

export class DistrictQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() provinceId?: string;
}

export class ClinicDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'GP-TSH-001' }) code: string;
  @ApiProperty({ example: 'Pretoria Central Police Station Clinic' }) name: string;
  @ApiProperty({ enum: CLINIC_KINDS, enumName: 'ClinicKind' }) kind: ClinicKind;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ format: 'uuid' }) provinceId: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) latitude: number | null;
  @ApiProperty({ type: Number, nullable: true }) longitude: number | null;
}

export class CreateClinicDto {
  @ApiProperty({ example: 'GP-TSH-001' })
  @Matches(/^[A-Z0-9-]{2,32}$/, { message: 'code must be 2-32 capital letters, digits or dashes' })
  code: string;
  @ApiProperty() @Trim() @IsString() @Length(2, 160) name: string;
  @ApiProperty({ enum: CLINIC_KINDS, enumName: 'ClinicKind' }) @IsIn(CLINIC_KINDS) kind: ClinicKind;
  @ApiProperty({ format: 'uuid' }) @IsUUID() districtId: string;
  @ApiPropertyOptional() @OptionalNotNull() @Trim() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ example: -25.7479 }) @OptionalNotNull() @IsNumber() @IsLatitude() latitude?: number;
  @ApiPropertyOptional({ example: 28.2293 }) @OptionalNotNull() @IsNumber() @IsLongitude() longitude?: number;
}

export class ClinicQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() provinceId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() districtId?: string;
  @ApiPropertyOptional({ enum: CLINIC_KINDS, enumName: 'ClinicKind' }) @IsOptional() @IsIn(CLINIC_KINDS) kind?: ClinicKind;
}

export const toProvinceDto = (p: ProvinceEntity): ProvinceDto => ({ id: p.id, code: p.code, name: p.name });
export const toDistrictDto = (d: DistrictEntity): DistrictDto => ({ id: d.id, provinceId: d.provinceId, name: d.name });
export const toClinicDto = (c: ClinicEntity): ClinicDto => ({
  id: c.id,
  code: c.code,
  name: c.name,
  kind: c.kind,
  districtId: c.districtId,
  provinceId: c.provinceId,
  address: c.address,
  latitude: c.latitude === null ? null : Number(c.latitude),
  longitude: c.longitude === null ? null : Number(c.longitude),
});
