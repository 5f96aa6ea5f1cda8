import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/auth.decorators';
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
  listAuditEntries(@Query() query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    return this.audit.list(query);
  }

  @Get('verify')
  @RequirePermissions(Permission.AuditRead)
  @ApiOperation({ summary: 'Check the hash chain of the whole audit trail' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verifyAuditChain(): Promise<AuditVerificationDto> {
    return this.audit.verify();
  }
}
