import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AnyAuthenticatedUser, CurrentUser, Public } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { CredentialRateLimit } from '../common/auth/credential-rate-limit';
import { AuditResource, markAuditActor } from '../common/audit/audit.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import type { AppRequest } from '../common/http/app-request';
import { clientAddress } from '../common/http/client-address';
import {
  ChangePasswordDto,
  ForgotPasswordDto,
  LoginDto,
  LoginResponseDto,
  MessageDto,
  RefreshDto,
  ResetPasswordDto,
  TokenPairDto,
  TokenVerificationDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentUserDto, UpdateOwnProfileDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('Identity')
@AuditResource('session')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or account locked', type: ErrorResponseDto })
  async login(@Body() dto: LoginDto, @Req() req: AppRequest): Promise<LoginResponseDto> {
    const result = await this.auth.login(dto.email, dto.password, { ip: clientAddress(req), userAgent: req.headers['user-agent'] ?? null });
    markAuditActor(req, result.user);
    return result;
  }

  @Post('refresh')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (the old one is spent)' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused refresh token', type: ErrorResponseDto })
  refreshTokens(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @AnyAuthenticatedUser()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working' })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Get('me')
  @AnyAuthenticatedUser()
  @ApiOperation({ summary: 'The signed-in user, with role, permissions and jurisdiction' })
  @ApiOkResponse({ type: CurrentUserDto })
  getCurrentUser(@CurrentUser() user: AuthUser): Promise<CurrentUserDto> {
    return this.users.currentUser(user.id);
  }

  @Patch('me')
  @AnyAuthenticatedUser()
  @ApiOperation({ summary: 'Update your own name or phone (not your role or jurisdiction)' })
  @ApiOkResponse({ type: CurrentUserDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  updateOwnProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateOwnProfileDto): Promise<CurrentUserDto> {
    return this.users.updateOwnProfile(user, dto);
  }

  @Get('verify')
  @AnyAuthenticatedUser()
  @ApiOperation({ summary: 'Check that the access token is valid' })
  @ApiOkResponse({ type: TokenVerificationDto })
  verifyToken(@CurrentUser() user: AuthUser): TokenVerificationDto {
    return { valid: true, userId: user.id, role: user.role, permissions: [...user.permissions].sort() };
  }

  @Post('password/forgot')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'E-mail a single-use password reset link (same answer whether or not the account exists)' })
  @ApiAcceptedResponse({ type: MessageDto })
  @ApiBadRequestResponse({ description: 'Invalid fields', type: ErrorResponseDto })
  async requestPasswordReset(@Body() dto: ForgotPasswordDto): Promise<MessageDto> {
    await this.auth.forgotPassword(dto.email);
    return { message: 'If the address belongs to an active account, a reset link is on its way' };
  }

  @Post('password/reset')
  @Public()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with a reset token; ends every session' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiBadRequestResponse({ description: 'Invalid fields, a weak new password, or a reset token that is invalid, expired or already used', type: ErrorResponseDto })
  resetPassword(@Body() dto: ResetPasswordDto): Promise<void> {
    return this.auth.resetPassword(dto.token, dto.newPassword);
  }

  @Post('password/change')
  @AnyAuthenticatedUser()
  @CredentialRateLimit()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change your password; ends your other sessions' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiBadRequestResponse({ description: 'Invalid fields, a weak new password, or an incorrect currentPassword', type: ErrorResponseDto })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword);
  }
}
