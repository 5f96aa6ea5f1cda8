import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { IdParam } from '../common/http/id-param';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { ReferralQueryDto, ReferralResponseDto, UpdateReferralStatusDto } from './referral.dto';
import { ReferralsService } from './referrals.service';

const NO_REFERRAL = { description: 'No such referral, or its patient is outside your jurisdiction', type: ErrorResponseDto };

@ApiTags('Clinical Workflow')
@AuditResource('referral')
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: "A patient's or a visit's referrals with their status history, newest first" })
  @ApiPageResponse(ReferralResponseDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging; patientId or visitId is required', type: ErrorResponseDto })
  listReferrals(@CurrentUser() caller: AuthUser, @Query() query: ReferralQueryDto): Promise<Page<ReferralResponseDto>> {
    return this.referrals.list(caller, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.VisitsRead)
  @AuditRead()
  @ApiOperation({ summary: 'A referral with its status history' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_REFERRAL)
  getReferral(@CurrentUser() caller: AuthUser, @IdParam() id: string): Promise<ReferralResponseDto> {
    return this.referrals.get(caller, id);
  }

  @Post(':id/status')
  @RequirePermissions(Permission.ReferralsWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Change a referral's status (pending → sent → accepted/declined → completed, or cancelled)" })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or invalid fields', type: ErrorResponseDto })
  @ApiNotFoundResponse(NO_REFERRAL)
  @ApiConflictResponse({ description: 'REFERRAL_STATUS: not allowed from the current status (the message names what is)', type: ErrorResponseDto })
  updateReferralStatus(@CurrentUser() caller: AuthUser, @IdParam() id: string, @Body() dto: UpdateReferralStatusDto): Promise<ReferralResponseDto> {
    return this.referrals.updateStatus(caller, id, dto);
  }
}
