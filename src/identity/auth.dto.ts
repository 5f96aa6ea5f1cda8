import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { NormaliseEmail } from '../common/http/transforms';
import { CurrentUserDto } from './user.dto';


export class LoginDto {
  @ApiProperty({ example: 'admin@clinic.local' }) @NormaliseEmail() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'a long passphrase' }) @IsString() @Length(1, 256) password: string;
}

export class RefreshDto {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'thandi.nkosi@clinic.example' }) @NormaliseEmail() @IsEmail() @MaxLength(254) email: string;
}

export class ResetPasswordDto {
  @ApiProperty() @IsString() @Length(20, 200) token: string;
  @ApiProperty() @IsString() @MaxLength(256) newPassword: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 256) currentPassword: string;
  @ApiProperty() @IsString() @MaxLength(256) newPassword: string;
}

export class TokenPairDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Opaque; single use. Send it to /auth/refresh for a new pair.' }) refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 }) expiresIn: number;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: CurrentUserDto }) user: CurrentUserDto;
}

export class TokenVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: [String] }) permissions: string[];
}

export class MessageDto {
  @ApiProperty() message: string;
}
