import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermissions } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { Permission } from '../auth/permissions';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { ApiPageResponse, Page } from '../pagination/pagination';
import { AuditEntryDto, AuditQueryDto, AuditVerificationDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('Audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermissions(Permission.AuditRead)
  @ApiOperation({ summary: 'Search the audit trail, newest first' })
  @ApiPageResponse(AuditEntryDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging', type: ErrorResponseDto })
  @ApiForbiddenResponse({ description: `Requires ${Permission.AuditRead}; NATIONAL_SCOPE_REQUIRED: national jurisdiction only`, type: ErrorResponseDto })
  listAuditEntries(@CurrentUser() caller: AuthUser, @Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.list(caller, query);
  }

  @Get('verify')
  @RequirePermissions(Permission.AuditRead)
  @ApiOperation({ summary: 'Check the hash chain of the whole audit trail' })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiForbiddenResponse({ description: `Requires ${Permission.AuditRead}; NATIONAL_SCOPE_REQUIRED: national jurisdiction only`, type: ErrorResponseDto })
  verifyAuditChain(@CurrentUser() caller: AuthUser): Promise<AuditVerificationDto> {
    return this.audit.verify(caller);
  }
}
