import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JURISDICTION_LEVELS, type JurisdictionLevel } from '../common/auth/auth-user';
import { IsE164Phone, NormaliseEmail, OptionalNotNull, Trim } from '../common/http/transforms';
import { PageQueryDto } from '../common/pagination/pagination';
import type { UserEntity } from './user.entity';


export class JurisdictionDto {
  @ApiProperty({ enum: JURISDICTION_LEVELS, enumName: 'JurisdictionLevel' })
  @IsIn(JURISDICTION_LEVELS)
  level: JurisdictionLevel;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for level province' })
  @ValidateIf((o: JurisdictionDto) => o.level === 'province')
  @IsUUID()
  provinceId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for level district' })
  @ValidateIf((o: JurisdictionDto) => o.level === 'district')
  @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for level clinic' })
  @ValidateIf((o: JurisdictionDto) => o.level === 'clinic')
  @IsUUID()
  clinicId?: string;
}

export class JurisdictionResponseDto {
  @ApiProperty({ enum: JURISDICTION_LEVELS, enumName: 'JurisdictionLevel' }) level: JurisdictionLevel;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) provinceId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) districtId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) clinicId: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'thandi.nkosi@clinic.example' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Thandi Nkosi' })
  @Trim()
  @IsString()
  @Length(2, 160)
  fullName: string;

  @ApiPropertyOptional({ example: '+27821234567', description: 'E.164' })
  @IsOptional()
  @IsE164Phone()
  phone?: string;

  @ApiProperty({ description: 'Initial password; at least 12 characters, not common', example: 'violet-harbour-tractor' })
  @IsString()
  @MaxLength(256)
  password: string;

  @ApiProperty({ example: 'nurse', description: 'Role name' })
  @IsString()
  @MaxLength(64)
  role: string;

  @ApiProperty({ type: JurisdictionDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => JurisdictionDto)
  jurisdiction: JurisdictionDto;
}

/** What a signed-in user may change about themselves: not their role, not their jurisdiction. */
export class UpdateOwnProfileDto {
  @ApiPropertyOptional() @OptionalNotNull() @Trim() @IsString() @Length(2, 160) fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+27821234567' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsE164Phone()
  phone?: string | null;
}

/** What an administrator may change about a user. */
export class UpdateUserDto extends UpdateOwnProfileDto {
  @ApiPropertyOptional({ example: 'doctor' }) @OptionalNotNull() @IsString() @MaxLength(64) role?: string;

  @ApiPropertyOptional({ type: JurisdictionDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => JurisdictionDto)
  jurisdiction?: JurisdictionDto;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Start of the name or e-mail' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'nurse' }) @IsOptional() @IsString() @MaxLength(64) role?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  isActive?: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ example: 'nurse' }) role: string;
  @ApiProperty({ type: JurisdictionResponseDto }) jurisdiction: JurisdictionResponseDto;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastLoginAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class CurrentUserDto extends UserDto {
  @ApiProperty({ type: [String], example: ['patients:read'] }) permissions: string[];
}

export function toUserDto(user: UserEntity & { role: { name: string } }): UserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    phone: user.phone,
    role: user.role.name,
    jurisdiction: {
      level: user.jurisdictionLevel,
      provinceId: user.provinceId,
      districtId: user.districtId,
      clinicId: user.clinicId,
    },
    isActive: user.isActive,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
