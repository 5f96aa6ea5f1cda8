import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../common/auth/auth.decorators';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { ControlledRegisterEntryDto, ControlledRegisterQueryDto } from './dispensing.dto';
import { DispensingService } from './dispensing.service';

@ApiTags('Pharmacy')
@AuditResource('controlled_drug_register')
@Controller('pharmacy/controlled-register')
export class ControlledRegisterController {
  constructor(private readonly dispensing: DispensingService) {}

  @Get()
  @RequirePermissions(Permission.PharmacyDispenseControlled)
  @AuditRead()
  @ApiOperation({ summary: 'The controlled-drug register (schedules 5 and 6) of the stock locations in your jurisdiction, newest first' })
  @ApiPageResponse(ControlledRegisterEntryDto)
  @ApiBadRequestResponse({ description: 'Invalid filters or paging (each named in details)', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'The stock location is not in your jurisdiction', type: ErrorResponseDto })
  listControlledRegister(@CurrentUser() caller: AuthUser, @Query() query: ControlledRegisterQueryDto): Promise<Page<ControlledRegisterEntryDto>> {
    return this.dispensing.controlledRegister(caller, query);
  }
}
