import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { IdParam } from '../common/http/id-param';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { CreateUserDto, UpdateUserDto, UserDto, UserQueryDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('Identity')
@AuditResource('user')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermissions(Permission.UsersRead)
  @ApiOperation({ summary: 'List staff users in your jurisdiction' })
  @ApiPageResponse(UserDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  listUsers(@CurrentUser() caller: AuthUser, @Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(caller, query);
  }

  @Post()
  @RequirePermissions(Permission.UsersManage)
  @ApiOperation({ summary: 'Create a staff user with a role and jurisdiction' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, a weak password, or a role or place that does not exist', type: ErrorResponseDto })
  @ApiForbiddenResponse({
    description:
      'JURISDICTION_OUTSIDE_SCOPE: the jurisdiction is not inside your own; ROLE_EXCEEDS_YOURS: the role grants a permission you do not hold',
    type: ErrorResponseDto,
  })
  @ApiConflictResponse({ description: 'E-mail already in use', type: ErrorResponseDto })
  createUser(@CurrentUser() caller: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(caller, dto);
  }

  @Get(':id')
  @RequirePermissions(Permission.UsersRead)
  @AuditRead()
  @ApiOperation({ summary: 'Get a staff user' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such user in your jurisdiction', type: ErrorResponseDto })
  getUser(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<UserDto> {
    return this.users.get(caller, id);
  }

  @Patch(':id')
  @RequirePermissions(Permission.UsersManage)
  @ApiOperation({ summary: "Update a user's name, phone, role or jurisdiction" })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, invalid fields, or a role or place that does not exist', type: ErrorResponseDto })
  @ApiForbiddenResponse({
    description:
      'SELF_ESCALATION: you cannot change your own role or jurisdiction; JURISDICTION_OUTSIDE_SCOPE: the jurisdiction is not inside your own; ' +
      'ROLE_EXCEEDS_YOURS: the role grants a permission you do not hold',
    type: ErrorResponseDto,
  })
  @ApiNotFoundResponse({ description: 'No such user in your jurisdiction', type: ErrorResponseDto })
  updateUser(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(caller, id, dto);
  }

  @Post(':id/deactivate')
  @RequirePermissions(Permission.UsersManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deactivate a user; their tokens stop working at once' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiForbiddenResponse({ description: 'SELF_DEACTIVATION: you cannot deactivate your own account', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such user in your jurisdiction', type: ErrorResponseDto })
  deactivateUser(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<UserDto> {
    return this.users.setActive(caller, id, false);
  }

  @Post(':id/reactivate')
  @RequirePermissions(Permission.UsersManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such user in your jurisdiction', type: ErrorResponseDto })
  reactivateUser(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<UserDto> {
    return this.users.setActive(caller, id, true);
  }
}
