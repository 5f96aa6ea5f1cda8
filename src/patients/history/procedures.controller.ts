import { PatientIdParam } from '../patient-id.param';
import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRead, AuditResource } from '../../common/audit/audit.decorators';
import { CurrentUser, RequirePermissions } from '../../common/auth/auth.decorators';
import type { AuthUser } from '../../common/auth/auth-user';
import { Permission } from '../../common/auth/permissions';
import { ApiPageResponse, Page } from '../../common/pagination/pagination';
import { ApiPatientIdParam, badRequest, ENTRY_NOT_FOUND, EntryIdParam, PATIENT_NOT_FOUND, UPDATE_CONFLICT } from './history-common';
import { ProcedureQueryDto, ProcedureResponseDto, RecordProcedureDto, UpdateProcedureDto } from './procedure.dto';
import { ProceduresService } from './procedures.service';

@ApiTags('Patients')
@ApiPatientIdParam()
@AuditResource('patient')
@Controller('patients/:id/procedures')
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Get()
  @RequirePermissions(Permission.PatientsRead)
  @AuditRead()
  @ApiOperation({ summary: "List a patient's procedures, latest first" })
  @ApiPageResponse(ProcedureResponseDto)
  @ApiBadRequestResponse(badRequest('filters or paging'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  listPatientProcedures(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Query() query: ProcedureQueryDto): Promise<Page<ProcedureResponseDto>> {
    return this.procedures.list(caller, id, query);
  }

  @Post()
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Record a procedure done here or elsewhere' })
  @ApiCreatedResponse({ type: ProcedureResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(PATIENT_NOT_FOUND)
  recordPatientProcedure(@CurrentUser() caller: AuthUser, @PatientIdParam() id: string, @Body() dto: RecordProcedureDto): Promise<ProcedureResponseDto> {
    return this.procedures.record(caller, id, dto);
  }

  @Patch(':procedureId')
  @RequirePermissions(Permission.HistoryWrite)
  @ApiOperation({ summary: 'Update a procedure: code, who, where, notes, or mark it entered_in_error with a reason' })
  @ApiOkResponse({ type: ProcedureResponseDto })
  @ApiBadRequestResponse(badRequest('fields'))
  @ApiNotFoundResponse(ENTRY_NOT_FOUND)
  @ApiConflictResponse(UPDATE_CONFLICT)
  updatePatientProcedure(
    @CurrentUser() caller: AuthUser,
    @PatientIdParam() id: string,
    @EntryIdParam('procedureId') procedureId: string,
    @Body() dto: UpdateProcedureDto,
  ): Promise<ProcedureResponseDto> {
    return this.procedures.update(caller, id, procedureId, dto);
  }
}
