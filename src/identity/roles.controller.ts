import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { IdParam } from '../common/http/id-param';
import { AuditResource } from '../common/audit/audit.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { PermissionDto, RoleDto, SetRolePermissionsDto } from './role.dto';
import { RolesService } from './roles.service';

@ApiTags('Identity')
@AuditResource('role')
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get('permissions')
  @RequirePermissions(Permission.RolesRead)
  @ApiOperation({ summary: 'The permission catalogue' })
  @ApiOkResponse({ type: [PermissionDto] })
  listPermissions(): Promise<PermissionDto[]> {
    return this.roles.listPermissions();
  }

  @Get('roles')
  @RequirePermissions(Permission.RolesRead)
  @ApiOperation({ summary: 'Roles with their permissions' })
  @ApiOkResponse({ type: [RoleDto] })
  listRoles(): Promise<RoleDto[]> {
    return this.roles.list();
  }

  @Get('roles/:id')
  @RequirePermissions(Permission.RolesRead)
  @ApiOperation({ summary: 'One role with its permissions' })
  @ApiOkResponse({ type: RoleDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  getRole(@IdParam() id: string): Promise<RoleDto> {
    return this.roles.get(id);
  }

  @Put('roles/:id/permissions')
  @RequirePermissions(Permission.RolesManage)
  @ApiOperation({ summary: "Replace a role's permissions; holders are affected on their next request" })
  @ApiOkResponse({ type: RoleDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, invalid fields, or unknown permission codes', type: ErrorResponseDto })
  @ApiForbiddenResponse({
    description: `NATIONAL_SCOPE_REQUIRED: only users with national jurisdiction can change roles; SELF_LOCKOUT: removing ${Permission.RolesManage} from your own role would lock you out`,
    type: ErrorResponseDto,
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  setRolePermissions(
    @CurrentUser() caller: AuthUser,
    @IdParam() id: string,
    @Body() dto: SetRolePermissionsDto,
  ): Promise<RoleDto> {
    return this.roles.setPermissions(caller, id, dto.permissions);
  }
}
