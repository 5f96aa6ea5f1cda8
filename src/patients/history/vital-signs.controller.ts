import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, EnteredInErrorDto, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND } from './history-common';
import { VitalSignsDto, VitalSignsQueryDto, VitalSignsResponseDto } from './vital-signs.dto';
import { VitalSignsService } from './vital-signs.service';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/vital-signs')
export class VitalSignsController {
  constructor(private readonly vitals: VitalSignsService) {}

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({
    summary: 'Record a vital-signs snapshot outside a visit (BMI is computed from weight and height)',
    description: 'Each measurement is range-checked against physiological limits; at least one is required; a blood pressure needs both numbers.',
  })
  @ApiCreatedResponse({ type: VitalSignsResponseDto })
  @ApiBadRequestResponse({ description: 'A measurement out of range or malformed, none given, or a half blood pressure (one detail per field)', type: ErrorResponseDto })
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  recordPatientVitalSigns(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: VitalSignsDto): Promise<VitalSignsResponseDto> {
    return this.vitals.recordForPatient(caller, id, dto);
  }

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's vital signs, latest first" })
  @ApiPageResponse(VitalSignsResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientVitalSigns(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: VitalSignsQueryDto): Promise<Page<VitalSignsResponseDto>> {
    return this.vitals.list(caller, id, query);
  }

  @Post(':vitalSignsId/entered-in-error')
  @RequirePermissions(Permission.HistoryWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a vital-signs snapshot entered in error, with the reason (it is kept, not deleted)' })
  @ApiOkResponse({ type: VitalSignsResponseDto })
  @ApiBadRequestResponse(badRequest('reason'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse({ description: 'HISTORY_ENTERED_IN_ERROR: already marked', type: ErrorResponseDto })
  markPatientVitalSignsEnteredInError(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('vitalSignsId') vitalSignsId: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<VitalSignsResponseDto> {
    return this.vitals.markEnteredInError(caller, id, vitalSignsId, dto.reason);
  }
}
