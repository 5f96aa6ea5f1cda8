import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND, UPDATE_CONFLICT } from './history-common';
import { MedicationQueryDto, MedicationResponseDto, RecordMedicationDto, UpdateMedicationDto } from './medication.dto';
import { MedicationsService } from './medications.service';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/medications')
export class MedicationsController {
  constructor(private readonly medications: MedicationsService) {}

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's medications, current and past" })
  @ApiPageResponse(MedicationResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientMedications(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: MedicationQueryDto): Promise<Page<MedicationResponseDto>> {
    return this.medications.list(caller, id, query);
  }

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Record a medication the patient takes or took (prescriptions from visits are added by the Clinical Workflow)' })
  @ApiCreatedResponse({ type: MedicationResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  recordPatientMedication(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: RecordMedicationDto): Promise<MedicationResponseDto> {
    return this.medications.recordForPatient(caller, id, dto);
  }

  @Patch(':medicationId')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Update a medication: stop it, change its dose, or mark it entered_in_error with a reason' })
  @ApiOkResponse({ type: MedicationResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse(UPDATE_CONFLICT)
  updatePatientMedication(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('medicationId') medicationId: string,
    @Body() dto: UpdateMedicationDto,
  ): Promise<MedicationResponseDto> {
    return this.medications.update(caller, id, medicationId, dto);
  }
}
