import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND, UPDATE_CONFLICT } from './history-common';
import { ImmunizationQueryDto, ImmunizationResponseDto, RecordImmunizationDto, UpdateImmunizationDto } from './immunization.dto';
import { ImmunizationsService } from './immunizations.service';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/immunizations')
export class ImmunizationsController {
  constructor(private readonly immunizations: ImmunizationsService) {}

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's immunizations, latest first" })
  @ApiPageResponse(ImmunizationResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientImmunizations(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: ImmunizationQueryDto): Promise<Page<ImmunizationResponseDto>> {
    return this.immunizations.list(caller, id, query);
  }

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Record an immunization given here or elsewhere' })
  @ApiCreatedResponse({ type: ImmunizationResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  recordPatientImmunization(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: RecordImmunizationDto): Promise<ImmunizationResponseDto> {
    return this.immunizations.record(caller, id, dto);
  }

  @Patch(':immunizationId')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Update an immunization: lot, site, next due date, or mark it entered_in_error with a reason' })
  @ApiOkResponse({ type: ImmunizationResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse(UPDATE_CONFLICT)
  updatePatientImmunization(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('immunizationId') immunizationId: string,
    @Body() dto: UpdateImmunizationDto,
  ): Promise<ImmunizationResponseDto> {
    return this.immunizations.update(caller, id, immunizationId, dto);
  }
}
