import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ClinicalNoteDto, ClinicalNoteQueryDto, ClinicalNoteResponseDto } from './clinical-note.dto';
import { ClinicalNotesService } from './clinical-notes.service';
import { ApiPatientIdParam, badRequest, EnteredInErrorDto, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND } from './history-common';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/notes')
export class ClinicalNotesController {
  constructor(private readonly notes: ClinicalNotesService) {}

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Add a clinical note outside a visit: SOAP sections and/or free text' })
  @ApiCreatedResponse({ type: ClinicalNoteResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or no text in any section', type: ErrorResponseDto })
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  addPatientNote(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: ClinicalNoteDto): Promise<ClinicalNoteResponseDto> {
    return this.notes.recordForPatient(caller, id, dto);
  }

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's clinical notes, latest first" })
  @ApiPageResponse(ClinicalNoteResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientNotes(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: ClinicalNoteQueryDto): Promise<Page<ClinicalNoteResponseDto>> {
    return this.notes.list(caller, id, query);
  }

  @Post(':noteId/entered-in-error')
  @RequirePermissions(Permission.HistoryWrite)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a clinical note entered in error, with the reason (it is kept, not deleted)' })
  @ApiOkResponse({ type: ClinicalNoteResponseDto })
  @ApiBadRequestResponse(badRequest('reason'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse({ description: 'HISTORY_ENTERED_IN_ERROR: already marked', type: ErrorResponseDto })
  markPatientNoteEnteredInError(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('noteId') noteId: string,
    @Body() dto: EnteredInErrorDto,
  ): Promise<ClinicalNoteResponseDto> {
    return this.notes.markEnteredInError(caller, id, noteId, dto.reason);
  }
}
