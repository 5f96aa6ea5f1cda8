import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { AllergiesService } from './allergies.service';
import { AllergyQueryDto, AllergyResponseDto, AllergyStatusResponseDto, RecordAllergyDto, SetAllergyStatusDto, UpdateAllergyDto } from './allergy.dto';
import { ApiPatientIdParam, badRequest, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND, UPDATE_CONFLICT } from './history-common';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id')
export class AllergiesController {
  constructor(private readonly allergies: AllergiesService) {}

  @Get('allergies')
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's allergies (entered-in-error entries only when asked for by status)" })
  @ApiPageResponse(AllergyResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientAllergies(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: AllergyQueryDto): Promise<Page<AllergyResponseDto>> {
    return this.allergies.list(caller, id, query);
  }

  @Post('allergies')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Record an active allergy; the patient\'s allergy status becomes has_allergies' })
  @ApiCreatedResponse({ type: AllergyResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  @ApiConflictResponse({ description: 'ALLERGY_ALREADY_RECORDED: an active allergy to this substance exists', type: ErrorResponseDto })
  recordPatientAllergy(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: RecordAllergyDto): Promise<AllergyResponseDto> {
    return this.allergies.record(caller, id, dto);
  }

  @Patch('allergies/:allergyId')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({
    summary: 'Update an allergy: severity, reaction, status (resolve it, or mark it entered_in_error with a reason)',
    description: 'When no active allergy remains, the allergy status goes back to unknown (not to no_known_allergies: that needs a clinician to ask).',
  })
  @ApiOkResponse({ type: AllergyResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse(UPDATE_CONFLICT)
  updatePatientAllergy(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('allergyId') allergyId: string,
    @Body() dto: UpdateAllergyDto,
  ): Promise<AllergyResponseDto> {
    return this.allergies.update(caller, id, allergyId, dto);
  }

  @Put('allergy-status')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({
    summary: "Declare the patient's allergy status",
    description: 'no_known_allergies (or unknown) is refused while an allergy is active; has_allergies follows from recording one.',
  })
  @ApiOkResponse({ type: AllergyStatusResponseDto })
  @ApiBadRequestResponse(badRequest('status'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  @ApiConflictResponse({ description: 'ALLERGIES_ACTIVE: active allergies contradict the status; NO_ACTIVE_ALLERGIES: record the allergy instead', type: ErrorResponseDto })
  setPatientAllergyStatus(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: SetAllergyStatusDto): Promise<AllergyStatusResponseDto> {
    return this.allergies.setStatus(caller, id, dto.status);
  }
}
