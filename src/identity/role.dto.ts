import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, MaxLength } from 'class-validator';

export class PermissionDto {
  @ApiProperty({ example: 'patients:read' }) code: string;
  @ApiProperty() description: string;
}

export class RoleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'nurse' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], example: ['patients:read', 'visits:assess'] }) permissions: string[];
}

export class SetRolePermissionsDto {
  @ApiProperty({ type: [String], description: 'The complete new set of permission codes' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions: string[];
}
