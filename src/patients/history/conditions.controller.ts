import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ConditionQueryDto, ConditionResponseDto, RecordConditionDto, UpdateConditionDto } from './condition.dto';
import { ConditionsService } from './conditions.service';
import { ApiPatientIdParam, badRequest, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND, UPDATE_CONFLICT } from './history-common';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/conditions')
export class ConditionsController {
  constructor(private readonly conditions: ConditionsService) {}

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's chronic and past conditions" })
  @ApiPageResponse(ConditionResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientConditions(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: ConditionQueryDto): Promise<Page<ConditionResponseDto>> {
    return this.conditions.list(caller, id, query);
  }

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Record a chronic or past condition by its ICD-10 code' })
  @ApiCreatedResponse({ type: ConditionResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or an ICD-10 code that does not exist or is not valid for use (field icd10Code)', type: ErrorResponseDto })
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  @ApiConflictResponse({ description: 'CONDITION_ALREADY_RECORDED: the code is already an active condition', type: ErrorResponseDto })
  recordPatientCondition(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: RecordConditionDto): Promise<ConditionResponseDto> {
    return this.conditions.record(caller, id, dto);
  }

  @Patch(':conditionId')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Update a condition: status (resolve it, or mark it entered_in_error with a reason), dates, notes' })
  @ApiOkResponse({ type: ConditionResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse(UPDATE_CONFLICT)
  updatePatientCondition(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('conditionId') conditionId: string,
    @Body() dto: UpdateConditionDto,
  ): Promise<ConditionResponseDto> {
    return this.conditions.update(caller, id, conditionId, dto);
  }
}
